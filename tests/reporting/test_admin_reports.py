"""The admin keeps to the report's rules: the narrative of an open report is saved through the same service as the
report's page (version checked and bumped, an entry in its timeline); a report the portal has locked, and every
reporting round, is read-only there, and a report's unit and round never change."""
import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from partners.models import Organisation
from reporting import services
from reporting.models import AnnualReport, ReportEvent, ReportingRound
from tests.support.rounds import open_round

pytestmark = pytest.mark.django_db
UNIT = "ubnd-huyen-chau-thanh"


@pytest.fixture
def admin_client(staff_client):
    return staff_client("coordinator", "so-tai-chinh-can-tho", language="en")


@pytest.fixture
def draft(programme, users):
    """The unit's report in a round still open, started by its officer."""
    unit = Organisation.objects.get(code=UNIT)
    units = [unit, Organisation.objects.get(code="hoi-nong-dan-soc-trang")]
    round_ = open_round(programme, users["coordinator"], units)
    return services.report_start(round_=round_, organisation=unit, by=users["officer"])


def change_url(report):
    return reverse("admin:reporting_annualreport_change", args=[report.pk])


def change_payload(client, report, **changes):
    """The report's change form as the browser sends it back: its fields and the timeline's management form."""
    page = client.get(change_url(report))
    data = {name: value for name, value in page.context["adminform"].form.initial.items() if value is not None}
    for inline in page.context["inline_admin_formsets"]:
        data |= {f"{inline.formset.prefix}-{name}": value for name, value in inline.formset.management_form.initial.items()}
    return data | changes


def test_an_open_draft_edited_in_the_admin_is_saved_as_on_the_reports_page(admin_client, draft):
    form = admin_client.get(change_url(draft)).content.decode()
    assert f'<input type="hidden" name="opened_version" value="{draft.version}"' in form and 'name="results"' in form
    typed = change_payload(admin_client, draft, results="Hoàn thành 3 công trình nước sạch")
    assert admin_client.post(change_url(draft), typed).status_code == 302
    stored = AnnualReport.objects.get(pk=draft.pk)
    assert (stored.results, stored.version) == ("Hoàn thành 3 công trình nước sạch", draft.version + 1)
    event = stored.events.get()
    assert (event.action, event.actor) == (ReportEvent.Action.SAVE, admin_client.user)


def test_an_admin_form_opened_before_a_portal_save_is_refused_and_keeps_what_was_typed(admin_client, draft, users):
    typed = change_payload(admin_client, draft, results="Gõ trong trang quản trị")
    services.report_save(report=draft, by=users["officer"], expected_version=draft.version, results="Lưu trên cổng")

    response = admin_client.post(change_url(draft), typed)

    assert response.status_code == 200
    assert "Someone saved this report after you opened it" in " ".join(response.context["adminform"].form.non_field_errors())
    assert "Gõ trong trang quản trị" in response.content.decode()
    stored = AnnualReport.objects.get(pk=draft.pk)
    assert (stored.results, stored.version) == ("Lưu trên cổng", draft.version + 1)
    assert [event.actor for event in stored.events.all()] == [users["officer"]]


def test_the_unit_and_the_round_of_a_report_never_change_in_the_admin(admin_client, draft, programme):
    other_unit = Organisation.objects.get(code="hoi-nong-dan-soc-trang")
    other_round = ReportingRound.objects.create(programme=programme, year=2019, deadline=timezone.now())
    typed = change_payload(admin_client, draft, organisation=other_unit.pk, round=other_round.pk, results="Kết quả")
    assert admin_client.post(change_url(draft), typed).status_code == 302
    stored = AnnualReport.objects.get(pk=draft.pk)
    assert (stored.organisation_id, stored.round_id, stored.results) == (draft.organisation_id, draft.round_id, "Kết quả")


def accepted(report):
    AnnualReport.objects.filter(pk=report.pk).update(status=AnnualReport.Status.ACCEPTED, submitted_at=timezone.now(), results="Đã duyệt")
    return AnnualReport.objects.get(pk=report.pk)


def submitted(report):
    AnnualReport.objects.filter(pk=report.pk).update(status=AnnualReport.Status.SUBMITTED, submitted_at=timezone.now(), results="Đã gửi")
    return AnnualReport.objects.get(pk=report.pk)


def frozen(report):
    ReportingRound.objects.filter(pk=report.round_id).update(deadline=timezone.now() - datetime.timedelta(days=2))
    AnnualReport.objects.filter(pk=report.pk).update(results="Nháp khi hết hạn")
    return AnnualReport.objects.get(pk=report.pk)


@pytest.mark.parametrize("lock", [accepted, submitted, frozen], ids=lambda lock: lock.__name__)
def test_a_report_the_portal_has_locked_is_read_only_in_the_admin(admin_client, draft, programme, lock):
    locked = lock(draft)
    page = admin_client.get(change_url(locked))
    html = page.content.decode()
    assert page.status_code == 200 and not page.context["has_change_permission"]
    assert 'name="results"' not in html and 'name="opened_version"' not in html and locked.results in html
    other_round = ReportingRound.objects.create(programme=programme, year=2019, deadline=timezone.now())
    posted = {"results": "Sửa sau khi khóa", "organisation": Organisation.objects.get(code="hoi-nong-dan-soc-trang").pk, "round": other_round.pk}
    assert admin_client.post(change_url(locked), posted | {"opened_version": locked.version}).status_code == 403
    delete = reverse("admin:reporting_annualreport_delete", args=[locked.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403
    stored = AnnualReport.objects.get(pk=locked.pk)
    assert (stored.results, stored.organisation_id, stored.round_id, stored.version) == (locked.results, locked.organisation_id, locked.round_id, locked.version)
    assert not stored.events.exists()


def test_reporting_rounds_are_read_only_in_the_admin(admin_client, draft):
    round_ = draft.round
    url = reverse("admin:reporting_reportinground_change", args=[round_.pk])
    page = admin_client.get(url)
    assert page.status_code == 200 and not page.context["has_change_permission"]
    assert reverse("reporting:round", args=[round_.pk]) in page.content.decode()  # "view on site": the round's page
    later = (round_.deadline + datetime.timedelta(days=60)).strftime("%d/%m/%Y")
    assert admin_client.post(url, {"deadline_0": later, "deadline_1": "23:59", "grace_days": "30", "units": []}).status_code == 403
    assert admin_client.get(reverse("admin:reporting_reportinground_add")).status_code == 403
    assert admin_client.post(reverse("admin:reporting_reportinground_delete", args=[round_.pk]), {"post": "yes"}).status_code == 403
    stored = ReportingRound.objects.get(pk=round_.pk)
    assert (stored.deadline, stored.grace_days, stored.units.count()) == (round_.deadline, round_.grace_days, 2)
    assert AnnualReport.objects.filter(pk=draft.pk).exists()


def test_reports_are_started_on_their_rounds_page_not_in_the_admin(admin_client):
    assert admin_client.get(reverse("admin:reporting_annualreport_add")).status_code == 403
