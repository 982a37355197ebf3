"""A project's public page: what an NGO needs to consider funding it, and what has been funded already.

Everything is read through ``Project.objects.public()``: a project that is not (or no longer) public is a 404, as
is an unknown code. The page runs the same few queries however many budget lines or units the project has.
"""
from dataclasses import dataclass

from django.db.models import Prefetch, Q
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from partners.models import AdministrativeUnit
from projects.amounts import thousandth, usd_equivalent
from projects.models import Programme, Project, UsdRate
from reporting.builders.summary.lines import ACCEPTED
from reporting.models import ReportLine
from reporting.public.pages import public_page
from socaid.bilingual import in_language, missing_english_note, printed_text

Status = Project.Status

# The status as an NGO reads it: what the province asks of it, not the bank's workflow step.
PUBLIC_STATUS = {
    Status.PUBLISHED: _("Seeking aid"),
    Status.NEGOTIATION: _("In talks with an NGO"),
    Status.COMMITTED: _("Funded: an NGO has committed aid"),
    Status.APPROVED: _("Funded and approved"),
    Status.IMPLEMENTING: _("Being carried out"),
    Status.COMPLETED: _("Completed"),
}


@dataclass
class Shown:
    """A text in the reader's language; ``lang`` is "vi" where Vietnamese stands in for missing English, so that the
    page tags it for screen readers and translators."""

    text: str
    lang: str = ""


def shown(obj, field, language):
    text = printed_text(obj, field, language)
    falls_back = language == "en" and text and not (getattr(obj, f"{field}_en", "") or "")
    return Shown(text, "vi" if falls_back else "")


@dataclass
class Figures:
    """An amount in million VND and its USD equivalent (None without a rate)."""

    total: object
    aid_sought: object
    counterpart: object
    usd_total: object = None
    usd_aid_sought: object = None
    usd_counterpart: object = None

    @classmethod
    def of(cls, row, rate):
        vnd_per_usd = rate.vnd_per_usd if rate else None
        return cls(
            row.total, row.aid_sought, row.counterpart,
            usd_equivalent(row.total, vnd_per_usd), usd_equivalent(row.aid_sought, vnd_per_usd), usd_equivalent(row.counterpart, vnd_per_usd),
        )


@dataclass
class Contact:
    """Whom an NGO writes to about the project: the person the project names, else its host agency, else the
    coordinating department. Only addresses published for that purpose, never an officer's or a user's."""

    organisation: str
    person: str = ""
    email: str = ""
    phone: str = ""
    address: str = ""


def project_contact(project, language, today=None):
    host = in_language(project.host_agency, "name", language)
    if project.contact_name or project.contact_email or project.contact_phone:
        return Contact(host, project.contact_name, project.contact_email, project.contact_phone)
    agency = project.host_agency
    if agency.email or agency.phone or agency.address:
        return Contact(host, email=agency.email, phone=agency.phone, address=agency.address)
    department = project.programme.coordinator
    if not department.is_valid_on(today or timezone.localdate()):
        # A reform merged the programme's department away (Sở Kế hoạch và Đầu tư in 2025): write to today's.
        running = Programme.objects.current(today)
        department = running.coordinator if running else department
    return Contact(in_language(department, "name", language), email=department.email, phone=department.phone, address=department.address)


def reported_to_date(project):
    """Aid committed and disbursed to date by the latest accepted annual report that has a line for the project, in
    million VND at that line's own rate as the summary converts it (None while the rate is missing)."""
    line = (
        ReportLine.objects.filter(report__status=ACCEPTED, project=project)
        .select_related("report__round")
        .order_by("-report__round__year", "-pk")
        .first()
    )
    if line is None:
        return None
    return {
        "year": line.report.round.year,
        "committed": thousandth(line.million_vnd("committed_total")),
        "disbursed": thousandth(line.million_vnd("disbursed_total")),
    }


def public_project(code):
    projects = (
        Project.objects.public()
        .select_related("programme__coordinator", "sector", "host_agency", "ngo")
        .prefetch_related(
            Prefetch("lines", to_attr="line_list"),
            Prefetch("admin_units", queryset=AdministrativeUnit.objects.select_related("parent"), to_attr="unit_list"),
        )
        .with_totals()
    )
    return get_object_or_404(projects, code=code)


def related_projects(project):
    """The same project in another programme, when that one is public too: where it came from, where it went."""
    related = list(
        Project.objects.public().filter(Q(pk=project.carried_over_from_id) | Q(carried_over_from=project)).select_related("programme")
    )
    return (
        next((other for other in related if other.pk == project.carried_over_from_id), None),
        [other for other in related if other.carried_over_from_id == project.pk],
    )


@public_page
def project_page(request, code):
    language = request.public_language
    project = public_project(code)
    rate = UsdRate.objects.current()
    carried_from, carried_to = related_projects(project)
    lines = [(line, shown(line, "description", language), Figures.of(line, rate)) for line in project.line_list]
    texts = {field: shown(project, field, language) for field in ("name", "location_text", "content", "counterpart_source")}
    return render(
        request,
        "public/project.html",
        {
            "project": project,
            "texts": texts,
            "sector": shown(project.sector, "name", language),
            "programme_title": shown(project.programme, "title", language),
            "host_agency": in_language(project.host_agency, "name", language),
            "units": project.unit_list,
            "lines": lines,
            "totals": Figures.of(project, rate),
            "rate": rate,
            "status": PUBLIC_STATUS[project.status],
            "contact": project_contact(project, language),
            "reported": reported_to_date(project),
            "carried_from": carried_from,
            "carried_to": carried_to,
            "missing_english": missing_english_note([item.text for item in [*texts.values(), *(d for _line, d, _f in lines)]], language),
        },
    )
