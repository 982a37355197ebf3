"""The catalogue as a .csv: one row per project as the catalogue's filters chose and ordered them, headings and
text in the reader's language, amounts as plain numbers in million VND (12000.5: a spreadsheet in any locale reads
it, where the page's 12.000,5 would not)."""
from decimal import Decimal

from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from projects.models import BudgetLine, Project
from reporting.public import records
from reporting.public.filters import STAGE_CHOICES, stage_of
from socaid.bilingual import printed_text
from socaid.spreadsheets import csv_bytes


def label(model, field):
    return capfirst(model._meta.get_field(field).verbose_name)


def headings():
    return [
        label(Project, "code"), _("Programme"), _("Sector"), _("No."), label(Project, "name"), label(Project, "content"),
        label(Project, "host_agency"), label(Project, "location_text"), _("Administrative units"), _("Official codes"),
        label(Project, "start_year"), label(Project, "end_year"), _("Stage"), label(Project, "status"),
        label(BudgetLine, "total"), label(BudgetLine, "aid_sought"), label(BudgetLine, "counterpart"),
        label(Project, "ngo"), label(Project, "contact_name"), label(Project, "contact_email"),
        label(Project, "contact_phone"), _("Public page"),
    ]


def plain(amount):
    """12000.5, 12000: no grouping, a point for decimals, no trailing zeros; unknown is empty."""
    return "" if amount is None else format(Decimal(amount).normalize(), "f")


def row(project, language):
    units = list(project.admin_units.all())
    stages = dict(STAGE_CHOICES)
    ngo = project.ngo
    return [
        project.code,
        project.programme.number,
        f"{project.sector.numeral}. {printed_text(project.sector, 'name', language)}",
        f"{project.sector.numeral}.{project.position}",
        printed_text(project, "name", language),
        printed_text(project, "content", language),
        printed_text(project.host_agency, "name", language),
        printed_text(project, "location_text", language),
        "; ".join(printed_text(unit, "name", language) for unit in units),
        "; ".join(unit.gso_code for unit in units if unit.gso_code),
        project.start_year,
        project.end_year,
        str(stages[stage_of(project.status)]),
        project.get_status_display(),
        plain(project.total),
        plain(project.aid_sought),
        plain(project.counterpart),
        (printed_text(ngo, "name", language) or ngo.name_original) if ngo else "",
        project.contact_name,
        project.contact_email,
        project.contact_phone,
        records.page_url(project, language) or "",
    ]


def as_bytes(projects, language, on_row=None):
    """``projects``: the catalogue's queryset (CatalogueForm.apply, so with its sums), in its order, read 2,000 at a
    time; ``on_row(n)`` hears of each row written."""
    def rows():
        yield headings()
        for number, project in enumerate(records.with_related(projects).iterator(chunk_size=2000), 1):
            yield row(project, language)
            if on_row:
                on_row(number)

    with translation.override(language):
        return csv_bytes(rows())
