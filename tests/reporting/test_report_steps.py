"""The coordinator's steps on a report seen from the page: a refused day is marked at its field, and a report
still open is given more time, never less."""
import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from partners.models import Organisation
from reporting import services
from reporting.builders.rounds import follow_up
from reporting.models import AnnualReport
from tests.support.rounds import HCM, at

pytestmark = pytest.mark.django_db



def end_of(day):
    return datetime.datetime.combine(day, datetime.time.max, tzinfo=HCM)


@pytest.fixture
def sent_late(programme, users):
    """Châu Thành's 2024 report, sent within the grace period; the round has long frozen since."""
    round_ = services.round_open(programme=programme, year=2024, by=users["coordinator"], grace_days=3)
    unit = Organisation.objects.get(code="ubnd-huyen-chau-thanh")
    report = services.report_start(round_=round_, organisation=unit, by=users["officer"])
    report = services.report_save(
        report=report, by=users["officer"], expected_version=report.version, now=at(2024, 12, 22, 9),
        results="Hoàn thành", difficulties="Thiếu vốn", proposals="Bổ sung vốn",
    )
    return services.report_submit(report=report, by=users["officer"], now=at(2024, 12, 22, 10))


def step_url(report, action):
    return reverse("reporting:report_step", args=[report.round_id, report.organisation_id, action])


def field_block(html, name):
    """The field's <div class="field">: its input and what is said under it."""
    start = html.rindex('<div class="field', 0, html.index(f'name="{name}"'))
    return html[start:html.index("</div>", html.index(f'name="{name}"'))]


@pytest.mark.parametrize("language, message", [("vi", "Hãy chọn hôm nay hoặc một ngày sau đó."), ("en", "Choose today or a later day.")])
def test_a_past_day_is_marked_at_its_field_and_takes_the_focus(client, users, sent_late, language, message):
    client.force_login(users["coordinator"])
    client.cookies["django_language"] = language
    response = client.post(step_url(sent_late, "return"), {"comment": "Bổ sung số liệu", "until": "01/01/2025"})
    html = response.content.decode()
    assert response.status_code == 400
    until = field_block(html, "until")
    assert 'class="field invalid"' in until and 'aria-invalid="true"' in until and "autofocus" in until and message in until
    described_by = re.search(r'name="until"[^>]*aria-describedby="([^"]+)"', until).group(1).split()
    assert any(re.search(rf'id="{name}"[^>]*>{re.escape(message)}', until) for name in described_by)  # read out with the field
    assert html.count(message) == 2  # at the field, and in the summary at the top of the page
    assert html.index(message) < html.index('<form method="post" enctype="multipart/form-data"')
    comment = field_block(html, "comment")
    assert "aria-invalid" not in comment and ">Bổ sung số liệu</textarea>" in comment
    sent_late.refresh_from_db()
    assert (sent_late.status, sent_late.reopened_until) == ("submitted", None)


def test_a_missing_comment_is_marked_at_the_comment(client, users, sent_late):
    client.force_login(users["coordinator"])
    html = client.post(step_url(sent_late, "return"), {"comment": " ", "until": "01/01/2099"}).content.decode()
    comment = field_block(html, "comment")
    assert 'aria-invalid="true"' in comment and "autofocus" in comment and "Vui lòng nêu rõ lý do trong phần ghi chú." in comment


def test_a_report_reopened_until_a_day_is_offered_more_time_never_less(client, users, sent_late):
    today = timezone.localdate()
    later = today + datetime.timedelta(days=20)
    client.force_login(users["coordinator"])
    client.post(step_url(sent_late, "return"), {"comment": "Bổ sung số liệu", "until": later.strftime("%d/%m/%Y")})
    sent_late.refresh_from_db()
    assert (sent_late.status, sent_late.reopened_until) == ("returned", end_of(later))

    page = client.get(reverse("reporting:report", args=[sent_late.round_id, sent_late.organisation_id])).content.decode()
    assert "Mở lại sau hạn chót" not in page and "Gia hạn cho đơn vị" in page
    offered = later + datetime.timedelta(days=7)  # a week after its own day, not a week from today
    assert re.search(rf'name="until" value="{offered:%d/%m/%Y}"', page)

    for day in (today + datetime.timedelta(days=7), later):
        response = client.post(step_url(sent_late, "reopen"), {"comment": "Gia hạn", "until": day.strftime("%d/%m/%Y")})
        assert response.status_code == 400
        assert f"Báo cáo đang được mở đến hết ngày {later:%d/%m/%Y}; hãy chọn một ngày sau đó." in field_block(response.content.decode(), "until")
    sent_late.refresh_from_db()
    assert sent_late.reopened_until == end_of(later)

    further = later + datetime.timedelta(days=5)
    assert client.post(step_url(sent_late, "reopen"), {"comment": "Gia hạn", "until": further.strftime("%d/%m/%Y")}).status_code == 302
    sent_late.refresh_from_db()
    assert sent_late.reopened_until == end_of(further)


def test_a_draft_before_the_round_closes_is_not_reopened_to_an_earlier_day(programme, users):
    round_ = services.round_open(programme=programme, year=2024, by=users["coordinator"], grace_days=3)
    report = services.report_start(round_=round_, organisation=Organisation.objects.get(code="ubnd-huyen-chau-thanh"), by=users["officer"])
    with pytest.raises(ValidationError, match="23/12/2024"):
        services.report_reopen(report=report, by=users["coordinator"], reason="x", until=at(2024, 12, 15, 23), now=at(2024, 12, 10))
    services.report_reopen(report=report, by=users["coordinator"], reason="x", until=at(2024, 12, 30, 23), now=at(2024, 12, 10))
    assert AnnualReport.objects.get(pk=report.pk).reopened_until == at(2024, 12, 30, 23)


def test_english_round_pages_print_days_as_the_rest_of_the_page(client, users, sent_late):
    client.force_login(users["coordinator"])
    client.cookies["django_language"] = "en"
    html = client.get(reverse("reporting:round", args=[sent_late.round_id])).content.decode()
    assert "Deadline: 20/12/2024 23:59" in html and "sent on 22/12/2024, 2 days late" in html.replace("Sent on", "sent on")
    with timezone.override(HCM):
        from django.utils import translation

        with translation.override("en"):
            state = next(s for s in follow_up(sent_late.round) if s.report)
            assert str(state.timing) == "sent on 22/12/2024, 2 days late"
