"""A request announcing a body bigger than any upload allowed is refused before a byte of it is read."""
import pytest
from django.test import Client
from django.urls import reverse

from partners.models import Organisation
from reporting import services
from reporting.models import AnnualReport
from tests.support.rounds import open_round

pytestmark = pytest.mark.django_db
HUGE = str(300 * 1024 * 1024)


class UnreadableBody:
    """The request's body: reading it is what the refusal must come before."""

    def read(self, *args):
        raise AssertionError("the body was read")

    readline = read


def post_announcing(client, url, length):
    return client.post(url, {"narrative": "x"}, CONTENT_LENGTH=length, **{"wsgi.input": UnreadableBody()})


def test_an_anonymous_client_holding_only_a_csrf_cookie_is_refused_before_the_csrf_check(client):
    client = Client(enforce_csrf_checks=True)
    client.cookies["csrftoken"] = "a" * 32
    response = post_announcing(client, reverse("login"), HUGE)
    assert response.status_code == 413
    assert "Không thể gửi tệp lớn hơn 20 MB lên hệ thống; chưa có gì được lưu." in response.content.decode()


def test_a_signed_in_officers_huge_post_to_a_report_is_refused_and_saves_nothing(client, users, programme, settings):
    unit = Organisation.objects.get(code="ubnd-huyen-chau-thanh")
    round_ = open_round(programme, users["coordinator"], [unit])
    report = services.report_start(round_=round_, organisation=unit, by=users["officer"])
    client.force_login(users["officer"])
    client.cookies["django_language"] = "en"
    settings.IMPORT_MAX_MB = 1
    settings.REPORT_ATTACHMENT_MAX_MB = 3
    response = post_announcing(client, reverse("reporting:report", args=[round_.pk, unit.pk]), HUGE)
    assert response.status_code == 413
    assert "Files larger than 3 MB cannot be sent to the portal; nothing was saved." in response.content.decode()
    assert AnnualReport.objects.get(pk=report.pk).version == report.version
    assert not report.attachments.exists()


def test_the_limit_is_the_largest_file_plus_the_forms_other_fields(client, settings):
    settings.IMPORT_MAX_MB = settings.REPORT_ATTACHMENT_MAX_MB = 1
    limit = 1024 * 1024 + settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    assert post_announcing(client, reverse("login"), "not a number").status_code != 413
    refused = client.post(reverse("login"), {"username": "x"}, CONTENT_LENGTH=str(limit + 1), **{"wsgi.input": UnreadableBody()})
    assert refused.status_code == 413
    assert client.post(reverse("login"), {"username": "x", "password": "y"}).status_code == 200
