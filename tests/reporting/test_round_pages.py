"""The reporting-round pages: who sees which report, and the round page for the coordinator."""
import pytest
from django.urls import reverse

from partners.models import Organisation
from reporting.models import AnnualReport
from tests.support.report_forms import report_post, started
from tests.support.rounds import open_round

pytestmark = pytest.mark.django_db


@pytest.fixture
def round_ahead(programme, users):
    """A round of the programme's last year whose deadline is still ahead, whenever the tests run."""
    units = Organisation.objects.filter(code__in=["ubnd-huyen-chau-thanh", "hoi-nong-dan-soc-trang", "ubnd-tp-soc-trang"])
    return open_round(programme, users["coordinator"], units)


def report_url(round_, code, step=None):
    unit = Organisation.objects.get(code=code)
    if step:
        return reverse("reporting:report_step", args=[round_.pk, unit.pk, step])
    return reverse("reporting:report", args=[round_.pk, unit.pk])


def test_officer_fills_and_submits_their_units_report(client, users, round_ahead):
    client.force_login(users["officer"])
    url = report_url(round_ahead, "ubnd-huyen-chau-thanh")
    assert client.get(url).context["may_start"] and not AnnualReport.objects.exists()  # looking starts nothing
    page = started(client, url)
    assert page.status_code == 200
    data = report_post(page, results="Kết quả", difficulties="Khó khăn", proposals="Kiến nghị", submit="1")
    # "Submit" saves the draft and asks for a confirmation; nothing is sent until the officer confirms.
    confirm = url + "submit/"
    assert client.post(url, data)["Location"] == confirm
    report = AnnualReport.objects.get(round=round_ahead, organisation__code="ubnd-huyen-chau-thanh")
    assert (report.status, report.results) == ("draft", "Kết quả")
    assert "Xác nhận và gửi" in client.get(confirm).content.decode()
    assert client.post(confirm, {"version": report.version - 1}).status_code == 302  # a stale confirmation sends nothing
    report.refresh_from_db()
    assert report.status == "draft"
    client.post(confirm, {"version": report.version})
    report.refresh_from_db()
    assert report.status == "submitted" and [e.action for e in report.events.all()] == ["save", "submit"]


def test_officer_of_one_unit_is_told_another_units_report_does_not_exist(client, users, round_ahead):
    client.force_login(users["farmers"])
    started(client, report_url(round_ahead, "hoi-nong-dan-soc-trang"))  # Hội Nông dân starts its own report
    client.force_login(users["officer"])
    url = report_url(round_ahead, "hoi-nong-dan-soc-trang")
    assert client.get(url).status_code == 404
    assert client.post(url + "start/").status_code == 404
    response = client.post(url, {"version": 1, "results": "Đã sửa", "difficulties": "x", "proposals": "x", "submit": "1"})
    assert response.status_code == 404
    assert client.post(report_url(round_ahead, "hoi-nong-dan-soc-trang", "accept")).status_code == 404
    report = AnnualReport.objects.get(round=round_ahead, organisation__code="hoi-nong-dan-soc-trang")
    assert (report.results, report.status, report.events.count()) == ("", "draft", 0)


def test_round_page_is_the_coordinators_and_looking_does_not_start_a_report(client, users, round_ahead):
    client.force_login(users["officer"])
    assert client.get(reverse("reporting:round", args=[round_ahead.pk])).status_code == 403
    client.force_login(users["coordinator"])
    page = client.get(reverse("reporting:round", args=[round_ahead.pk]))
    assert page.status_code == 200 and len(page.context["states"]) == 3
    looking = client.get(report_url(round_ahead, "ubnd-tp-soc-trang"))
    assert looking.status_code == 200 and not looking.context["may_start"]  # the unit's officers start it
    assert not AnnualReport.objects.filter(round=round_ahead).exists()


def test_only_the_coordinator_opens_a_round(client, users, programme):
    client.force_login(users["officer"])
    assert client.post(reverse("reporting:rounds"), {"programme": programme.pk, "year": 2023, "grace_days": 0, "reminders": "7"}).status_code == 403
    client.force_login(users["coordinator"])
    response = client.post(reverse("reporting:rounds"), {"programme": programme.pk, "year": 2023, "grace_days": 2, "reminders": "14, 7, x"})
    assert "reminders" in response.context["form"].errors
    response = client.post(reverse("reporting:rounds"), {"programme": programme.pk, "year": 2023, "grace_days": 2, "reminders": "14, 7"})
    assert response.status_code == 302


def test_a_unit_outside_the_round_has_no_report_page(client, users, round_ahead):
    client.force_login(users["coordinator"])
    assert client.get(report_url(round_ahead, "so-kh-cn-soc-trang")).status_code in (403, 404)


def test_the_round_page_filters_exports_and_manages_its_units(client, users, round_ahead, django_assert_max_num_queries):
    import io

    from openpyxl import load_workbook

    client.force_login(users["farmers"])
    started(client, report_url(round_ahead, "hoi-nong-dan-soc-trang"))  # Hội Nông dân starts its report: a draft
    client.force_login(users["coordinator"])
    url = reverse("reporting:round", args=[round_ahead.pk])
    with django_assert_max_num_queries(12):
        page = client.get(url, {"state": "draft"})
    assert [s.organisation.code for s in page.context["states"]] == ["hoi-nong-dan-soc-trang"]
    sheet = load_workbook(io.BytesIO(client.get(url, {"export": "xlsx"}).content)).active
    assert sorted(row[0] for row in sheet.iter_rows(min_row=4, values_only=True)) == sorted(round_ahead.units.values_list("name", flat=True))
    science = Organisation.objects.get(code="so-tai-chinh-can-tho")  # a unit that exists in the round's year
    client.post(reverse("reporting:round_units", args=[round_ahead.pk]), {"add": [science.pk]})
    assert round_ahead.units.filter(pk=science.pk).exists()
    client.post(reverse("reporting:round_units", args=[round_ahead.pk]), {"remove": science.pk})
    assert not round_ahead.units.filter(pk=science.pk).exists()
    farmers = Organisation.objects.get(code="hoi-nong-dan-soc-trang")
    client.post(reverse("reporting:round_units", args=[round_ahead.pk]), {"remove": farmers.pk})
    assert round_ahead.units.filter(pk=farmers.pk).exists()  # it has started its report
    client.force_login(users["officer"])
    assert client.post(reverse("reporting:round_units", args=[round_ahead.pk]), {"add": [science.pk]}).status_code == 403
    assert not round_ahead.units.filter(pk=science.pk).exists()


def test_a_reviewer_sees_the_rounds_and_is_told_who_reads_the_reports(client, users, round_ahead):
    client.force_login(users["reviewer"])
    page = client.get(reverse("reporting:rounds"))
    text = page.content.decode()
    assert page.status_code == 200 and "Chưa có đợt báo cáo nào" not in text
    assert f"{round_ahead.year} · {round_ahead.programme.number}" in text
    assert "Báo cáo của các đơn vị do cán bộ đầu mối cấp tỉnh đọc" in text
    assert reverse("reporting:round", args=[round_ahead.pk]) not in text  # nothing is offered that would answer 403
    client.force_login(users["officer"])
    assert "Báo cáo của các đơn vị do cán bộ đầu mối" not in client.get(reverse("reporting:rounds")).content.decode()


def test_a_round_offers_and_accepts_only_units_that_may_host_a_project_in_its_year(client, users, round_ahead):
    """Central bodies approve or coordinate aid and councils oversee it: none of them reports in a round, and a unit
    the reform ended before the round's year is not offered either."""
    client.force_login(users["coordinator"])
    url = reverse("reporting:round", args=[round_ahead.pk])
    offered = {org.code for org in client.get(url).context["candidates"]}
    for code in ["thu-tuong-chinh-phu", "bo-ngoai-giao", "van-phong-chinh-phu", "hdnd-soc-trang", "uy-ban-cong-tac-pcpnn", "paccom", "vufo"]:
        assert code not in offered, code
    # 2025: Sóc Trăng province answered until 30/6, the new Cần Thơ city from 1/7; a 2024 round knows only the former.
    assert {"ubnd-can-tho", "ubnd-soc-trang"} <= offered
    earlier = open_round(round_ahead.programme, users["coordinator"], [], year=2024)
    offered_2024 = {org.code for org in client.get(reverse("reporting:round", args=[earlier.pk])).context["candidates"]}
    assert "ubnd-soc-trang" in offered_2024 and "ubnd-can-tho" not in offered_2024
    ministry = Organisation.objects.get(code="bo-ngoai-giao")
    page = client.post(reverse("reporting:round_units", args=[round_ahead.pk]), {"add": [ministry.pk]}, follow=True)
    assert not round_ahead.units.filter(pk=ministry.pk).exists()
    assert "Bộ Ngoại giao không thuộc diện báo cáo trong đợt này" in page.content.decode()
