"""The USD equivalent the public pages show beside an amount in million VND."""
from decimal import Decimal

import pytest
from django.utils import translation

from projects.amounts import format_amount, usd_equivalent


@pytest.mark.parametrize(
    "million_vnd, rate, dollars",
    [
        # II.6's total at 25,450 VND a dollar: 34,399,904,000 / 25,450 = 1,351,666.17…
        (Decimal("34399.904"), Decimal("25450"), Decimal("1351666")),
        (Decimal("367.902"), Decimal("25450.00"), Decimal("14456")),  # 14,455.877…
        (Decimal("0.0125"), Decimal("25000"), Decimal("1")),  # exactly 0.5 dollar: half up
        (Decimal("0.012"), Decimal("25000"), Decimal("0")),  # 0.48 dollar
        (Decimal("0"), Decimal("25450"), Decimal("0")),  # a known zero stays a zero
        (Decimal("1000"), Decimal("24987.50"), Decimal("40020")),  # a rate with decimals: 40,020.01…
    ],
)
def test_whole_dollars_rounded_half_up(million_vnd, rate, dollars):
    result = usd_equivalent(million_vnd, rate)
    assert result == dollars and result.as_tuple().exponent == 0


def test_unknown_amount_or_no_rate_is_unknown_not_zero():
    assert usd_equivalent(None, Decimal("25450")) is None
    assert usd_equivalent(Decimal("100"), None) is None


def test_a_rate_of_zero_or_less_is_refused():
    for rate in (Decimal("0"), Decimal("-25450")):
        with pytest.raises(ValueError):
            usd_equivalent(Decimal("100"), rate)


def test_printed_the_readers_way():
    dollars = usd_equivalent(Decimal("34399.904"), Decimal("25450"))
    with translation.override("vi"):
        assert format_amount(dollars) == "1.351.666"
    with translation.override("en"):
        assert format_amount(dollars) == "1,351,666"
