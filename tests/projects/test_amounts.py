"""The one reader of typed numbers (projects.amounts.parse_number) and the three places that use it: the project
form's amounts, the annual report's counts of people and the import's cells, each with its own messages."""
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from projects.amounts import LARGEST_AMOUNT, NotANumber, format_amount, parse_number
from projects.forms import AmountField
from projects.imports.values import parse_amount
from reporting.round_forms import CountField


@pytest.mark.parametrize(
    "text, language, expected",
    [
        ("1.250,5", "vi", Decimal("1250.5")),
        ("1,250.5", "en", Decimal("1250.5")),
        ("12.000", "vi", Decimal(12000)),
        ("12,000", "vi", Decimal(12)),
        ("12,000", "en", Decimal(12000)),
        ("2.5", "vi", Decimal("2.5")),  # not a group of three: a decimal point, whatever the language
        ("2,5", "en", Decimal("2.5")),
        ("1 250,5", "vi", Decimal("1250.5")),
        ("1\u00a0250\u202f000", "en", Decimal(1250000)),
        ("-300", "vi", Decimal(-300)),  # the caller refuses negatives, in its own words
        ("   ", "vi", None),
        (Decimal("12000.500"), "vi", Decimal("12000.500")),  # a number stays the number it is, never re-read as text
    ],
)
def test_numbers_are_read_the_way_the_language_writes_them(text, language, expected):
    assert parse_number(text, language) == expected


@pytest.mark.parametrize(
    "text, options, reason",
    [
        ("12,000", {}, NotANumber.AMBIGUOUS),
        ("-", {}, NotANumber.INVALID),  # a dash is a known zero only where the appendix's way is expected
        ("1e5", {}, NotANumber.INVALID),
        ("1.2.3", {"language": "vi"}, NotANumber.INVALID),
        ("1,5", {"language": "vi", "whole": True}, NotANumber.NOT_WHOLE),
        ("1.000", {"language": "en", "whole": True}, NotANumber.NOT_WHOLE),  # a decimal point, not a thousand
        (str(LARGEST_AMOUNT), {"largest": LARGEST_AMOUNT}, NotANumber.TOO_LARGE),
        ("999999999999.9996", {"language": "en", "places": 3, "largest": LARGEST_AMOUNT}, NotANumber.TOO_LARGE),  # rounds up past it
        (1e30, {"places": 3}, NotANumber.TOO_LARGE),
    ],
)
def test_what_is_no_number_says_why(text, options, reason):
    with pytest.raises(NotANumber) as error:
        parse_number(text, **options)
    assert error.value.reason == reason


def test_options_of_the_import_and_of_counts():
    assert parse_number(" – ", dash_is_zero=True) == 0
    assert parse_number("1.23456", "en", places=3) == Decimal("1.235")
    assert str(parse_number("12.000,000", "vi", places=3)) == "12000"
    assert parse_number("1.200", "vi", whole=True) == 1200 and parse_number("1,200", "en", whole=True) == 1200
    with pytest.raises(NotANumber) as error:
        parse_number("100,000")
    assert (error.value.vietnamese, error.value.english) == (Decimal(100), Decimal(100000))


@pytest.mark.parametrize("language, typed, expected", [("vi", "1.250,5", Decimal("1250.5")), ("en", "1,250.5", Decimal("1250.5")), ("vi", "2.5", Decimal("2.5"))])
def test_the_form_reads_amounts_in_the_users_language(language, typed, expected):
    with translation.override(language):
        assert AmountField().clean(typed) == expected


@pytest.mark.parametrize("typed, message", [("-", "Enter an amount in million VND"), ("-5", "cannot be negative"), ("12,0005", "3 decimal places")])
def test_the_form_keeps_its_own_messages(typed, message):
    with translation.override("en"):
        with pytest.raises(ValidationError) as error:
            AmountField().clean(typed)
        assert message in " ".join(error.value.messages)


def test_counts_of_people_are_whole_numbers():
    field = CountField()
    with translation.override("vi"):
        assert field.clean("1.200") == 1200 and field.clean("") is None
        for typed in ("1,5", "1.5", "mười"):
            with pytest.raises(ValidationError, match=format_amount(1200)):
                field.clean(typed)
    with translation.override("en"):
        assert field.clean("1,200") == 1200
        with pytest.raises(ValidationError, match="whole number"):
            field.clean("1.000")


def test_the_import_words_its_own_problems():
    with translation.override("en"):
        assert parse_amount("100,000") == (None, "“100,000” is ambiguous: 100 read the Vietnamese way, 100000 read the English way. Write the amount without a thousands separator.")
        assert "too large" in parse_amount(10**15)[1] and "not an amount" in parse_amount("1.2.3")[1]
    assert parse_amount("-") == (Decimal(0), None)
