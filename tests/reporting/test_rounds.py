"""The yearly reporting round: deadline at the edge, freeze and reopening, lock, reminders, and each unit's privacy."""
import datetime
from io import StringIO

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from partners.models import Organisation, OrganisationSuccession
from reporting import services
from reporting.builders.rounds import follow_up
from reporting.models import AnnualReport, ReminderSent, ReportingRound
from tests.support.rounds import HCM, at

pytestmark = pytest.mark.django_db



@pytest.fixture
def round_2024(programme, users):
    return services.round_open(programme=programme, year=2024, by=users["coordinator"], grace_days=3)


def filled(report, by, now):
    return services.report_save(
        report=report, by=by, expected_version=report.version, now=now,
        results="Hoàn thành 2 dự án", difficulties="Thiếu vốn đối ứng", proposals="Bố trí vốn năm sau",
    )


def own_report(round_, users):
    return services.report_start(round_=round_, organisation=Organisation.objects.get(code="ubnd-huyen-chau-thanh"), by=users["officer"])


def test_default_round_obliges_the_programmes_units_valid_on_the_deadline(round_2024, programme, users):
    assert round_2024.deadline == at(2024, 12, 20, 23, 59, 59, 999999)
    codes = set(round_2024.units.values_list("code", flat=True))
    assert {"ubnd-huyen-chau-thanh", "hoi-nong-dan-soc-trang", "so-kh-cn-soc-trang", "ubnd-tp-soc-trang"} <= codes
    # 2025: the reform ended the district committees on 30 June. Hội Nông dân's successor (recorded here) reports
    # for it; UBND huyện Châu Thành, with no successor recorded, still answers for its half year.
    successor = Organisation.objects.create(code="hoi-nong-dan-can-tho", name="Hội Nông dân thành phố Cần Thơ", kind="mass_organisation", valid_from=datetime.date(2025, 7, 1))
    OrganisationSuccession.objects.create(predecessor=Organisation.objects.get(code="hoi-nong-dan-soc-trang"), successor=successor, effective_on=datetime.date(2025, 7, 1))
    codes_2025 = set(services.round_open(programme=programme, year=2025, by=users["coordinator"]).units.values_list("code", flat=True))
    assert {"hoi-nong-dan-can-tho", "ubnd-huyen-chau-thanh"} <= codes_2025 and "hoi-nong-dan-soc-trang" not in codes_2025


def test_a_round_reports_on_a_year_of_its_programme(programme, users, client):
    """A 2026 round of the 2020–2025 programme would hold reports that no summary of it can count."""
    with pytest.raises(ValidationError) as refused:
        services.round_open(programme=programme, year=2026, by=users["coordinator"])
    assert "2020–2025" in refused.value.messages[0]
    client.force_login(users["coordinator"])
    page = client.post(reverse("reporting:rounds"), {"programme": programme.pk, "year": 2026, "grace_days": 0, "reminders": "7"})
    assert page.status_code == 200
    assert "2026 nằm ngoài chương trình" in page.content.decode()
    assert page.context["form"].has_error("year")
    assert not ReportingRound.objects.filter(year=2026).exists()


@pytest.mark.parametrize(
    "moment, late",
    [
        (at(2024, 12, 20, 23, 59, 0), False),
        (at(2024, 12, 20, 23, 59, 59), False),
        (at(2024, 12, 21, 0, 0, 0), True),
        # 16:59 UTC on 20 December is 23:59 in Hồ Chí Minh City; 17:00 UTC is already the 21st there.
        (datetime.datetime(2024, 12, 20, 16, 59, tzinfo=datetime.timezone.utc), False),
        (datetime.datetime(2024, 12, 20, 17, 0, tzinfo=datetime.timezone.utc), True),
    ],
)
def test_deadline_at_the_edge_whatever_the_servers_time_zone(round_2024, users, moment, late, settings):
    settings.TIME_ZONE = "UTC"
    report = filled(own_report(round_2024, users), users["officer"], at(2024, 12, 1, 9))
    report = services.report_submit(report=report, by=users["officer"], now=moment)
    assert report.submitted_late is late
    assert report.events.last().late is late


def test_drafts_freeze_after_the_grace_period_and_the_coordinator_can_reopen_one(round_2024, users):
    report = own_report(round_2024, users)
    report = filled(report, users["officer"], at(2024, 12, 23, 23, 0))  # within the 3 days' grace
    frozen = at(2024, 12, 24, 0, 1)
    with pytest.raises(ValidationError, match="đã đóng ngày 23/12/2024"):
        services.report_submit(report=report, by=users["officer"], now=frozen)
    with pytest.raises(PermissionDenied):
        services.report_reopen(report=report, by=users["officer"], reason="xin gia hạn", until=at(2024, 12, 31), now=frozen)
    services.report_reopen(report=report, by=users["coordinator"], reason="Đơn vị sáp nhập", until=at(2024, 12, 31), now=frozen)
    report = services.report_submit(report=report, by=users["officer"], now=at(2024, 12, 30, 10))
    assert report.status == "submitted" and report.submitted_late
    assert [e.action for e in report.events.all()] == ["save", "reopen", "submit"]


def test_returned_then_resubmitted_then_accepted_and_locked(round_2024, users):
    report = filled(own_report(round_2024, users), users["officer"], at(2024, 12, 1, 9))
    report = services.report_submit(report=report, by=users["officer"], now=at(2024, 12, 2, 9))
    with pytest.raises(ValidationError):
        services.report_return(report=report, by=users["coordinator"], comment="")
    report = services.report_return(report=report, by=users["coordinator"], comment="Bổ sung số liệu giải ngân", now=at(2024, 12, 3))
    report = filled(report, users["officer"], at(2024, 12, 4))
    report = services.report_submit(report=report, by=users["officer"], now=at(2024, 12, 5))
    assert not report.submitted_late and report.first_submitted_at == at(2024, 12, 2, 9)
    report = services.report_accept(report=report, by=users["coordinator"], now=at(2024, 12, 6))
    for step in (
        lambda: filled(report, users["officer"], at(2024, 12, 7)),
        lambda: services.report_submit(report=report, by=users["officer"], now=at(2024, 12, 7)),
        lambda: services.report_return(report=report, by=users["coordinator"], comment="x", now=at(2024, 12, 7)),
        lambda: services.report_reopen(report=report, by=users["coordinator"], reason="x", until=at(2024, 12, 31), now=at(2024, 12, 7)),
    ):
        with pytest.raises(ValidationError):
            step()
    assert AnnualReport.objects.get(pk=report.pk).status == "accepted"


def test_an_officer_cannot_read_or_change_another_units_report(round_2024, users):
    farmers = Organisation.objects.get(code="hoi-nong-dan-soc-trang")
    with pytest.raises(PermissionDenied):
        services.report_start(round_=round_2024, organisation=farmers, by=users["officer"])
    report = services.report_start(round_=round_2024, organisation=farmers, by=users["farmers"])
    with pytest.raises(PermissionDenied):
        services.report_save(report=report, by=users["officer"], expected_version=1, results="Đã sửa")
    with pytest.raises(PermissionDenied):
        services.report_submit(report=report, by=users["officer"])
    report.refresh_from_db()
    assert (report.results, report.version, report.events.count()) == ("", 1, 0)


def test_follow_up_shows_every_state(round_2024, users):
    officer = own_report(round_2024, users)
    services.report_submit(report=filled(officer, users["officer"], at(2024, 12, 1)), by=users["officer"], now=at(2024, 12, 21, 8))
    farmers = services.report_start(round_=round_2024, organisation=Organisation.objects.get(code="hoi-nong-dan-soc-trang"), by=users["farmers"])
    states = {s.organisation.code: s for s in follow_up(round_2024, now=at(2024, 12, 10, 8))}
    assert states["hoi-nong-dan-soc-trang"].state == "draft" and states["hoi-nong-dan-soc-trang"].days == 10
    assert states["ubnd-tp-soc-trang"].state == "not_started"
    after = {s.organisation.code: s.state for s in follow_up(round_2024, now=at(2024, 12, 24, 8))}
    assert after["ubnd-huyen-chau-thanh"] == "submitted_late"
    assert after["ubnd-tp-soc-trang"] == "missing" and after["hoi-nong-dan-soc-trang"] == "missing"
    assert farmers.status == "draft"


def test_reminders_follow_the_schedule_and_never_repeat(round_2024, users):
    def run(moment):
        out = StringIO()
        call_command("send_report_reminders", now=moment.isoformat(), stdout=out)
        return out.getvalue()

    assert "0 reminder(s)" in run(at(2024, 12, 5, 8))  # 15 days before: nothing due yet
    first = run(at(2024, 12, 6, 8))  # 14 days before
    units = round_2024.units.count()
    assert f"{units} reminder(s)" in first and "officer@example.invalid" in first
    # Only Châu Thành and Hội Nông dân have officers with an e-mail address; each unit gets its own message.
    assert sorted(m.to[0] for m in mail.outbox) == ["farmers@example.invalid", "officer@example.invalid"]
    assert "0 reminder(s)" in run(at(2024, 12, 6, 20))  # same day again: no repeat
    assert "0 reminder(s)" in run(at(2024, 12, 10, 8))  # between points
    own = own_report(round_2024, users)
    services.report_submit(report=filled(own, users["officer"], at(2024, 12, 11)), by=users["officer"], now=at(2024, 12, 11, 9))
    seventh = run(at(2024, 12, 13, 8))  # 7 days before; Châu Thành has submitted
    assert f"{units - 1} reminder(s)" in seventh and "Châu Thành" not in seventh
    assert ReminderSent.objects.filter(round=round_2024).count() == units + units - 1
    assert "0 reminder(s)" in run(at(2024, 12, 21, 8))  # after the deadline nothing more


def test_reminder_command_refuses_a_bad_moment():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="time zone"):
        call_command("send_report_reminders", now="2024-12-06T08:00")


def test_demo_round_shows_every_state_once_and_only_once():
    call_command("demo", allow_production=True, stdout=StringIO())
    from reporting.models import ReportingRound

    round_ = ReportingRound.objects.get(year=2025)
    states = {s.organisation.code: s.state for s in follow_up(round_, now=at(2026, 1, 5, 9))}
    assert states["ubnd-huyen-chau-thanh"] == "submitted_on_time"
    assert states["hoi-nong-dan-soc-trang"] == "submitted_late"
    assert states["ubnd-tp-soc-trang"] == "returned"
    assert states["so-nn-ptnt-soc-trang"] == "accepted"
    assert states["so-kh-cn-soc-trang"] == "missing"
    counts = (AnnualReport.objects.count(), ReportingRound.objects.count())
    call_command("demo", allow_production=True, stdout=StringIO())
    assert (AnnualReport.objects.count(), ReportingRound.objects.count()) == counts


def test_reminders_link_to_the_units_report_at_the_site_address(round_2024, users, settings):
    settings.SITE_URL = "https://socaid.cantho.gov.vn"
    call_command("send_report_reminders", now=at(2024, 12, 6, 8).isoformat(), stdout=StringIO())
    unit = Organisation.objects.get(code="ubnd-huyen-chau-thanh")
    (message,) = [m for m in mail.outbox if m.to == ["officer@example.invalid"]]
    assert f"https://socaid.cantho.gov.vn/reports/rounds/{round_2024.pk}/unit/{unit.pk}/" in message.body


def test_the_days_of_a_unit_that_has_sent_stop_at_its_send_date(round_2024, users, client):
    """A report accepted on time is not "345 days late" a year on: the round page and its list give the send date
    and on time, or late by the days between the deadline and the send date, in the province's calendar."""
    import io

    from django.urls import reverse
    from django.utils import translation
    from openpyxl import load_workbook

    on_time = own_report(round_2024, users)
    services.report_submit(report=filled(on_time, users["officer"], at(2024, 12, 1)), by=users["officer"], now=at(2024, 12, 15, 10))
    services.report_accept(report=on_time, by=users["coordinator"], now=at(2024, 12, 16, 9))
    late = services.report_start(round_=round_2024, organisation=Organisation.objects.get(code="hoi-nong-dan-soc-trang"), by=users["farmers"])
    # 01:30 on the 23rd in Hồ Chí Minh City is still the 22nd in UTC: three days late there, not two.
    services.report_submit(report=filled(late, users["farmers"], at(2024, 12, 1)), by=users["farmers"], now=at(2024, 12, 23, 1, 30))
    a_year_on = at(2025, 11, 30, 9)
    with translation.override("vi"):
        states = {s.organisation.code: s for s in follow_up(round_2024, now=a_year_on)}
        assert states["ubnd-huyen-chau-thanh"].timing == "đã gửi ngày 15/12/2024, đúng hạn"
        assert states["hoi-nong-dan-soc-trang"].timing == "đã gửi ngày 23/12/2024, chậm 3 ngày"
        assert states["ubnd-tp-soc-trang"].timing == "chưa gửi, chậm 345 ngày"
    before = {s.organisation.code: s for s in follow_up(round_2024, now=at(2024, 12, 18, 9))}
    assert (before["ubnd-tp-soc-trang"].days_left, before["ubnd-huyen-chau-thanh"].days_left) == (2, None)

    client.force_login(users["coordinator"])
    url = reverse("reporting:round", args=[round_2024.pk])
    page = client.get(url).content.decode()
    assert "Đã gửi ngày 15/12/2024, đúng hạn" in page and "Đã gửi ngày 23/12/2024, chậm 3 ngày" in page
    sheet = load_workbook(io.BytesIO(client.get(url, {"export": "xlsx"}).content)).active
    rows = {row[0]: row for row in sheet.iter_rows(min_row=4, values_only=True)}
    assert (sheet.page_setup.orientation, sheet.print_title_rows, sheet.freeze_panes) == ("landscape", "$3:$3", "A4")
    assert rows["Ủy ban nhân dân huyện Châu Thành"][2:5] == ("Đã gửi ngày 15/12/2024, đúng hạn", None, 0)
    assert rows["Hội Nông dân tỉnh Sóc Trăng"][2:5] == ("Đã gửi ngày 23/12/2024, chậm 3 ngày", None, 3)


def test_returning_a_frozen_report_reopens_it_until_a_day_in_one_step(round_2024, users, client):
    """A report sent late and returned after the round froze: the return says until when the unit may correct it,
    and the unit can; a read-only report always tells its officer why and whom to ask."""
    from django.urls import reverse
    from django.utils import timezone

    report = filled(own_report(round_2024, users), users["officer"], at(2024, 12, 22, 9))
    report = services.report_submit(report=report, by=users["officer"], now=at(2024, 12, 22, 10))
    url = reverse("reporting:report", args=[round_2024.pk, report.organisation_id])
    client.force_login(users["officer"])
    page = client.get(url)
    assert not page.context["editable"]
    assert "Báo cáo đã được gửi và đang chờ cán bộ đầu mối xem xét" in page.content.decode()

    # Without a day, the return is refused: the unit could not correct a report the round has frozen.
    with pytest.raises(ValidationError):
        services.report_return(report=report, by=users["coordinator"], comment="Bổ sung số liệu")
    report.refresh_from_db()
    assert (report.status, report.reopened_until) == ("submitted", None)

    client.force_login(users["coordinator"])
    page = client.get(url).content.decode()
    assert 'name="until"' in page and "Trả lại và mở lại" in page
    day = timezone.localdate() + datetime.timedelta(days=5)
    step = reverse("reporting:report_step", args=[round_2024.pk, report.organisation_id, "return"])
    client.post(step, {"comment": "Bổ sung số liệu giải ngân", "until": day.strftime("%d/%m/%Y")})
    report.refresh_from_db()
    assert report.status == "returned"
    assert report.reopened_until == datetime.datetime.combine(day, datetime.time.max, tzinfo=HCM)
    assert [e.action for e in report.events.all()][-2:] == ["return", "reopen"]

    client.force_login(users["officer"])
    page = client.get(url)
    assert page.context["editable"] and "Bổ sung số liệu giải ngân" in page.content.decode()
    services.report_submit(report=filled(report, users["officer"], timezone.now()), by=users["officer"])

    # Once the reopening has passed, the page says so and names the coordinator to ask.
    report.refresh_from_db()
    services.report_return(report=report, by=users["coordinator"], comment="Sửa lại")  # still open: nothing to reopen
    AnnualReport.objects.filter(pk=report.pk).update(reopened_until=at(2025, 1, 5, 23, 59))  # the days pass
    text = client.get(url).content.decode()
    assert "Báo cáo đã được mở lại đến ngày 05/01/2025" in text and "Cán bộ đầu mối: Coordinator (coordinator@example.invalid)" in text


def test_an_officer_who_never_started_is_told_the_round_closed_and_whom_to_ask(round_2024, users, client):
    from django.urls import reverse

    client.force_login(users["officer"])
    page = client.get(reverse("reporting:report", args=[round_2024.pk, Organisation.objects.get(code="ubnd-huyen-chau-thanh").pk]))
    text = page.content.decode()
    assert not page.context["may_start"]
    assert "Đợt báo cáo đã đóng ngày 23/12/2024" in text and "Cán bộ đầu mối: Coordinator (coordinator@example.invalid)" in text


def test_a_refused_return_keeps_the_comment_and_the_day_typed(round_2024, users, client):
    """The coordinator returns a frozen report with a reopening day already past: the refusal says why and the
    comment typed is still in the form, to correct the day and send again."""
    from django.urls import reverse

    report = filled(own_report(round_2024, users), users["officer"], at(2024, 12, 22, 9))
    services.report_submit(report=report, by=users["officer"], now=at(2024, 12, 22, 10))
    client.force_login(users["coordinator"])
    step = reverse("reporting:report_step", args=[round_2024.pk, report.organisation_id, "return"])
    response = client.post(step, {"comment": "Bổ sung số liệu giải ngân quý IV", "until": "01/01/2025"})
    text = response.content.decode()
    assert response.status_code == 400 and "Hãy chọn hôm nay hoặc một ngày sau đó." in text
    assert ">Bổ sung số liệu giải ngân quý IV</textarea>" in text and 'value="01/01/2025"' in text
    report.refresh_from_db()
    assert report.status == "submitted" and report.reopened_until is None


def test_the_admin_cannot_open_a_round_outside_its_programme(programme, users, client):
    admin_user = users["coordinator"].__class__.objects.create_superuser("root-rounds", "root@example.org", "x-Very-long-pass-1")
    client.force_login(admin_user)
    page = client.post(reverse("admin:reporting_reportinground_add"), {
        "programme": programme.pk, "year": 2026, "deadline_0": "20/12/2026", "deadline_1": "23:59:59",
        "grace_days": 0, "reminder_days": "[7]",
    })
    assert page.status_code == 403  # rounds are opened on their page only, which holds the rule
    assert not ReportingRound.objects.filter(year=2026).exists()
    round_ = ReportingRound(programme=programme, year=2026, deadline=timezone.now())
    with pytest.raises(ValidationError) as refused:
        round_.full_clean()
    assert "Năm 2026 nằm ngoài chương trình" in refused.value.message_dict["year"][0]
