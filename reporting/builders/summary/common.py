"""Constants and the one rounding every part of the summary shares."""
from decimal import ROUND_HALF_UP, Decimal

from reporting.models import AnnualReport

ZERO = Decimal("0.000")
THOUSANDTH = Decimal("0.001")
# The four amounts a line gives in its own currency; counterpart funds are written in million VND already.
CONVERTED = ("committed_year", "disbursed_year", "committed_total", "disbursed_total")
MONEY = (*CONVERTED, "counterpart_spent")
ACCEPTED = AnnualReport.Status.ACCEPTED
# follow_up's states of a unit that has sent its report and not had it returned.
REPORTED_STATES = ("submitted_on_time", "submitted_late", "accepted")
# Rows of the locality table that are not one administrative unit, in the order they are printed after the units.
PROVINCE, SEVERAL, UNSPECIFIED = "province", "several", "unspecified"
ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")


def thousandth(value):
    """Million VND to three decimals (the thousand VND), half up: the one rounding of the summary."""
    return None if value is None else Decimal(value).quantize(THOUSANDTH, rounding=ROUND_HALF_UP)
