"""Printing a project's public page gives one A4 sheet an NGO can take away: printed here with WeasyPrint, from the
page's own HTML and the static files on disk (as the reports' PDFs are), for the longest projects of the seed."""
import datetime
from decimal import Decimal

import pytest
from django.db.models import Count
from django.db.models.functions import Length
from django.urls import reverse
from weasyprint import HTML

from projects.models import Project, UsdRate
from reporting.renderers.pdf import LocalStaticFetcher, base_url_for_documents
from tests.support.translated import translated

pytestmark = pytest.mark.django_db


def printed(html_text):
    base_url = base_url_for_documents()
    return HTML(string=html_text, base_url=base_url, url_fetcher=LocalStaticFetcher(base_url)).render()


def page_text(page):
    """The text WeasyPrint laid out on one page."""
    found = []

    def walk(box):
        if getattr(box, "text", None):
            found.append(box.text)
        for child in getattr(box, "children", ()):
            walk(child)

    walk(page._page_box)
    return " ".join(found)



def longest_projects():
    """The public projects that take the most room: the most budget lines, the longest content in each language."""
    projects = Project.objects.public().annotate(line_count=Count("lines"), vi=Length("content"), en=Length("content_en"))
    return sorted({max(projects, key=lambda p: (getattr(p, key), p.code)).code for key in ("line_count", "vi", "en")})


@pytest.fixture
def worst_case():
    """What makes the sheet longest: the USD columns, a named contact, what has been funded already."""
    UsdRate.objects.create(vnd_per_usd=Decimal("25450"), valid_on=datetime.date(2026, 11, 2), source="Ngân hàng TMCP Ngoại thương Việt Nam (Vietcombank), tỷ giá bán")
    codes = longest_projects()
    Project.objects.filter(code__in=codes).update(
        contact_name="Nguyễn Thị Minh Khai", contact_email="minhkhai.nguyen@soctrang.gov.vn", contact_phone="0299 3821 111",
        decision_number="1234/QĐ-UBND", decision_date=datetime.date(2024, 5, 6), status=Project.Status.APPROVED,
    )
    return codes


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_longest_projects_print_on_one_a4_page(client, worst_case, language):
    assert "03-2020-ii-06" in worst_case  # four budget lines, the seed's most
    for code in worst_case:
        response = client.get(reverse("public:project", kwargs={"lang": language, "code": code}))
        document = printed(response.content.decode())
        assert len(document.pages) == 1, code
        page = document.pages[0]
        assert (round(page.width * 25.4 / 96), round(page.height * 25.4 / 96)) == (210, 297)  # A4, in millimetres
        text = page_text(page)
        # What the NGO takes away: the page's address and the contact; nothing to click.
        assert f"https://socaid.example.gov.vn/{language}/projects/{code}/" in text
        assert "minhkhai.nguyen@soctrang.gov.vn" in text and "1234/QĐ-UBND" in text
        switch = "English" if language == "vi" else "Tiếng Việt"
        for hidden in [*(translated(language, words) for words in ("Express interest", "Staff sign-in", "Skip to content")), switch]:
            assert hidden not in text, hidden


def test_the_screen_does_not_show_the_printed_address(client):
    """The address is for the paper: on screen it is the browser's own address bar."""
    response = client.get(reverse("public:project", kwargs={"lang": "en", "code": "03-2020-ii-06"}))
    document = HTML(string=response.content.decode(), base_url=base_url_for_documents(), media_type="screen",
                    url_fetcher=LocalStaticFetcher(base_url_for_documents())).render()
    assert "This sheet online" not in " ".join(page_text(page) for page in document.pages)
    assert "Express interest" in " ".join(page_text(page) for page in document.pages)
