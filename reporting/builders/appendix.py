"""The appendix "Danh mục dự án đề xuất vận động viện trợ phi chính phủ nước ngoài" as plain data.

One builder, three renderers (HTML, PDF, XLSX): every figure of the table,
subtotals and grand total included, is computed here, never in a renderer.
"""
from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from projects.appendix_layout import Amounts, layout_columns
from projects.lifecycle import OFFERED_TO_NGOS, PUBLIC, PUBLISHABLE
from projects.models import BudgetLine, Project
from reporting.builders.heading import Heading, framing_texts, programme_heading, signature_of
from socaid.bilingual import missing_english_note, printed_text


@dataclass
class Row:
    """A printed row: a project (number set) or a further budget line of the project above (number empty)."""

    number: str
    name: str
    agency: str
    location: str
    period: str
    content: str
    amounts: Amounts
    notes: str
    derived: bool = False

    @property
    def is_project(self):
        return bool(self.number)


@dataclass
class SectorGroup:
    numeral: str
    name: str
    subtotal: Amounts
    rows: list = field(default_factory=list)


@dataclass
class Appendix:
    heading: Heading
    language: str
    roles: list  # the columns' roles, in the order of projects.appendix_layout
    columns: list  # their headings
    with_content: bool
    groups: list
    total: Amounts
    project_count: int
    signature: object = None
    total_label: str = ""
    notes: list = field(default_factory=list)

    @property
    def row_count(self):
        return sum(len(group.rows) + 1 for group in self.groups) + 1


def default_statuses(language, public=False):
    """What the appendix prints when nobody chose: what a published document may list, and for the English edition,
    which NGO workshops use, only what is offered to NGOs. Drafts and withdrawn projects never, unless asked for.
    The public edition, in either language, everything the public side shows: sought, funded and done."""
    chosen = PUBLIC if public else OFFERED_TO_NGOS if language == "en" else PUBLISHABLE
    return [status for status in Project.Status.values if status in chosen]


def appendix_queryset(programme, *, statuses, sector=None, host_agency=None, unit=None, within=None, public=False):
    # The public edition starts from the public side's one door, so that no choice of statuses can reach past it.
    projects = (Project.objects.public() if public else Project.objects.all()).in_programme(programme).filter(status__in=statuses)
    if within is not None:  # the projects the person asking may see
        projects = projects.filter(pk__in=within.values("pk"))
    if sector:
        projects = projects.filter(sector=sector)
    if host_agency:
        projects = projects.filter(host_agency=host_agency)
    if unit:
        projects = projects.in_unit(unit)
    return projects


def appendix_size(programme, *, language="vi", statuses=None, sector=None, host_agency=None, unit=None, within=None, public=False, **_layout):
    """How many projects ``build_appendix`` with these choices lists, counted by one query without building it."""
    statuses = [status for status in Project.Status.values if status in set(statuses or default_statuses(language, public))]
    return appendix_queryset(programme, statuses=statuses, sector=sector, host_agency=host_agency, unit=unit, within=within, public=public).count()


def build_appendix(
    programme, *, language="vi", with_content=True, statuses=None, sector=None, host_agency=None, unit=None, within=None, signature=False,
    public=False,
):
    """The appendix of ``programme`` for the chosen projects, in three queries whatever their number.

    ``statuses``: the statuses printed, by default ``default_statuses(language, public)``; the heading names them.
    ``public``: the edition anyone may download (reporting/public/appendix_downloads.py): only what
    ``Project.objects.public()`` reads, whatever ``statuses`` says, and never signed (a signature belongs to the
    act the province issued, not to a list printed on demand).
    """
    statuses = [status for status in Project.Status.values if status in set(statuses or default_statuses(language, public))]
    projects = (
        appendix_queryset(programme, statuses=statuses, sector=sector, host_agency=host_agency, unit=unit, within=within, public=public)
        .select_related("sector", "host_agency")
        .prefetch_related(Prefetch("lines", queryset=BudgetLine.objects.order_by("position")))
        .in_appendix_order()
    )
    with translation.override(language):
        groups, total, count = _groups(projects, language, with_content)
        heading = programme_heading(
            programme,
            language,
            [
                _("LIST OF PROJECTS PROPOSED FOR FOREIGN NON-GOVERNMENTAL AID"),
                _("PERIOD %(start)s-%(end)s") % {"start": programme.start_year, "end": programme.end_year},
            ],
            unit=pgettext("appendix heading", "Unit: million VND"),
            filters=_filter_lines(statuses, sector, host_agency, unit, language),
        )
        signature_block = signature_of(programme, language) if signature and not public else None
        texts = [text for group in groups for text in (group.name, *(value for row in group.rows for value in vars(row).values()))]
        notes = _notes(groups) + missing_english_note([*texts, *framing_texts(heading, signature_block)], language)
        return Appendix(
            heading=heading,
            language=language,
            roles=[column.role for column in layout_columns(with_content=with_content)],
            columns=[str(column.label) for column in layout_columns(with_content=with_content)],
            with_content=with_content,
            groups=groups,
            total=total,
            project_count=count,
            signature=signature_block,
            total_label=str(_("Grand total:")),
            notes=[str(n) for n in notes],
        )


def _groups(projects, language, with_content):
    groups, total, count, current = [], Amounts(), 0, None
    for project in projects:
        if current is None or current.numeral != project.sector.numeral:
            current = SectorGroup(numeral=project.sector.numeral, name=printed_text(project.sector, "name", language), subtotal=Amounts())
            groups.append(current)
        count += 1
        current.rows.extend(_rows(project, language, with_content))
    for group in groups:
        for row in group.rows:
            group.subtotal.add(row.amounts)
        total.add(group.subtotal)
    return groups, total, count


def _notes(groups):
    """What a reader needs to read the figures: where derived amounts come from, what "-" and an empty cell mean."""
    derived = _projects_where(groups, lambda row: row.derived)
    unknown = _projects_where(groups, lambda row: None in row.amounts.as_tuple())
    notes = []
    if derived:
        notes.append(
            _(
                "Amounts marked “derived from the content” (%(projects)s) are printed in the source document but were lost "
                "when its text was extracted; they are restored from the project's content, and the sector subtotal the "
                "source prints includes them."
            ) % {"projects": ", ".join(derived)}
        )
    legend = _("“-”: zero; an empty cell: an amount not yet known")
    notes.append(_("%(legend)s (%(projects)s).") % {"legend": legend, "projects": ", ".join(unknown)} if unknown else f"{legend}.")
    return notes


def _projects_where(groups, test):
    """The projects ("II.6") with a row that passes ``test``, in print order."""
    found = []
    for group in groups:
        number = ""
        for row in group.rows:
            number = row.number or number
            reference = f"{group.numeral}.{number}"
            if test(row) and reference not in found:
                found.append(reference)
    return found


def _rows(project, language, with_content):
    """The project's row, carrying its first budget line as the source prints it, then one row per further line."""
    lines = list(project.lines.all()) or [BudgetLine(position=1)]
    several = len(lines) > 1
    derived_note = str(_("derived from the content"))
    rows = []
    for index, line in enumerate(lines):
        first = index == 0
        content = printed_text(line, "description", language) if several else printed_text(project, "content", language)
        content_of_line = printed_text(line, "description", language)
        notes = [printed_text(project, "notes", language)] if first else []
        notes.append(printed_text(line, "notes", language))
        if line.is_derived:
            notes.append(f"({derived_note})")
        rows.append(
            Row(
                number=str(project.position) if first else "",
                # Without the content column a further line still says what it pays for.
                name=printed_text(project, "name", language) if first else ("" if with_content else content_of_line),
                agency=project.host_agency.printed_name(language, marked=True) if first else "",
                location=printed_text(project, "location_text", language) if first else "",
                period=project.period_label if first else "",
                content=content if with_content else "",
                amounts=Amounts(line.total, line.aid_sought, line.counterpart),
                notes="\n".join(note for note in notes if note),
                derived=line.is_derived,
            )
        )
    return rows


def _filter_lines(statuses, sector, host_agency, unit, language):
    lines = [_statuses_line(statuses)]
    if sector:
        lines.append(_("Sector: %(sector)s") % {"sector": printed_text(sector, "name", language)})
    if host_agency:
        lines.append(_("Host agency: %(agency)s") % {"agency": printed_text(host_agency, "name", language)})
    if unit:
        lines.append(_("Administrative unit: %(unit)s") % {"unit": printed_text(unit, "name", language)})
    return [str(line) for line in lines]


def _statuses_line(statuses):
    """Which statuses the document holds, said in the document itself: a reader must know whether drafts are in it."""
    if set(statuses) == PUBLISHABLE:
        return _("Projects accepted into the bank and further along, withdrawn projects excepted")
    if set(statuses) == PUBLIC:
        return _("Projects offered to NGOs, with those already funded, being implemented or completed")
    labels = dict(Project.Status.choices)
    return _("Status: %(statuses)s") % {"statuses": ", ".join(str(labels[status]) for status in statuses)}
