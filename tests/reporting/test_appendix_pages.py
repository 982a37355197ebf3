"""The report pages and commands: choices, downloads, permissions, a file past the size of a web request."""
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def viewer_client(client, users):
    client.force_login(users["viewer"])
    return client


def test_preview_page_offers_the_downloads(viewer_client, programme, django_assert_max_num_queries):
    with django_assert_max_num_queries(16):
        response = viewer_client.get(reverse("reporting:appendix"), {"programme": programme.pk, "lang": "vi", "content": "on"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "format=pdf" in html and "format=xlsx" in html and "format=print" in html
    assert "367.902" in html


def test_printable_page_may_be_framed_by_the_portal_only(viewer_client, programme):
    response = viewer_client.get(reverse("reporting:appendix"), {"programme": programme.pk, "format": "print"})
    assert response.status_code == 200 and response["X-Frame-Options"] == "SAMEORIGIN"
    assert "Bảo vệ chăm sóc trẻ em" in response.content.decode()


@pytest.mark.parametrize("output, content_type", [("pdf", "application/pdf"), ("xlsx", "application/vnd.openxmlformats")])
def test_downloads(viewer_client, programme, output, content_type):
    response = viewer_client.get(reverse("reporting:appendix"), {"programme": programme.pk, "format": output, "lang": "en"})
    assert response.status_code == 200 and response["Content-Type"].startswith(content_type)
    assert re.search(rf'filename="list-of-proposed-projects-03-ctr-ubnd-2020-en-\d{{8}}-\d{{4}}\.{output}"', response["Content-Disposition"])
    plan = viewer_client.get(reverse("reporting:plan"), {"format": output})
    assert plan.status_code == 200 and plan["Content-Type"].startswith(content_type)
    assert re.search(rf'filename="ke-hoach-thuc-hien-03-ctr-ubnd-2020-vi-\d{{8}}-\d{{4}}\.{output}"', plan["Content-Disposition"])
    plan = viewer_client.get(reverse("reporting:plan"), {"format": output, "lang": "en"})
    assert re.search(rf'filename="implementation-plan-03-ctr-ubnd-2020-en-\d{{8}}-\d{{4}}\.{output}"', plan["Content-Disposition"])


def test_a_document_opens_in_the_readers_language_unless_another_is_chosen(viewer_client, programme):
    """The bank list's Export menu names no language: an English reader gets the English edition."""
    viewer_client.cookies["django_language"] = "en"
    appendix = viewer_client.get(reverse("reporting:appendix"), {"programme": programme.pk, "format": "xlsx"})
    assert "list-of-proposed-projects-03-ctr-ubnd-2020-en-" in appendix["Content-Disposition"]
    chosen = viewer_client.get(reverse("reporting:appendix"), {"programme": programme.pk, "format": "xlsx", "lang": "vi"})
    assert "danh-muc-du-an-03-ctr-ubnd-2020-vi-" in chosen["Content-Disposition"]
    page = viewer_client.get(reverse("reporting:appendix")).content.decode()
    assert re.search(r'<option value="en" selected>English</option>', page)


def test_filtered_appendix_has_only_the_chosen_projects(viewer_client, programme):
    sector = programme.sectors.get(numeral="V")
    response = viewer_client.get(reverse("reporting:appendix"), {"programme": programme.pk, "sector": sector.pk, "format": "print"})
    html = response.content.decode()
    assert "Hồ điều hòa" in html and "Bảo vệ chăm sóc trẻ em" not in html
    assert "178.673" in html


def test_a_draft_of_another_agency_is_not_printed_for_an_officer(client, users, farmers_draft):
    client.force_login(users["officer"])
    html = client.get(reverse("reporting:appendix"), {"format": "print", "status": "draft"}).content.decode()
    assert farmers_draft.name not in html
    client.force_login(users["farmers"])
    assert farmers_draft.name in client.get(reverse("reporting:appendix"), {"format": "print", "status": "draft"}).content.decode()


def test_reports_need_an_account_and_a_role(client, users):
    assert client.get(reverse("reporting:appendix")).status_code == 302
    client.force_login(users["nobody"])
    assert client.get(reverse("reporting:appendix"), {"format": "pdf"}).status_code == 403
    assert client.get(reverse("reporting:plan")).status_code == 403


def test_a_pdf_past_the_size_of_a_request_is_made_by_a_job_for_its_requester_alone(viewer_client, users, programme, settings, django_assert_max_num_queries):
    import io

    from pypdf import PdfReader

    from socaid.jobs.models import Job
    from tests.support.jobs import fetch_job_file, is_refused_to

    settings.JOB_ABOVE_ROWS = {**settings.JOB_ABOVE_ROWS, "pdf": 10}
    response = viewer_client.get(reverse("reporting:appendix"), {"programme": programme.pk, "format": "pdf", "lang": "vi"})
    job = Job.objects.get()
    assert response.status_code == 302 and response.url == reverse("jobs:job", args=[job.pk])
    assert (job.kind, job.state, job.requested_by, job.total) == ("appendix", Job.State.DONE, users["viewer"], job.done)
    with django_assert_max_num_queries(12):
        page = viewer_client.get(response.url)
    assert page.status_code == 200 and job.file_name in page.content.decode()
    name, content = fetch_job_file(viewer_client, job)
    assert name.startswith("danh-muc-du-an-03-ctr-ubnd-2020-vi-") and name.endswith(".pdf")
    text = "".join("".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(content)).pages)
    assert "367.902" in text and "Bảovệchămsóctrẻem" in text
    viewer_client.force_login(users["officer"])
    assert is_refused_to(viewer_client, job)


def test_bank_list_exports_what_it_shows(viewer_client, programme):
    sector = programme.sectors.get(numeral="V")
    html = viewer_client.get(reverse("projects:bank"), {"sector": sector.pk, "status": "published", "q": "ho dieu hoa", "o": "-total"}).content.decode()
    link = f"/reports/appendix/?sector={sector.pk}&amp;status=published&amp;q=ho+dieu+hoa&amp;format=pdf"
    assert link in html
    printed = viewer_client.get(link.replace("&amp;", "&").replace("format=pdf", "format=print")).content.decode()
    assert "Hồ điều hòa" in printed and "Xử lý rác sinh hoạt" not in printed
    assert "162.991" in printed  # the three lakes only


def test_export_commands_write_files(tmp_path, programme):
    for output in ("pdf", "xlsx", "html"):
        target = tmp_path / f"appendix.{output}"
        call_command("export_appendix", format=output, lang="en", output=str(target), programme="03-ctr-ubnd-2020", status=["published"], sector="v")
        assert target.stat().st_size > 1000
        plan = tmp_path / f"plan.{output}"
        call_command("export_plan", format=output, lang="vi", output=str(plan))
        assert plan.stat().st_size > 1000
    assert "Regulating lake" in (tmp_path / "appendix.html").read_text()


@pytest.mark.parametrize(
    "options, message",
    [
        ({"format": "docx"}, "Unknown format"),
        ({"programme": "99/CTr-UBND"}, "Unknown programme"),
        ({"sector": "IX"}, "no sector"),
        ({"status": ["funded"]}, "Unknown status"),
        ({"lang": "fr"}, "Unknown language"),
    ],
)
def test_export_command_refuses_unknown_choices(tmp_path, options, message):
    with pytest.raises(CommandError, match=message):
        call_command("export_appendix", output=str(tmp_path / "x"), **({"format": "pdf"} | options))


def test_export_command_fails_in_one_line_from_the_shell(tmp_path):
    result = subprocess.run(
        [sys.executable, "manage.py", "export_appendix", "--format", "docx", "--output", str(tmp_path / "x")],
        cwd=ROOT, env={"DEBUG": "1", "PATH": "/usr/bin:/bin", "DATABASE_URL": f"sqlite:///{tmp_path}/empty.sqlite3"},
        capture_output=True, text=True, timeout=120,
    )
    assert result.returncode != 0
    assert result.stderr.strip().count("\n") == 0 and "Unknown format" in result.stderr


@pytest.mark.parametrize("command", ["export_appendix", "export_plan"])
def test_export_commands_sign_unless_told_not_to(tmp_path, programme, command):
    """As the README documents them: the signature block by default, --no-signature leaves it out."""
    signed, unsigned = tmp_path / "signed.html", tmp_path / "unsigned.html"
    call_command(command, "--format", "html", "--output", str(signed))
    call_command(command, "--format", "html", "--no-signature", "--output", str(unsigned))
    assert 'class="report-signature"' in signed.read_text() and programme.signer_name in signed.read_text()
    assert 'class="report-signature"' not in unsigned.read_text() and programme.signer_name not in unsigned.read_text()


def test_past_its_sizes_a_document_is_offered_in_excel_only(viewer_client, programme, users, settings):
    """A PDF is laid out holding every page (gigabytes past PDF_MAX_ROWS), the printable page is drawn in the request
    (PRINT_MAX_ROWS): past them neither is offered nor made, and whoever asks anyway is told why; Excel is always."""
    from socaid.jobs.models import Job

    page = reverse("reporting:appendix")
    choices = {"programme": programme.pk, "lang": "vi"}
    settings.PDF_MAX_ROWS, settings.PRINT_MAX_ROWS = 25, 25  # the seed's 25 projects: both offered
    html = viewer_client.get(page, choices).content.decode()
    assert "format=pdf" in html and "format=print" in html
    settings.PDF_MAX_ROWS, settings.PRINT_MAX_ROWS = 24, 24
    html = viewer_client.get(page, choices).content.decode()
    assert "format=pdf" not in html and "format=print" not in html and "format=xlsx" in html
    assert "quá dài để tạo PDF" in html and '<iframe class="preview"' not in html
    for output, reason in (("pdf", "Tài liệu có 25 dòng: quá nhiều để tạo PDF (tối đa 24;"), ("print", "quá nhiều để mở thành trang in (tối đa 24)")):
        refused = viewer_client.get(page, {**choices, "format": output})
        assert refused.status_code == 302 and "format=" not in refused["Location"]
        assert reason in viewer_client.get(refused["Location"]).content.decode()
    assert not Job.objects.exists()
    excel = viewer_client.get(page, {**choices, "format": "xlsx"})
    assert excel.status_code == 200 and excel.content[:2] == b"PK"
    # A PDF asked for while it was short enough, which has grown past the size since, fails its job and says why.
    from socaid.jobs.services import start_job

    job = start_job("appendix", by=users["viewer"], params={"query": f"programme={programme.pk}&lang=vi", "format": "pdf"}, title="t")
    job.refresh_from_db()
    assert job.state == Job.State.FAILED and not job.file and "quá nhiều để tạo PDF (tối đa 24)" in job.reason

