"""Amounts in million VND as the appendix prints them, in the active language."""
from decimal import Decimal

from django.utils.formats import number_format


def format_amount(value: Decimal | None) -> str:
    """367.902 in Vietnamese, 367,902 in English; decimals only where there are some; unknown is empty."""
    if value is None:
        return ""
    value = Decimal(value)
    places = max(0, -value.normalize().as_tuple().exponent)
    return number_format(value, decimal_pos=places, use_l10n=True, force_grouping=True)
