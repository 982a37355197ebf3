"""One cell's value as the appendix writes it: amounts in million VND, text, implementation periods.

Amounts come as numbers or as text in the Vietnamese way (``12.000`` is twelve
thousand, ``12.000,5`` twelve thousand and a half), sometimes in the English way
(``12,000.5``). ``-`` is a known zero, as the appendix prints it; an empty cell is
unknown, never zero.
"""
import datetime
import re
import unicodedata
from decimal import Decimal

from django.utils.translation import gettext as _

from projects.amounts import LARGEST_AMOUNT, SPACES, NotANumber, parse_number
from projects.models.proposals import PLAUSIBLE_YEARS
from socaid.text import fold
from socaid.text import without_controls

PLACES = 3  # the official tables' unit: million VND with three decimals


def parse_amount(value, language=None):
    """``(amount, problem)``: the cell's amount in million VND, or None when the cell is empty (unknown).

    ``problem`` is a message when the cell holds something that is not an amount; the amount is then None. A
    negative amount is returned as it is: the caller reports it. ``language`` ("vi" or "en") settles "12,000",
    the one spelling that means 12 in Vietnamese and 12000 in English; without it that spelling is a problem
    rather than a guess. Amounts of a thousand billion million VND or more are refused: the bank cannot hold them.
    """
    try:
        return parse_number(value, language, places=PLACES, dash_is_zero=True, largest=LARGEST_AMOUNT), None
    except NotANumber as error:
        if error.reason == NotANumber.TOO_LARGE:
            return None, _("“%(value)s” is too large for an amount in million VND.") % {"value": clean_text(value)[:40]}
        if error.reason == NotANumber.AMBIGUOUS:
            return None, _(
                "“%(value)s” is ambiguous: %(vietnamese)s read the Vietnamese way, %(english)s read the English way. "
                "Write the amount without a thousands separator."
            ) % {"value": value.strip(), "vietnamese": error.vietnamese, "english": error.english}
        return None, _not_an_amount(value)


def _not_an_amount(value):
    return _("“%(value)s” is not an amount in million VND.") % {"value": clean_text(value)}


def clean_text(value, *, multiline=False) -> str:
    """A cell's text, stripped, in composed Unicode; None is "".

    Line breaks inside the cell become single spaces, or, with ``multiline``
    (a project's content, notes), one newline per paragraph, empty lines dropped.
    Runs of spaces (non-breaking ones included) become one space.
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, Decimal) and value.is_finite() and value == value.to_integral_value():
        value = value.quantize(Decimal(1))
    if isinstance(value, datetime.datetime) and value.time() == datetime.time():
        value = value.date()
    text = without_controls(unicodedata.normalize("NFC", str(value)))
    text = text.replace("_x000D_", "").replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n")
    lines = [" ".join(SPACES.sub(" ", line).split()) for line in text.split("\n")]
    return ("\n" if multiline else " ").join(line for line in lines if line)


PERIOD = re.compile(
    r"(?:(?:giai doan|thoi gian|tu nam|tu|nam|period|from|years?|in)\s*:?\s+)*"
    r"(?P<start>\d{4})"
    r"(?:\s*(?:-|–|—|−|den nam|den|to|until)\s*(?:nam\s+)?(?P<end>\d{4}))?"
    r"\.?"
)
FIRST_YEAR, LAST_YEAR = PLAUSIBLE_YEARS


def parse_period(text):
    """``(start, end, problem)``: '2021-2025', '2021 – 2025', 'Năm 2022', 'Giai đoạn 2020 - 2025' -> years.

    One year is both the start and the end. An empty period is unknown and no
    problem; anything else that is not a period is.
    """
    if isinstance(text, (int, float)) and not isinstance(text, bool):
        text = clean_text(text)
    cleaned = clean_text(text)
    if not cleaned:
        return None, None, None
    match = PERIOD.fullmatch(fold(cleaned))
    if not match:
        return None, None, _not_a_period(cleaned)
    start = int(match.group("start"))
    end = int(match.group("end") or start)
    if not (FIRST_YEAR <= start <= LAST_YEAR and FIRST_YEAR <= end <= LAST_YEAR):
        return None, None, _not_a_period(cleaned)
    if end < start:
        return None, None, _("The end year cannot come before the start year.")
    return start, end, None


def _not_a_period(text):
    return _("“%(value)s” is not an implementation period: write it as 2021-2025, or 2022 for one year.") % {"value": text}


def is_empty(value) -> bool:
    return value is None or (isinstance(value, str) and not SPACES.sub("", value))
