"""The summary's points to check: figures of the accepted reports that do not square with the project bank
(reporting/plausibility.py), one row per point, for the coordinator to verify with the unit."""
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from reporting.builders.summary.sections import number_column
from reporting.plausibility import points_to_check
from reporting.tables import TEXT, Column, Row, Table
from socaid.bilingual import in_language, printed_text


def checks_table(lines, language):
    """``lines``: the summary's converted lines (reporting.builders.summary.lines), whose projects are read already."""
    units = {line.line.pk: line.unit for line in lines}
    rows = [
        Row(
            [
                str(number), in_language(units[point.line.pk], "name", language),
                printed_text(point.line.project, "name", language), capfirst(point.text),
            ],
            key=point.line.pk,
        )
        for number, point in enumerate(points_to_check(line.line for line in lines), start=1)
    ]
    columns = [
        number_column(),
        Column("unit", str(_("Unit")), TEXT, 30),
        Column("project", str(_("Project name")), TEXT, 40),
        Column("point", str(_("What to check")), TEXT, 60),
    ]
    return Table("checks", columns, rows, empty=str(_("No reported figure contradicts the project bank.")))
