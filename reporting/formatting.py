"""How the printed tables write amounts, counts and days: the renderers format, they never compute."""
from decimal import Decimal

from django.utils import translation
from django.utils.formats import date_format
from django.utils.text import capfirst

from projects.amounts import format_amount


def printed_amount(value: Decimal | None, language: str) -> str:
    """'367.902' (vi) or '367,902' (en); a known zero as '-' as the appendix prints it; unknown as nothing."""
    if value is None:
        return ""
    if value == 0:
        return "-"
    with translation.override(language):
        return format_amount(value)


def printed_count(value, language):
    """A whole number of things, grouped as amounts are (1.250 people in Vietnamese); zero is 0, not a dash."""
    if value is None:
        return ""
    with translation.override(language):
        return format_amount(Decimal(value))


def printed_date(day, language, *, long=False):
    """23/12/2025 in both languages, as the pages print dates beside it (SHORT_DATE_FORMAT); in an English
    sentence (``long``) 23 December 2025."""
    if day is None:
        return ""
    with translation.override(language):
        return date_format(day, "j F Y" if long and language == "en" else "d/m/Y")


def cell_text(text) -> str:
    """A label standing alone in a cell (a status, a state, yes or no): with its capital, and translated now, in the
    document's language; a lazy label would print in the language of whoever renders the document."""
    return capfirst(str(text))
