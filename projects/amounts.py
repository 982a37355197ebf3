"""Amounts in million VND as the appendix prints them, in the active language, and numbers as people type them.

Every number a user types or a spreadsheet holds — an amount in a form, a count of people, an amount in an
imported cell — is read by ``parse_number``; each caller words its own messages from the reason it gives.
"""
import math
import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils.formats import number_format

LARGEST_AMOUNT = Decimal(10) ** 12  # the bank's amounts have 15 digits, three of them decimals
SPACES = re.compile(r"[\s\u00a0\u202f\u2007\u2009\u200b]+")  # non-breaking, narrow and zero-width ones too
DASHES = {"-", "–", "—", "−", "--", "---"}  # hyphen, en dash, em dash, minus sign: a known zero in the appendix
MINUS = ("-", "−", "–")


def format_amount(value: Decimal | None) -> str:
    """367.902 in Vietnamese, 367,902 in English; decimals only where there are some; unknown is empty."""
    if value is None:
        return ""
    value = Decimal(value)
    places = max(0, -value.normalize().as_tuple().exponent)
    return number_format(value, decimal_pos=places, use_l10n=True, force_grouping=True)


MILLION = Decimal(1_000_000)
# Million VND to three decimals is the thousand VND: where a foreign amount is rounded, once.
THOUSANDTH = Decimal("0.001")
VND = "VND"


def thousandth(value):
    """Million VND to three decimals (the thousand VND), half up: the one rounding of a converted amount."""
    return None if value is None else Decimal(value).quantize(THOUSANDTH, rounding=ROUND_HALF_UP)


def usd_equivalent(amount_million_vnd: Decimal | None, rate: Decimal | None) -> Decimal | None:
    """An amount in million VND in US dollars at ``rate`` (VND for one dollar), rounded half up to whole dollars.

    What the public pages show beside the bank's amounts so that an NGO reads them in its own terms: an equivalent,
    not a conversion anyone agreed, so cents would claim a precision the rate does not have. Unknown when the
    amount is unknown or no rate is set (None), never 0.
    """
    if amount_million_vnd is None or rate is None:
        return None
    rate = Decimal(rate)
    if rate <= 0:
        raise ValueError(f"A rate of {rate} VND per USD is no rate.")
    return (Decimal(amount_million_vnd) * MILLION / rate).quantize(Decimal(1), rounding=ROUND_HALF_UP)


class NotANumber(ValueError):
    """Why a value is no number: ``reason`` is one of the constants below; an ambiguous one carries both readings."""

    INVALID, AMBIGUOUS, TOO_LARGE, NOT_WHOLE = "invalid", "ambiguous", "too large", "not whole"

    def __init__(self, reason, *, vietnamese=None, english=None):
        super().__init__(reason)
        self.reason, self.vietnamese, self.english = reason, vietnamese, english


def parse_number(value, language=None, *, whole=False, places=None, dash_is_zero=False, largest=None) -> Decimal | None:
    """The number in ``value``, typed or stored as a number; None when there is none (empty means unknown).

    Text is read the way ``language`` ("vi" or "en") writes numbers: "1.250,5" in Vietnamese, "1,250.5" in
    English; spaces of any kind are ignored. Where both separators appear, the last one is the decimal one. A
    single point before exactly three digits groups thousands in Vietnamese ("12.000") and is the decimal point
    anywhere else; "12,000" is twelve in Vietnamese and twelve thousand in English, and without a language it is
    ambiguous rather than a guess. A negative number is returned as it is: the caller refuses it.

    ``whole``: a decimal separator or a fraction is refused (a count of people). ``places``: rounded half up to
    that many decimals, without trailing zeros. ``dash_is_zero``: a lone dash is a known zero, as the appendix
    prints it. ``largest``: a number this large or larger is refused. Raises NotANumber.
    """
    if dash_is_zero and isinstance(value, str) and SPACES.sub("", value) in DASHES:
        return Decimal(0)
    number, decimal_written = _number(value, language)
    if number is None:
        return None
    if whole and (decimal_written or number != number.to_integral_value()):  # "1.000" in English is not a thousand
        raise NotANumber(NotANumber.NOT_WHOLE)
    if places is not None:
        number = _rounded(number, places)
    # After the rounding: 999999999999.9996 rounds up to a number the database cannot hold.
    if largest is not None and abs(number) >= largest:
        raise NotANumber(NotANumber.TOO_LARGE)
    return number


def _rounded(value: Decimal, places: int) -> Decimal:
    """At most ``places`` decimals, and none where the number is whole: 12000, 12000.5, 0.125."""
    try:
        value = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    except InvalidOperation:  # more digits than a Decimal holds
        raise NotANumber(NotANumber.TOO_LARGE) from None
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.normalize()


def _number(value, language):
    """``(number, whether a decimal separator was written)``."""
    if value is None:
        return None, False
    if isinstance(value, bool):
        raise NotANumber(NotANumber.INVALID)
    if isinstance(value, int):
        return Decimal(value), False
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            raise NotANumber(NotANumber.INVALID)
        return Decimal(str(value)), False
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise NotANumber(NotANumber.INVALID)
        return value, False
    if not isinstance(value, str):  # a date, a time: not a number
        raise NotANumber(NotANumber.INVALID)
    text = SPACES.sub("", unicodedata.normalize("NFC", value))
    if not text:
        return None, False
    negative = False
    if text[0] in MINUS and len(text) > 1:
        negative, text = True, text[1:]
    elif text[0] == "+":
        text = text[1:]
    if not text or not re.fullmatch(r"[\d.,]+", text) or not text[0].isdigit() or not text[-1].isdigit():
        raise NotANumber(NotANumber.INVALID)
    digits = _digits(text, language)
    if digits is None:
        raise NotANumber(NotANumber.INVALID)
    if digits == "ambiguous":
        whole, fraction = text.split(",")
        # The fraction has three digits: rounding to three places only drops trailing zeros ("12,000" -> 12).
        raise NotANumber(NotANumber.AMBIGUOUS, vietnamese=_rounded(Decimal(f"{whole}.{fraction}"), 3), english=Decimal(whole + fraction))
    number = Decimal(digits)
    return -number if negative else number, "." in digits


def _grouped(text: str, separator: str) -> bool:
    """'1.234.567' with '.': groups of three digits after a first group of one to three."""
    parts = text.split(separator)
    return 1 <= len(parts[0]) <= 3 and all(len(part) == 3 for part in parts[1:]) and all(part.isdigit() for part in parts)


def _digits(text, language):
    """'12.000,5' -> '12000.5'; None when the separators make no sense; 'ambiguous' for '12,000' without a language."""
    dots, commas = text.count("."), text.count(",")
    if dots and commas:
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
        # The Vietnamese way the source prints thousands (12.000, 2.216); any other place makes it a decimal
        # point (2.5, 1234.567). In English a single point is always the decimal one.
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
