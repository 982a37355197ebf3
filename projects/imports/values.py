"""One cell's value as the appendix writes it: amounts in million VND, text, implementation periods.

Amounts come as numbers or as text in the Vietnamese way (``12.000`` is twelve
thousand, ``12.000,5`` twelve thousand and a half), sometimes in the English way
(``12,000.5``). ``-`` is a known zero, as the appendix prints it; an empty cell is
unknown, never zero.
"""
import datetime
import math
import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils.translation import gettext as _

from projects.models.proposals import PLAUSIBLE_YEARS
from projects.search import fold

PLACES = Decimal("0.001")  # the official tables' unit: million VND with three decimals
DASHES = {"-", "–", "—", "−", "--", "---"}  # hyphen, en dash, em dash, minus sign: a known zero
MINUS = ("-", "−", "–")
SPACES = re.compile(r"[\s\u00a0\u202f\u2007\u2009\u200b]+")
DIGITS = re.compile(r"\d+")


LARGEST = Decimal(10) ** 12  # the bank's amounts have 15 digits, three of them decimals


def _tidy(value: Decimal) -> Decimal:
    """At most three decimals, and none where the amount is whole: 12000, 12000.5, 0.125."""
    value = value.quantize(PLACES, rounding=ROUND_HALF_UP)
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.normalize()


def _grouped(text: str, separator: str) -> bool:
    """'1.234.567' with '.': groups of three digits after a first group of one to three."""
    parts = text.split(separator)
    return 1 <= len(parts[0]) <= 3 and all(len(part) == 3 for part in parts[1:]) and all(part.isdigit() for part in parts)


def parse_amount(value, language=None):
    """``(amount, problem)``: the cell's amount in million VND, or None when the cell is empty (unknown).

    Amounts of a thousand billion million VND or more are refused: the bank cannot hold them.
    """
    try:
        amount, problem = _parse_amount(value, language)
    except (InvalidOperation, OverflowError):
        return None, _too_large(value)
    if amount is not None and abs(amount) >= LARGEST:
        return None, _too_large(value)
    return amount, problem


def _too_large(value):
    return _("“%(value)s” is too large for an amount in million VND.") % {"value": clean_text(value)[:40]}


def _parse_amount(value, language=None):
    """``(amount, problem)``: the cell's amount in million VND, or None when the cell is empty (unknown).

    ``problem`` is a message when the cell holds something that is not an
    amount; the amount is then None. A negative amount is returned as it is:
    the caller reports it. ``language`` ("vi" or "en") settles "12,000", the one
    spelling that means 12 in Vietnamese and 12000 in English; without it that
    spelling is a problem rather than a guess.
    """
    if value is None:
        return None, None
    if isinstance(value, bool):
        return None, _not_an_amount(value)
    if isinstance(value, int):
        return _tidy(Decimal(value)), None
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            return None, _not_an_amount(value)
        return _tidy(Decimal(str(value))), None
    if isinstance(value, Decimal):
        if not value.is_finite():
            return None, _not_an_amount(value)
        return _tidy(value), None
    if not isinstance(value, str):  # a date, a time: not an amount
        return None, _not_an_amount(value)

    text = SPACES.sub("", unicodedata.normalize("NFC", value))
    if not text:
        return None, None
    if text in DASHES:
        return Decimal(0), None
    negative = False
    if text[0] in MINUS and len(text) > 1:
        negative, text = True, text[1:]
    elif text[0] == "+":
        text = text[1:]
    if not text or not re.fullmatch(r"[\d.,]+", text) or not text[0].isdigit() or not text[-1].isdigit():
        return None, _not_an_amount(value)

    number = _digits(text, language)
    if number is None:
        return None, _not_an_amount(value)
    if number == "ambiguous":
        whole, fraction = text.split(",")
        return None, _(
            "“%(value)s” is ambiguous: %(vietnamese)s read the Vietnamese way, %(english)s read the English way. "
            "Write the amount without a thousands separator."
        ) % {"value": value.strip(), "vietnamese": _tidy(Decimal(f"{whole}.{fraction}")), "english": whole + fraction}
    try:
        amount = Decimal(number)
    except InvalidOperation:  # pragma: no cover - the patterns above admit only digits and one point
        return None, _not_an_amount(value)
    return _tidy(-amount if negative else amount), None


def _digits(text, language):
    """'12.000,5' -> '12000.5'; None when the separators make no sense; 'ambiguous' for '12,000' without a language."""
    dots, commas = text.count("."), text.count(",")
    if dots and commas:
        # The separator that comes last is the decimal one; the other groups thousands.
        decimal, group = (",", ".") if text.rfind(",") > text.rfind(".") else (".", ",")
        if text.count(decimal) != 1:
            return None
        whole, fraction = text.split(decimal)
        if not _grouped(whole, group) or not fraction.isdigit():
            return None
        return whole.replace(group, "") + "." + fraction
    if dots > 1:
        return text.replace(".", "") if _grouped(text, ".") else None
    if commas > 1:
        return text.replace(",", "") if _grouped(text, ",") else None
    if dots == 1:
        # One point before exactly three digits groups thousands, the Vietnamese way the source prints
        # (12.000, 2.216); any other place makes it a decimal point (2.5, 1234.567). In English a single
        # point is always the decimal one: 120.125 is a hundred and twenty and a bit.
        if language == "en":
            return text
        return text.replace(".", "") if _grouped(text, ".") else text
    if commas == 1:
        whole, fraction = text.split(",")
        if _grouped(text, ","):  # 12,000: twelve (vi) or twelve thousand (en)
            if language == "en":
                return whole + fraction
            if language == "vi":
                return whole + "." + fraction
            return "ambiguous"
        return whole + "." + fraction  # 2,5 or 1234,567: a decimal comma, which English never groups like that
    return text


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
    text = unicodedata.normalize("NFC", str(value))
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
