"""The workshop pack as plain data: what NGOs take home from a workshop, in English.

For the chosen projects (each must be public: the pack points to its public page), the appendix of their
programme restricted to them (reporting/builders/appendix.py, the public edition), one sheet per project with its
essentials and the absolute address of its public page, and the NGOs attending. Every figure is computed here;
the renderer (reporting/renderers/workshop_pack.py) draws the QR codes and lays out.
"""
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Prefetch
from django.urls import reverse
from django.utils import translation

from projects.appendix_layout import Amounts
from projects.models import BudgetLine, Project
from reporting.builders.appendix import build_appendix
from reporting.formatting import printed_date
from reporting.public.project_page import project_contact
from socaid.bilingual import missing_english_note, printed_text

LANGUAGE = "en"  # the language NGOs read the pack in


@dataclass
class SheetLine:
    description: str
    amounts: Amounts


@dataclass
class ProjectSheet:
    reference: str  # "I.3": its number in the appendix
    code: str
    name: str
    sector: str
    host_agency: str
    location: str
    period: str
    content: str
    lines: list
    total: Amounts
    contact: object
    public_url: str


@dataclass
class Attendee:
    name: str
    country: str


@dataclass
class WorkshopPack:
    title: str
    kind: str
    date: str
    place: str
    organiser: str
    appendices: list
    sheets: list
    ngos: list
    notes: list = field(default_factory=list)


def public_url(project):
    """The absolute address of the project's English public page, as its QR code encodes it."""
    return settings.SITE_URL.rstrip("/") + reverse("public:project", kwargs={"lang": LANGUAGE, "code": project.code})


def pack_projects(codes):
    """The public projects of ``codes``, in appendix order (programme by programme), with what their sheets print;
    ``missing`` holds the codes that name no public project."""
    projects = list(
        Project.objects.public()
        .filter(code__in=codes)
        .select_related("programme__coordinator", "sector", "host_agency")
        .prefetch_related(Prefetch("lines", queryset=BudgetLine.objects.order_by("position"), to_attr="line_list"))
        .order_by("-programme__start_year", "programme__pk", "sector__position", "position")
    )
    found = {project.code for project in projects}
    return projects, [code for code in codes if code not in found]


def build_workshop_pack(engagement, projects):
    """The pack of ``engagement`` for ``projects`` (public ones, as pack_projects() returns them)."""
    with translation.override(LANGUAGE):
        programmes = list({project.programme_id: project.programme for project in projects}.values())
        chosen = Project.objects.filter(pk__in=[project.pk for project in projects])
        appendices = [build_appendix(programme, language=LANGUAGE, public=True, within=chosen) for programme in programmes]
        sheets = [_sheet(project) for project in projects]
        texts = [value for sheet in sheets for value in (sheet.name, sheet.host_agency, sheet.location, sheet.content, sheet.sector)]
        texts += [line.description for sheet in sheets for line in sheet.lines]
        return WorkshopPack(
            title=engagement.title,
            kind=str(engagement.get_kind_display()),
            date=printed_date(engagement.date, LANGUAGE, long=True),
            place=engagement.place,
            organiser=engagement.organiser.printed_name(LANGUAGE, marked=True),
            appendices=appendices,
            sheets=sheets,
            ngos=[Attendee(str(ngo), str(ngo.country.name) if ngo.country else "") for ngo in engagement.ngos.order_by("name_original")],
            notes=missing_english_note(texts, LANGUAGE),
        )


def _sheet(project):
    lines, total = [], Amounts()
    for line in project.line_list:
        amounts = Amounts(line.total, line.aid_sought, line.counterpart)
        total.add(amounts)
        lines.append(SheetLine(printed_text(line, "description", LANGUAGE), amounts))
    return ProjectSheet(
        reference=f"{project.sector.numeral}.{project.position}",
        code=project.code,
        name=printed_text(project, "name", LANGUAGE),
        sector=printed_text(project.sector, "name", LANGUAGE),
        host_agency=project.host_agency.printed_name(LANGUAGE, marked=True),
        location=printed_text(project, "location_text", LANGUAGE),
        period=project.period_label,
        content=printed_text(project, "content", LANGUAGE),
        lines=lines,
        total=total,
        contact=project_contact(project, LANGUAGE),
        public_url=public_url(project),
    )
