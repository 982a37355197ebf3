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


def pdf_text(response):
    return unspaced(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages))


def sheet_values(response):
    sheet = load_workbook(io.BytesIO(response.content), data_only=True).active  # the totals' results, as Excel shows them
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


def test_a_pdf_too_long_for_a_web_request_offers_the_excel(client, programme, settings, django_assert_max_num_queries):
    settings.REPORT_PDF_WEB_ROW_LIMIT = 10
    with django_assert_max_num_queries(8):
        response = client.get(url("en", "pdf"))
    assert response.status_code == 413
    assert url("en", "xlsx", programme=programme.code) in response.content.decode()
