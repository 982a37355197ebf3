"""The published appendix anyone may download (/<lang>/appendix.pdf|xlsx): the running programme's projects that
the public side shows, with their figures, in the URL's language; nothing unpublished."""
import io
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from projects.models import BudgetLine, Project
from tests.support.bank_fixtures import make_draft

pytestmark = pytest.mark.django_db

HIDDEN = {
    Project.Status.DRAFT: "Dự án nháp chưa gửi",
    Project.Status.PROPOSED: "Dự án đề xuất đang thẩm định",
    Project.Status.ACCEPTED: "Dự án đã tiếp nhận chưa công bố",
    Project.Status.RETURNED: "Dự án bị trả lại",
    Project.Status.WITHDRAWN: "Dự án đã rút",
}
FUNDED_NAME = "Dự án đã có tổ chức tài trợ"


@pytest.fixture
def statuses(db):
    """One project of each status the public may not see, and a funded one it may, each with 1,234.5 million VND."""
    made = {status: make_draft("ubnd-huyen-chau-thanh", name, status=status) for status, name in HIDDEN.items()}
    made[Project.Status.COMMITTED] = make_draft("hoi-nong-dan-soc-trang", FUNDED_NAME, status=Project.Status.COMMITTED)
    Project.objects.filter(pk=made[Project.Status.COMMITTED].pk).update(name_en="A project an NGO has funded")
    BudgetLine.objects.filter(project__in=made.values()).update(total=Decimal("1234.5"), aid_sought=Decimal("1000"), counterpart=Decimal("234.5"))
    return made


def url(lang, format, **query):
    path = reverse("public:appendix", kwargs={"lang": lang, "format": format})
    return path + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def unspaced(text):
    return re.sub(r"\s+", "", text)


def body(response):
    """The file, sent by the page (made in the request) or streamed from a public job's storage."""
    return b"".join(response.streaming_content) if response.streaming else response.content


def pdf_text(response):
    return unspaced(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(body(response))).pages))


def sheet_values(response):
    sheet = load_workbook(io.BytesIO(body(response)), data_only=True).active  # the totals' results, as Excel shows them
    return [[cell for cell in row] for row in sheet.iter_rows(values_only=True)]


def test_the_english_pdf_holds_the_public_projects_only_with_their_figures(client, programme, statuses):
    response = client.get(url("en", "pdf"))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert re.search(r'filename="list-of-proposed-projects-03-ctr-ubnd-2020-en-\d{8}-\d{4}\.pdf"', response["Content-Disposition"])
    assert not response.cookies  # a cached copy serves everyone
    text = pdf_text(response)
    for project in Project.objects.public().in_programme(programme).exclude(name_en=""):
        assert unspaced(project.name_en) in text, project.code
    assert unspaced("A project an NGO has funded") in text and "1,234.5" in text
    for name in HIDDEN.values():
        assert unspaced(name) not in text
    # The seed's 25 published projects plus the funded one: its grand total, the English way.
    assert unspaced("369,136.5") in text and "LISTOFPROJECTSPROPOSED" in text


def test_the_vietnamese_excel_holds_the_public_projects_only_with_their_figures(client, programme, statuses):
    response = client.get(url("vi", "xlsx"))
    assert response.status_code == 200
    assert re.search(r'filename="danh-muc-du-an-03-ctr-ubnd-2020-vi-\d{8}-\d{4}\.xlsx"', response["Content-Disposition"])
    rows = sheet_values(response)
    cells = [value for row in rows for value in row if value is not None]
    public = Project.objects.public().in_programme(programme)
    for project in public:
        assert project.name in cells, project.code
    for name in HIDDEN.values():
        assert name not in cells
    funded = next(row for row in rows if FUNDED_NAME in row)
    assert [Decimal(str(value)) for value in funded if isinstance(value, (int, float))][-3:] == [Decimal("1234.5"), Decimal("1000"), Decimal("234.5")]
    total = next(row for row in rows if "Tổng cộng:" in row)
    sums = BudgetLine.objects.filter(project__in=public)
    assert Decimal(str([v for v in total if isinstance(v, (int, float))][0])) == sum(line.total or 0 for line in sums) == Decimal("369136.5")
    # Signed by nobody: the public copy keeps the programme's heading, not the act's signature.
    assert any("Kèm theo Chương trình số 03/CTr-UBND" in str(value) for value in cells)
    assert not any("KT. CHỦ TỊCH" in str(value) for value in cells)


def test_the_english_excel_says_what_it_holds(client, programme, statuses):
    rows = sheet_values(client.get(url("en", "xlsx", programme=programme.code)))
    cells = [str(value) for row in rows for value in row if value is not None]
    assert "Smart rice-field production project" in cells and "A project an NGO has funded" in cells
    assert "Projects offered to NGOs, with those already funded, being implemented or completed" in cells
    assert not any(name in cells for name in HIDDEN.values())


def test_another_programme_by_its_code_and_an_unknown_one(client, programme, next_programme, statuses):
    assert client.get(url("vi", "xlsx", programme="no-such-programme")).status_code == 404
    rows = sheet_values(client.get(url("vi", "xlsx", programme=next_programme.code)))
    cells = [value for row in rows for value in row if value is not None]
    assert not any(project.name in cells for project in Project.objects.in_programme(programme))
    assert client.get("/vi/appendix.docx").status_code == 404
    assert client.post(url("vi", "pdf")).status_code == 405


@pytest.fixture
def long_above_ten_rows(settings):
    settings.JOB_ABOVE_ROWS = {**settings.JOB_ABOVE_ROWS, "pdf": 10, "xlsx": 10}


def test_a_long_pdf_is_made_once_by_a_public_job_then_served_at_the_same_address(client, programme, statuses, long_above_ten_rows, django_assert_max_num_queries):
    from socaid.jobs.models import Job

    response = client.get(url("en", "pdf"))
    job = Job.objects.get()
    assert (job.kind, job.requested_by, job.state, job.language) == ("public-appendix", None, Job.State.DONE, "en")
    assert job.public_key.startswith(f"appendix.{programme.pk}.en.pdf.")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf" and not response.cookies
    assert re.search(r'filename="list-of-proposed-projects-03-ctr-ubnd-2020-en-\d{8}-\d{4}\.pdf"', response["Content-Disposition"])
    text = pdf_text(response)
    assert unspaced("A project an NGO has funded") in text and unspaced("369,136.5") in text
    assert not any(unspaced(name) in text for name in HIDDEN.values())
    with django_assert_max_num_queries(10):
        again = client.get(url("en", "pdf"))
    assert pdf_text(again) == text and Job.objects.count() == 1


def test_a_long_excel_file_has_every_public_row(client, programme, statuses, long_above_ten_rows):
    from socaid.jobs.models import Job

    cells = [value for row in sheet_values(client.get(url("vi", "xlsx"))) for value in row if value is not None]
    assert FUNDED_NAME in cells and not any(name in cells for name in HIDDEN.values())
    assert Job.objects.get().public_key.startswith(f"appendix.{programme.pk}.vi.xlsx.")


def test_while_the_file_is_made_every_visitor_follows_the_one_job(client, programme, long_above_ten_rows, django_assert_max_num_queries):
    from reporting.public.appendix_downloads import public_key
    from socaid.jobs.models import Job

    # A worker has the job (the tests' backend would run a new one inside the request).
    waiting = Job.objects.create(
        kind="public-appendix", title="t", public_key=public_key(programme, "en", "pdf"), state=Job.State.RUNNING,
        stage="render", done=30, total=120, params={}, expires_at=programme_time(days=7), heartbeat_at=programme_time(),
    )
    for _visitor in range(2):
        with django_assert_max_num_queries(12):
            response = client.get(url("en", "pdf"))
        page = response.content.decode()
        assert response.status_code == 200 and '<meta http-equiv="refresh" content="3">' in page
        assert "The list of projects is being made" in page and "30 of 120 rows" in page and 'lang="en"' in page
        assert "no-store" in response["Cache-Control"]
    assert list(Job.objects.all()) == [waiting]


@pytest.mark.parametrize("ended", ["failed", "lost", "expired"])
def test_a_failed_or_lost_public_job_is_started_again_by_the_next_visitor(client, programme, long_above_ten_rows, ended):
    from reporting.public.appendix_downloads import public_key
    from socaid.jobs.models import Job

    fields = {
        "failed": {"state": Job.State.FAILED, "error": "boom", "expires_at": programme_time(days=7)},
        "lost": {"state": Job.State.RUNNING, "heartbeat_at": programme_time(days=-1), "expires_at": programme_time(days=7)},
        "expired": {"state": Job.State.QUEUED, "expires_at": programme_time(days=-1)},
    }[ended]
    old = Job.objects.create(kind="public-appendix", title="t", public_key=public_key(programme, "vi", "pdf"), params={}, **fields)
    response = client.get(url("vi", "pdf"))
    assert response["Content-Type"] == "application/pdf"
    new = Job.objects.exclude(pk=old.pk).get()
    assert new.state == Job.State.DONE and new.public_key == old.public_key


def test_a_change_of_the_public_data_makes_a_new_file(client, programme, long_above_ten_rows, make_programme):
    from socaid.jobs.models import Job

    client.get(url("vi", "xlsx"))
    # Another programme's public project is no change of this list: the same file.
    other = make_programme(code="other", number="77/CTr-UBND", start_year=2010, end_year=2015)  # not the running one
    sector = other.sectors.create(position=1, numeral="I", name="Khác")
    Project.objects.create(code="other-1", programme=other, sector=sector, position=1, name="Khác", status=Project.Status.PUBLISHED,
                           host_agency=Project.objects.in_programme(programme).first().host_agency)
    client.get(url("vi", "xlsx"))
    assert Job.objects.count() == 1
    project = Project.objects.public().in_programme(programme).first()
    Project.objects.filter(pk=project.pk).update(version=project.version + 1)
    client.get(url("vi", "xlsx"))
    assert Job.objects.filter(state=Job.State.DONE).values("public_key").distinct().count() == 2


def test_nobody_reads_a_public_job_on_the_staffs_pages(client, users, long_above_ten_rows):
    from socaid.jobs.models import Job

    client.get(url("vi", "pdf"))
    job = Job.objects.get()
    client.force_login(users["coordinator"])
    assert client.get(reverse("jobs:job", args=[job.pk])).status_code == 404
    assert client.get(reverse("jobs:file", args=[job.pk])).status_code == 404


def programme_time(days=0):
    import datetime

    from django.utils import timezone

    return timezone.now() + datetime.timedelta(days=days)


def test_a_list_too_long_for_a_pdf_points_to_its_excel_file(client, programme, settings):
    from socaid.jobs.models import Job

    settings.PDF_MAX_ROWS = 24  # the seed's programme publishes 25
    refused = client.get(url("vi", "pdf", programme=programme.code))
    html = refused.content.decode()
    assert refused.status_code == 404 and "<h1>Danh mục quá dài để tạo tệp PDF</h1>" in html
    assert f'href="http://testserver{url("vi", "xlsx", programme=programme.code)}"' in html and not Job.objects.exists()
    assert client.get(url("vi", "xlsx", programme=programme.code)).status_code == 200
