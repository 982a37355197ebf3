"""How the printed tables write amounts: the renderers format, they never compute."""
from decimal import Decimal

from django.utils import translation

from projects.amounts import format_amount


def printed_amount(value: Decimal | None, language: str) -> str:
    """'367.902' (vi) or '367,902' (en); a known zero as '-' as the appendix prints it; unknown as nothing."""
    if value is None:
        return ""
    if value == 0:
        return "-"
    with translation.override(language):
        return format_amount(value)
