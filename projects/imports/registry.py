"""The NGO registry and the organisations through django-import-export, shown and applied like the bank's
imports: the resource's dry run becomes the preview, and applying runs it again for real in the transaction."""
import tablib
from django.utils.translation import gettext as _

from projects.imports.flat import read_table
from projects.imports.issues import ERROR, Issue
from projects.imports.plan import CHECK, CREATE, UNCHANGED, UNWATCHED, UPDATE, ImportPlan, PlannedRow, Record
from projects.imports.resources import NGOResource, OrganisationResource, SuccessionResource
from socaid.spreadsheet_formats import unescape

ACTIONS = {"new": CREATE, "update": UPDATE, "skip": UNCHANGED}


def _dataset(content, name):
    """The first sheet (or the CSV) as a tablib Dataset, the header row first; issues found on the way."""
    sheet, rows, issues = read_table(content, name)
    rows = [(number, values) for number, values in rows if any(v not in (None, "") for v in values)]
    if not rows:
        return sheet, None, [*issues, Issue(ERROR, _("The sheet has no rows below the headings."), sheet=sheet)]
    header = [str(value or "").strip() for value in rows[0][1]]
    codes = {}
    if "code" in header:
        at = header.index("code")
        for number, values in rows[1:]:
            code = str(values[at] or "").strip() if at < len(values) else ""
            if code and code in codes:
                issues.append(Issue(ERROR, _("The code %(code)s is given twice (first on row %(row)s).") % {"code": code, "row": codes[code]}, sheet=sheet, row=number, column="code", value=code))
            codes.setdefault(code, number)
    dataset = tablib.Dataset(headers=header)
    for _number, values in rows[1:]:
        dataset.append([("" if value is None else value) for value in (list(values) + [None] * len(header))[: len(header)]])
    return sheet, unescape(dataset), issues


def resource_planner(resource_class, kind):
    def plan(content, name, programme, progress=UNWATCHED):
        sheet, dataset, issues = _dataset(content, name)
        result_plan = ImportPlan(kind=kind, file_name=name, programme=None, issues=list(issues))
        if dataset is None:
            return result_plan
        missing = [field for field in resource_class.import_id_fields_names() if field not in dataset.headers]
        if missing:
            result_plan.issues.append(Issue(ERROR, _("Columns missing: %(columns)s.") % {"columns": ", ".join(missing)}, sheet=sheet, row=1))
            return result_plan
        if any(issue.is_error for issue in result_plan.issues):
            return result_plan
        # django-import-export's dry run tells nothing until it is over: the rows are reported all at once.
        progress.stage(CHECK, total=len(dataset))
        result = resource_class().import_data(dataset, dry_run=True, raise_errors=False, use_transactions=True)
        for number, row in enumerate(result.rows, start=2):
            label = str(row.object_repr or (row.row_values or {}).get("code", ""))
            if row.import_type in ACTIONS:
                result_plan.rows.append(PlannedRow(ACTIONS[row.import_type], Record(sheet=sheet, row=number, label=label, fields={})))
            for error in row.errors:
                result_plan.issues.append(Issue(ERROR, str(error.error), sheet=sheet, row=number))
        for invalid in result.invalid_rows:
            for field, messages in invalid.error_dict.items():
                for message in messages:
                    result_plan.issues.append(Issue(ERROR, str(message), sheet=sheet, row=invalid.number + 1, column=field, value=str(invalid.values)[:80]))
        for error in result.base_errors:
            result_plan.issues.append(Issue(ERROR, str(error.error), sheet=sheet))
        progress.advance(len(dataset))

        def apply(by, reason):
            resource_class(reason=reason, user=by).import_data(dataset, dry_run=False, raise_errors=True, use_transactions=True)

        result_plan.applier = apply
        return result_plan

    return plan


plan_ngo_file = resource_planner(NGOResource, "ngos")
plan_organisation_file = resource_planner(OrganisationResource, "organisations")
plan_succession_file = resource_planner(SuccessionResource, "successions")
