"""The reporting-round pages: who sees which report, and the round page for the coordinator."""
import pytest
from django.urls import reverse

from partners.models import Organisation
from reporting import services
from reporting.models import AnnualReport
from tests.report_forms import report_post

pytestmark = pytest.mark.django_db


@pytest.fixture
def round_2024(programme, users):
    # A round whose deadline is still ahead, whenever the tests run.
    from django.utils import timezone

    units = Organisation.objects.filter(code__in=["ubnd-huyen-chau-thanh", "hoi-nong-dan-soc-trang", "ubnd-tp-soc-trang"])
    return services.round_open(programme=programme, year=timezone.now().year + 1, by=users["coordinator"], units=list(units))


def report_url(round_, code, step=None):
    unit = Organisation.objects.get(code=code)
    if step:
        return reverse("reporting:report_step", args=[round_.pk, unit.pk, step])
    return reverse("reporting:report", args=[round_.pk, unit.pk])


def test_officer_fills_and_submits_their_units_report(client, users, round_2024):
    client.force_login(users["officer"])
    url = report_url(round_2024, "ubnd-huyen-chau-thanh")
    page = client.get(url)
    assert page.status_code == 200
    data = report_post(page, results="Kết quả", difficulties="Khó khăn", proposals="Kiến nghị", submit="1")
    assert client.post(url, data).status_code == 302
    report = AnnualReport.objects.get(round=round_2024, organisation__code="ubnd-huyen-chau-thanh")
    assert report.status == "submitted" and [e.action for e in report.events.all()] == ["save", "submit"]


def test_officer_of_one_unit_gets_403_for_another_units_report(client, users, round_2024):
    client.force_login(users["farmers"])
    client.get(report_url(round_2024, "hoi-nong-dan-soc-trang"))  # Hội Nông dân starts its own report
    client.force_login(users["officer"])
    url = report_url(round_2024, "hoi-nong-dan-soc-trang")
    assert client.get(url).status_code == 403
    response = client.post(url, {"version": 1, "results": "Đã sửa", "difficulties": "x", "proposals": "x", "submit": "1"})
    assert response.status_code == 403
    assert client.post(report_url(round_2024, "hoi-nong-dan-soc-trang", "accept")).status_code == 403
    report = AnnualReport.objects.get(round=round_2024, organisation__code="hoi-nong-dan-soc-trang")
    assert (report.results, report.status, report.events.count()) == ("", "draft", 0)


def test_round_page_is_the_coordinators_and_looking_does_not_start_a_report(client, users, round_2024):
    client.force_login(users["officer"])
    assert client.get(reverse("reporting:round", args=[round_2024.pk])).status_code == 403
    client.force_login(users["coordinator"])
    page = client.get(reverse("reporting:round", args=[round_2024.pk]))
    assert page.status_code == 200 and len(page.context["states"]) == 3
    assert client.get(report_url(round_2024, "ubnd-tp-soc-trang")).status_code == 200
    assert not AnnualReport.objects.filter(round=round_2024).exists()


def test_only_the_coordinator_opens_a_round(client, users, programme):
    client.force_login(users["officer"])
    assert client.post(reverse("reporting:rounds"), {"programme": programme.pk, "year": 2023, "grace_days": 0, "reminders": "7"}).status_code == 403
    client.force_login(users["coordinator"])
    response = client.post(reverse("reporting:rounds"), {"programme": programme.pk, "year": 2023, "grace_days": 2, "reminders": "14, 7, x"})
    assert "reminders" in response.context["form"].errors
    response = client.post(reverse("reporting:rounds"), {"programme": programme.pk, "year": 2023, "grace_days": 2, "reminders": "14, 7"})
    assert response.status_code == 302


def test_a_unit_outside_the_round_has_no_report_page(client, users, round_2024):
    client.force_login(users["coordinator"])
    assert client.get(report_url(round_2024, "so-kh-cn-soc-trang")).status_code in (403, 404)
