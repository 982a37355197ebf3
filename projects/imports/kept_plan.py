"""A plan as a job keeps it for its preview page: what import_preview.html shows of it (rows, actions, changes,
errors, warnings, the appendix's differences) as JSON, read back into the same classes, so that one template shows a
plan made in the request and one made by a job. The texts are kept as the job wrote them, in its requester's language."""
from dataclasses import dataclass

from projects.imports.issues import Issue
from projects.imports.plan import ImportPlan, PlannedRow, Record
from socaid.changes import Change


@dataclass
class ShownDifference:
    """An appendix's figure that does not add up, as its preview says it."""

    sheet: str
    row: int
    message: str


def plan_to_json(plan):
    return {
        "kind": plan.kind,
        "file_name": plan.file_name,
        "rows": [[row.action, row.record.sheet, row.record.row, row.record.label, [[str(c.label), str(c.old), str(c.new)] for c in row.changes]]
                 for row in plan.rows],
        "issues": [[issue.severity, str(issue.message), issue.sheet, issue.row, str(issue.column), _text(issue.value)] for issue in plan.issues],
        "differences": [[d.sheet, d.row, str(d.message())] for d in plan.differences],
    }


def plan_from_json(kept):
    return ImportPlan(
        kind=kept["kind"], file_name=kept["file_name"],
        rows=[PlannedRow(action, Record(sheet=sheet, row=row, label=label, fields={}), changes=[Change(*change) for change in changes])
              for action, sheet, row, label, changes in kept["rows"]],
        issues=[Issue(*issue) for issue in kept["issues"]],
        differences=[ShownDifference(*difference) for difference in kept["differences"]],
    )


def _text(value):
    return "" if value is None else str(value)
