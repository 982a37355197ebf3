"""The figures an appendix states checked against its rows: each sector's subtotals against its projects' budget lines,
the grand total against the subtotals and against every line. A figure that does not add up is shown, not refused:
the seed's own sector II states 360 more than its rows hold (DESIGN.md §4)."""
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from projects.amounts import format_amount
from projects.appendix_layout import AMOUNT_ROLES


@dataclass
class Difference:
    """A stated figure that its parts do not add up to: a finding to show, not an error."""

    sheet: str
    row: int
    scope: str  # "sector" or "total"
    numeral: str  # the sector's numeral; "" for the grand total
    column: str  # "total", "aid_sought" or "counterpart"
    stated: Decimal
    computed: Decimal  # the sum of the known amounts
    difference: Decimal  # stated - computed
    basis: str = "lines"  # what was added up: "lines" (budget lines) or "subtotals" (the sectors' stated subtotals)
    unknown: int = 0  # how many of the added amounts are empty (unknown), so left out of ``computed``
    header: str = ""  # the column's header text

    def message(self):
        values = {
            "numeral": self.numeral,
            "column": self.header or self.column,
            "stated": format_amount(self.stated),
            "computed": format_amount(self.computed),
            "difference": format_amount(self.difference),
        }
        if self.scope == "sector":
            text = _("Sector %(numeral)s, “%(column)s”: the sheet states %(stated)s, its projects add up to %(computed)s (difference %(difference)s).")
        elif self.basis == "subtotals":
            text = _("Grand total, “%(column)s”: the sheet states %(stated)s, the sector subtotals add up to %(computed)s (difference %(difference)s).")
        else:
            text = _("Grand total, “%(column)s”: the sheet states %(stated)s, all the projects add up to %(computed)s (difference %(difference)s).")
        text = text % values
        if self.unknown:
            text += " " + _("%(count)s of the amounts added up are empty (unknown) and were left out.") % {"count": self.unknown}
        return text


def reconcile(result):
    """Each stated subtotal against its projects' lines; the grand total against the subtotals and against all lines."""
    differences = []
    headers = {role: column.header for role, column in result.columns.items()}

    def compare(row, scope, numeral, role, stated, values, basis):
        known = [value for value in values if value is not None]
        computed = sum(known, Decimal(0))
        if computed != stated:
            differences.append(
                Difference(
                    sheet=result.sheet, row=row, scope=scope, numeral=numeral, column=role, stated=stated, computed=computed,
                    difference=stated - computed, basis=basis, unknown=len(values) - len(known), header=headers.get(role, ""),
                )
            )

    for sector in result.sectors:
        lines = [line for project in sector.projects for line in project.lines]
        for role in AMOUNT_ROLES:
            stated = sector.stated.get(role)
            if stated is not None:
                compare(sector.row, "sector", sector.numeral, role, stated, [line.get(role) for line in lines], "lines")
    if result.grand_total is not None:
        lines = [line for project in result.projects for line in project.lines]
        for role in AMOUNT_ROLES:
            stated = result.grand_total.get(role)
            if stated is None:
                continue
            subtotals = [sector.stated.get(role) for sector in result.sectors]
            if any(value is not None for value in subtotals):
                compare(result.grand_total_row, "total", "", role, stated, subtotals, "subtotals")
            compare(result.grand_total_row, "total", "", role, stated, [line.get(role) for line in lines], "lines")
    return differences
