"""A workbook in the appendix layout, matched to the bank: sectors by numeral, host agencies by code or name
(as the province prints them), projects by sector and number. The Vietnamese edition creates and updates; the
English edition fills the English fields of projects already in the bank."""
from django.utils import translation
from django.utils.translation import gettext as _

from partners.models import Organisation
from projects.appendix_layout import AMOUNT_ROLES
from projects.imports.appendix import parse_appendix
from projects.imports.issues import ERROR, Issue
from projects.imports.matching import Matcher, not_found_message
from projects.imports.plan import CREATE, READ, UNWATCHED, ImportPlan, Record, plan_projects, programme_projects
from projects.imports.workbook import open_spreadsheet
from projects.models import Sector
from socaid.bilingual import is_marked

# What each column of the layout fills, in each edition; a column the file lacks changes nothing.
PROJECT_COLUMNS = {
    "vi": {"name": "name", "location": "location_text", "content": "content", "notes": "notes"},
    "en": {"name": "name_en", "location": "location_text_en", "content": "content_en", "notes": "notes_en"},
}
LINE_COLUMNS = {"vi": {"description": "description", "notes": "notes"}, "en": {"description": "description_en", "notes": "notes_en"}}


def plan_appendix_file(content, name, programme, progress=UNWATCHED):
    progress.stage(READ)  # the layout is read as a whole: its rows are counted when checked
    spreadsheet = open_spreadsheet(content, name)
    parsed = parse_appendix(spreadsheet)
    plan = ImportPlan(kind="appendix", file_name=name, programme=programme, issues=[*spreadsheet.issues, *parsed.issues], differences=parsed.differences)
    sectors = Matcher(Sector.objects.filter(programme=programme), "numeral")
    agencies = Matcher(Organisation.objects.all(), "code", "short_name", "name", "name_en")
    language = parsed.language
    if not parsed.errors and not parsed.projects:
        plan.issues.append(Issue(ERROR, _("The sheet has no project rows below the headings."), sheet=parsed.sheet))
    records = [record for project in parsed.projects if (record := _record(plan, project, parsed, sectors, agencies, language))]
    existing = programme_projects(programme)
    _keep_notes_as_printed(records, existing, language)
    plan_projects(plan, records, existing, progress=progress)
    if language == "en":
        for row in plan.rows:
            if row.action == CREATE:
                plan.issues.append(Issue(ERROR, _("The English edition only completes projects already in the bank; import the Vietnamese edition first."),
                                         sheet=row.record.sheet, row=row.record.row, value=row.record.label))
    return plan


def _record(plan, project, parsed, sectors, agencies, language):
    def error(column, value, message):
        plan.issues.append(Issue(ERROR, message, sheet=project.sheet, row=project.row, column=_header(parsed, column), value=value))

    sector = sectors.find(project.sector)
    if sector is None:
        known = ", ".join(sectors.index.keys()).upper()
        error("number", project.sector, _("The programme has no sector %(numeral)s; its sectors are %(known)s.") % {"numeral": project.sector, "known": known})
        return None
    agency = agencies.find(project.agency)
    if agency is None:
        message = not_found_message(agencies, project.agency, _("Unknown host agency")) if project.agency else _("The project has no host agency.")
        error("agency", project.agency, message)
        return None
    if not project.number.isdigit():
        return None  # the parser has reported it
    fields = {"sector": sector, "position": int(project.number), "host_agency": agency}
    for role, name in PROJECT_COLUMNS[language].items():
        # With several budget lines the content column holds each line's description, not the project's content.
        if role in parsed.columns and not (role == "content" and len(project.lines) > 1):
            fields[name] = _own(getattr(project, role))
    if "period" in parsed.columns and language == "vi":
        fields["start_year"], fields["end_year"] = project.start_year, project.end_year
    lines = []
    several = len(project.lines) > 1
    for index, line in enumerate(project.lines):
        values = {role: line.get(role) for role in AMOUNT_ROLES}  # the amount columns are named after the line's fields
        description, notes = LINE_COLUMNS[language]["description"], LINE_COLUMNS[language]["notes"]
        # The layout carries a line's description only where a project has several lines (in the content column,
        # or the name column of a further line), and the first line's notes only mixed into the project's.
        if several and (index > 0 or "content" in parsed.columns):
            values[description] = _own(line.description)
        if index > 0 and "notes" in parsed.columns:
            values[notes] = _without_derived_mark(_own(line.notes))
        lines.append(values)
    label = f"{sector.numeral}.{project.number} {project.name}"
    return Record(sheet=project.sheet, row=project.row, label=label, fields=fields, lines=lines)


def _keep_notes_as_printed(records, existing, language):
    """The notes cell of a project's row prints the project's notes and its first line's, one under the other;
    when it still reads as the bank would print it, the project's notes are left as they are."""
    field = PROJECT_COLUMNS[language]["notes"]
    line_field = LINE_COLUMNS[language]["notes"]
    printed = {}
    for project in existing:
        first = next(iter(project.lines.all()), None)
        parts = [getattr(project, field), getattr(first, line_field, "") if first else ""]
        printed[(project.sector_id, project.position)] = "\n".join(part for part in parts if part)
    for record in records:
        key = (record.fields["sector"].pk, record.fields["position"])
        if field in record.fields and key in printed and _squash(_without_derived_mark(record.fields[field])) == _squash(printed[key]):
            del record.fields[field]


def _squash(text):
    return " ".join((text or "").split())


def _without_derived_mark(notes):
    """The appendix marks a line whose amount was derived from the text; the mark is not a note of the line."""
    for language in ("vi", "en"):
        with translation.override(language):
            mark = f"({_('derived from the content')})"
        notes = notes.replace(mark, "").strip()
    return notes


def _own(text):
    """Text of the edition's own language: the English edition's stand-ins in Vietnamese (marked [VI]) are not English."""
    return "" if is_marked(text) else text


def _header(parsed, role):
    column = parsed.columns.get(role)
    return column.header if column else ""
