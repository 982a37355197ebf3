"""Reading the flat list of the bank (.xlsx or .csv, a row per budget line) into project records to plan."""
import re
from collections import OrderedDict

from django.utils import translation
from django.utils.translation import gettext as _

from partners.models import AdministrativeUnit, Organisation
from projects.imports.columns import AMOUNTS, BANK_COLUMNS, REQUIRED, column_keys
from projects.imports.issues import ERROR, Issue, UnreadableFile
from projects.imports.matching import Matcher, match_key, not_found_message
from projects.imports.plan import READ, UNWATCHED, ImportPlan, Record, plan_projects
from projects.imports.values import parse_amount
from projects.imports.workbook import open_spreadsheet
from projects.models import Project, Sector
from socaid.text import fold
from socaid.spreadsheets import csv_unescape
from socaid.upload_limits import Refused, checked_csv_rows

HEADER_SEARCH_ROWS = 10


def read_table(content, name):
    """(sheet name, rows as lists of cell values with their row numbers, issues) from an .xlsx or a .csv file."""
    if not content:
        raise UnreadableFile(_("The file “%(name)s” is empty.") % {"name": name})
    if content[:2] == b"PK" or content[:4] == b"\xd0\xcf\x11\xe0":
        spreadsheet = open_spreadsheet(content, name)
        for ws in spreadsheet.workbook.worksheets:
            rows = [(index, list(values)) for index, values in enumerate(ws.iter_rows(values_only=True), start=1)]
            if any(any(v not in (None, "") for v in values) for _i, values in rows):
                return ws.title, rows, spreadsheet.issues
        return (spreadsheet.workbook.worksheets[0].title if spreadsheet.workbook.worksheets else ""), [], spreadsheet.issues
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UnreadableFile(_("“%(name)s” is neither an Excel workbook (.xlsx) nor a CSV file in UTF-8.") % {"name": name}) from None
    if "\x00" in text:
        raise UnreadableFile(_("“%(name)s” is neither an Excel workbook (.xlsx) nor a CSV file in UTF-8.") % {"name": name})
    # The delimiter is the one the first lines use most: a comma, or the semicolon of Excel in Vietnamese.
    head = "\n".join(text.split("\n", HEADER_SEARCH_ROWS)[:HEADER_SEARCH_ROWS])
    delimiter = max((",", ";", "\t"), key=head.count)
    try:
        rows = list(enumerate(checked_csv_rows(text, delimiter), start=1))
    except Refused as refusal:
        raise UnreadableFile(refusal.message) from None
    return "CSV", rows, []


def plan_bank_file(content, name, programme, progress=UNWATCHED):
    plan = ImportPlan(kind="bank", file_name=name, programme=programme)
    sheet, rows, issues = read_table(content, name)
    plan.issues.extend(issues)
    header_at, keys, language, twice = _header(rows)
    if header_at is None:
        plan.issues.append(Issue(ERROR, _("No row of column headings was found; download the template to see them."), sheet=sheet))
        return plan
    if twice:
        plan.issues.append(Issue(ERROR, _("Columns given twice: %(columns)s.") % {"columns": ", ".join(twice)}, sheet=sheet, row=rows[header_at][0]))
        return plan
    missing = [str(heading) for key, heading in BANK_COLUMNS if key in REQUIRED and key not in keys.values()]
    if missing:
        plan.issues.append(Issue(ERROR, _("Columns missing: %(columns)s.") % {"columns": ", ".join(missing)}, sheet=sheet, row=rows[header_at][0]))
        return plan
    body = [(number, values) for number, values in rows[header_at + 1:] if any(v not in (None, "") for v in values)]
    if not body:
        plan.issues.append(Issue(ERROR, _("The sheet has no rows below the headings."), sheet=sheet))
        return plan
    reader = _RowReader(plan, sheet, keys, programme, language)
    records = reader.records(body, progress)
    return plan_projects(plan, records, progress=progress)


def _header(rows):
    for position, (_number, values) in enumerate(rows[:HEADER_SEARCH_ROWS]):
        keys, language, twice = column_keys(values)
        if "name" in keys.values() and ("sector" in keys.values() or "code" in keys.values()):
            return position, keys, language, twice
    return None, {}, "vi", []


class _RowReader:
    """Turns the rows of the flat list into project records, reporting each problem where it stands."""

    def __init__(self, plan, sheet, keys, programme, language):
        # Amounts typed as text are read the way the headings' language writes numbers.
        self.plan, self.sheet, self.keys, self.programme, self.language = plan, sheet, keys, programme, language
        self.headings = {key: str(heading) for key, heading in BANK_COLUMNS}
        self.sectors = Matcher(Sector.objects.filter(programme=programme), "numeral", "name", "name_en")
        self.agencies = Matcher(Organisation.objects.all(), "code", "name", "short_name", "name_en")
        self.units = Matcher(AdministrativeUnit.objects.all(), "code", "name", "name_en")
        statuses = {}
        for language in ("vi", "en"):
            with translation.override(language):
                statuses.update({fold(str(label)): value for value, label in Project.Status.choices})
        statuses.update({value: value for value in Project.Status.values})
        self.statuses = statuses
        self.programme_names = {fold(programme.number), fold(programme.code)}

    def error(self, row, key, value, message, severity=ERROR):
        self.plan.issues.append(Issue(severity, message, sheet=self.sheet, row=row, column=self.headings.get(key, key), value="" if value is None else str(value)))

    def records(self, body, progress):
        grouped = OrderedDict()
        progress.stage(READ, total=len(body))
        for done, (number, values) in enumerate(body):
            progress.advance(done)
            cells = {key: csv_unescape(values[index]) if index < len(values) else None for index, key in self.keys.items()}
            project, line = self.read_row(number, cells)
            if project is None:
                continue
            # Rows of a new project without a code or number are one project per row.
            key = project["code"] or (project["fields"].get("sector"), project["fields"].get("position") or ("row", number))
            if key not in grouped:
                grouped[key] = Record(sheet=self.sheet, row=number, label=project["label"], fields=project["fields"], lines=[], code=project["code"])
            elif _differs(grouped[key].fields, project["fields"]):
                self.error(number, "code", project["code"], _("This row has the code of row %(row)s but other project columns; a code names one project.") % {"row": grouped[key].row})
                continue
            grouped[key].lines.append((line.pop("_number"), number, line))
        records = []
        for record in grouped.values():
            lines = sorted(record.lines, key=lambda item: (item[0] is None, item[0] or 0, item[1]))
            numbers = [n for n, _row, _line in lines if n is not None]
            if len(numbers) != len(set(numbers)):
                self.error(record.row, "line", numbers, _("%(label)s has two budget lines with the same number.") % {"label": record.label})
            record.lines = [line for _n, _row, line in lines]
            records.append(record)
        return records

    def read_row(self, number, cells):
        fields = {}
        ok = True
        programme = cells.get("programme")
        if programme and match_key(programme) not in self.programme_names:
            self.error(number, "programme", programme, _("This row belongs to another programme; import each programme on its own."))
            return None, None
        sector_text = _text(cells.get("sector"))
        sector = self.sectors.find(sector_text)
        if sector is None:
            ok = False
            self.unknown(number, "sector", sector_text, self.sectors, _("Unknown sector"))
        fields["sector"] = sector
        agency_text = _text(cells.get("host_agency"))
        agency = self.agencies.find(agency_text)
        if agency is None:
            ok = False
            self.unknown(number, "host_agency", agency_text, self.agencies, _("Unknown host agency"))
        fields["host_agency"] = agency
        for key in ("position", "start_year", "end_year"):
            if key not in self.keys.values():
                continue  # a column the file lacks changes nothing
            value, good = _whole(cells.get(key))
            if not good:
                ok = False
                self.error(number, key, cells.get(key), _("Write a whole number."))
            fields[key] = value
        for key in ("name", "name_en", "location_text", "location_text_en", "content", "content_en", "notes", "notes_en"):
            if key in self.keys.values():
                fields[key] = _text(cells.get(key))
        if not fields.get("name"):
            ok = False
            self.error(number, "name", "", _("The project has no name."))
        if "status" in self.keys.values() and _text(cells.get("status")):
            status = self.statuses.get(fold(_text(cells.get("status"))))
            if status is None:
                ok = False
                self.error(number, "status", cells.get("status"), _("Unknown status."))
            fields["status"] = status
        if "admin_units" in self.keys.values():
            units = []
            for part in [p.strip() for p in _text(cells.get("admin_units")).replace("\n", ";").split(";") if p.strip()]:
                unit = self.units.find(part)
                if unit is None:
                    ok = False
                    self.unknown(number, "admin_units", part, self.units, _("Unknown administrative unit"))
                units.append(unit)
            fields["admin_units"] = units
        line = self.read_line(number, cells)
        if line is None or not ok:
            return None, None
        label = f"{sector.numeral}.{fields['position']} {fields['name']}" if fields.get("position") else fields["name"]
        return {"code": _text(cells.get("code")), "fields": fields, "label": label}, line

    def read_line(self, number, cells):
        line = {}
        ok = True
        for key in AMOUNTS:
            value, problem = parse_amount(cells.get(key), self.language)
            if problem:
                ok = False
                self.error(number, key, cells.get(key), problem)
            elif value is not None and value < 0:
                ok = False
                self.error(number, key, cells.get(key), _("Amounts cannot be negative."))
            line[key] = value
        total, aid, counterpart = (line.get(key) for key in AMOUNTS)
        if ok and None not in (total, aid, counterpart) and total != aid + counterpart:
            ok = False
            self.error(number, "total", total, _("The total (%(total)s) is not aid sought plus counterpart funds (%(sum)s).") % {"total": total, "sum": aid + counterpart})
        position, good = _whole(cells.get("line"))
        if not good:
            ok = False
            self.error(number, "line", cells.get("line"), _("Write a whole number."))
        line["_number"] = position
        for key, field in (("line_description", "description"), ("line_description_en", "description_en"), ("line_notes", "notes"), ("line_notes_en", "notes_en")):
            if key in self.keys.values():
                line[field] = _text(cells.get(key))
        return line if ok else None

    def unknown(self, number, key, text, matcher, what):
        self.error(number, key, text, not_found_message(matcher, text, what))


def _differs(first, other):
    return any(first.get(name) != value for name, value in other.items() if name != "admin_units") or (
        [u.pk for u in first.get("admin_units") or []] != [u.pk for u in other.get("admin_units") or []]
    )


def _text(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _whole(value):
    """(int or None, understood?)."""
    if value in (None, ""):
        return None, True
    if isinstance(value, int):
        return value, True
    if isinstance(value, float) and value.is_integer():
        return int(value), True
    text = str(value).strip()
    return (int(text), True) if re.fullmatch(r"[0-9]{1,9}", text) else (None, False)
