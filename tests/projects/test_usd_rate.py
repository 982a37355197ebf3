"""The coordinator sets the USD rate the public pages show amounts at: typed the reader's way, refused clearly."""
import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.conf import settings
from django.utils import timezone

from projects.models import UsdRate
from projects.services.rates import usd_rate_set

pytestmark = pytest.mark.django_db

URL = reverse("projects:usd_rate")
SOURCE = "Ngân hàng Nhà nước Việt Nam – tỷ giá trung tâm"


def day(offset=0):
    return (timezone.localdate() + datetime.timedelta(days=offset)).strftime("%d/%m/%Y")


def test_the_rate_typed_the_vietnamese_way_then_the_english_way(client, users, django_assert_max_num_queries):
    client.force_login(users["coordinator"])
    response = client.post(URL, {"vnd_per_usd": "25.480", "valid_on": day(-30), "source": SOURCE})
    assert response.status_code == 302
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert client.post(URL, {"vnd_per_usd": "26,150.5", "valid_on": day(-2), "source": "Vietcombank"}).status_code == 302
    assert UsdRate.objects.current().vnd_per_usd == Decimal("26150.5")
    del client.cookies[settings.LANGUAGE_COOKIE_NAME]
    rates = list(UsdRate.objects.order_by("valid_on").values_list("vnd_per_usd", "source", "set_by"))
    assert rates[0] == (Decimal("25480"), SOURCE, users["coordinator"].pk)
    assert UsdRate.objects.current().valid_on == timezone.localdate() - datetime.timedelta(days=2)
    with django_assert_max_num_queries(8):
        page = client.get(URL)
    text = page.content.decode()
    assert page.context["current"] == UsdRate.objects.current() and [r.vnd_per_usd for r in page.context["earlier"]] == [Decimal("25480")]
    assert "25.480" in text and SOURCE in text


@pytest.mark.parametrize(
    "typed, valid_on, message",
    [
        ("-26.150", day(-1), "Tỷ giá phải lớn hơn 0."),
        ("0", day(-1), "Tỷ giá phải lớn hơn 0."),
        ("hai mươi sáu nghìn", day(-1), "Nhập tỷ giá là số đồng đổi được một đô la, ví dụ 26.150."),
        ("26,15", day(-1), "Một đô la Mỹ có giá vài chục nghìn đồng: hãy kiểm tra lại tỷ giá (ví dụ 26.150)."),
        ("26.150", day(3), "Ngày của tỷ giá không được ở tương lai."),
    ],
)
def test_refusals_are_clear_and_nothing_is_saved(client, users, typed, valid_on, message):
    client.force_login(users["coordinator"])
    response = client.post(URL, {"vnd_per_usd": typed, "valid_on": valid_on, "source": SOURCE})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not UsdRate.objects.exists()
    assert response.context["form"]["vnd_per_usd"].value() == typed  # what was typed stays in the box


def test_the_service_refuses_anyone_but_the_coordinator(users):
    from django.core.exceptions import PermissionDenied

    for role in ("officer", "viewer", "reviewer", "nobody"):
        with pytest.raises(PermissionDenied):
            usd_rate_set(vnd_per_usd=Decimal(26150), valid_on=timezone.localdate(), source=SOURCE, by=users[role])
    assert not UsdRate.objects.exists()


def test_english_refusals(client, users):
    client.force_login(users["coordinator"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.post(URL, {"vnd_per_usd": "-5", "valid_on": day(1), "source": ""})
    text = response.content.decode()
    assert "The rate must be more than zero." in text and "The day of the rate cannot be in the future." in text
    assert "Say where the rate comes from." in text
