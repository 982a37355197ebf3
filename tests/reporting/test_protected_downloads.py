"""Stored files (a report's attachments, a job's file) are sent only after the view's access check: by the portal
itself, or, with PROTECTED_MEDIA_REDIRECT set, by nginx through X-Accel-Redirect to its internal location
(docs/deploy.md); a refused reader gets neither the file nor the header."""
from urllib.parse import unquote

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from partners.models import Organisation
from reporting import services
from socaid.downloads import protected_file
from socaid.jobs.models import Job
from tests.support.rounds import open_round

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
NAME = "Báo cáo năm 2026 (bản ký).pdf"


@pytest.fixture
def attachment(programme, users):
    units = Organisation.objects.filter(code__in=["ubnd-huyen-chau-thanh", "hoi-nong-dan-soc-trang"])
    round_ = open_round(programme, users["coordinator"], units)
    report = services.report_start(round_=round_, organisation=Organisation.objects.get(code="ubnd-huyen-chau-thanh"), by=users["officer"])
    return services.report_attach(report=report, by=users["officer"], upload=SimpleUploadedFile(NAME, PDF, content_type="application/pdf"))


def attachment_url(attachment):
    return reverse("reporting:attachment", args=[attachment.report.round_id, attachment.report.organisation_id, attachment.pk])


@pytest.fixture
def through_nginx(settings):
    settings.PROTECTED_MEDIA_REDIRECT = "/protected-media/"


def test_without_the_setting_the_portal_streams_the_file(client, users, attachment):
    client.force_login(users["officer"])
    response = client.get(attachment_url(attachment))
    assert response.status_code == 200 and "X-Accel-Redirect" not in response
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert "filename*=utf-8''B%C3%A1o%20c%C3%A1o" in response["Content-Disposition"]


def test_with_the_setting_nginx_sends_the_stored_file_under_the_users_name(client, users, attachment, through_nginx):
    client.force_login(users["officer"])
    response = client.get(attachment_url(attachment))
    assert response.status_code == 200 and response.content == b""
    assert response["X-Accel-Redirect"] == "/protected-media/" + attachment.file.name
    assert unquote(response["X-Accel-Redirect"]).removeprefix("/protected-media/") == attachment.file.name
    assert default_storage.exists(attachment.file.name)
    assert response["Content-Type"] == "application/pdf"
    # RFC 6266: the Vietnamese name in filename*, UTF-8 and percent-encoded.
    assert response["Content-Disposition"] == (
        "attachment; filename*=utf-8''B%C3%A1o%20c%C3%A1o%20n%C4%83m%202026%20%28b%E1%BA%A3n%20k%C3%BD%29.pdf"
    )


def test_a_stored_name_is_quoted_in_the_header(settings):
    settings.PROTECTED_MEDIA_REDIRECT = "/protected-media/"
    response = protected_file("jobs/danh mục?#1.xlsx", "Danh mục.xlsx")
    assert response["X-Accel-Redirect"] == "/protected-media/jobs/danh%20m%E1%BB%A5c%3F%231.xlsx"
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def test_the_access_check_comes_first(client, users, attachment, through_nginx):
    client.force_login(users["farmers"])  # another unit's officer: the report is not theirs to know of
    response = client.get(attachment_url(attachment))
    assert response.status_code == 404 and "X-Accel-Redirect" not in response
    client.logout()
    response = client.get(attachment_url(attachment))
    assert response.status_code == 302 and "X-Accel-Redirect" not in response


def test_a_jobs_file_goes_through_nginx_to_its_requester_alone(client, users, programme, settings, through_nginx):
    settings.JOB_ABOVE_ROWS = {"pdf": 1, "xlsx": 1, "import": 1}
    client.force_login(users["coordinator"])
    client.get(reverse("reporting:appendix"), {"programme": programme.pk, "format": "xlsx", "lang": "vi"})
    job = Job.objects.get()
    response = client.get(reverse("jobs:file", args=[job.pk]))
    assert response.status_code == 200 and response.content == b""
    assert response["X-Accel-Redirect"] == "/protected-media/" + job.file and default_storage.exists(job.file)
    assert response["Content-Disposition"].startswith("attachment; filename=\"danh-muc-du-an-")
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    client.force_login(users["viewer"])
    response = client.get(reverse("jobs:file", args=[job.pk]))
    assert response.status_code == 403 and "X-Accel-Redirect" not in response


def test_a_missing_file_is_not_found_when_the_portal_sends_it(client, users, attachment):
    default_storage.delete(attachment.file.name)
    client.force_login(users["officer"])
    assert client.get(attachment_url(attachment)).status_code == 404
