"""The PDF renderer fetches nothing but the portal's own static files. Text stored in the bank, a plan or a report
that looks like HTML (an image on an inside address, a stylesheet, an @import, a file:// URL) is printed as text:
WeasyPrint never sees it as markup, and would refuse the address if it did."""
import socket
import subprocess

import pytest
from django.urls import reverse

from partners.models import NGO, Organisation
from projects.models import PlanTask, Project
from reporting.builders.summary import build_year_summary
from reporting.models import AnnualReport
from reporting.renderers import pdf
from reporting.renderers.summary_pdf import summary_pdf
from tests.reporting.test_summaries import AUSTRALIA, NOW, rounds  # noqa: F401  (rounds: a fixture)

pytestmark = pytest.mark.django_db


@pytest.fixture
def listener():
    """A server on an inside address that counts who calls: the renderer must not."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    server.setblocking(False)
    yield server
    server.close()


def calls(server):
    count = 0
    while True:
        try:
            connection, _address = server.accept()
        except BlockingIOError:
            return count
        connection.close()
        count += 1


def payload(port, where, short=False):
    """Markup naming an inside address; ``short`` for a name of at most 200 characters."""
    inside = f"http://127.0.0.1:{port}/{where}"
    text = f'<img src="{inside}/img"><link rel="stylesheet" href="{inside}/css"><style>@import url("{inside}/import")</style>'
    if short:
        return text
    return text + (
        f'<img src="file:///etc/passwd"><style>body {{ background: url(file:///etc/hostname) }}</style>'
        f'<div style="background-image: url({inside}/bg)">x</div><iframe src="{inside}/frame"></iframe>'
        f'<object data="file:///etc/passwd"></object><svg><image href="{inside}/svg"/></svg>'
    )


@pytest.fixture
def fetched(monkeypatch):
    """Every URL the renderer's fetcher is asked for."""
    asked = []
    fetch = pdf.LocalStaticFetcher.fetch

    def recording(self, url, headers=None):
        asked.append(url)
        return fetch(self, url, headers)

    monkeypatch.setattr(pdf.LocalStaticFetcher, "fetch", recording)
    return asked


def only_static_files(asked):
    """Whether every URL asked for is one of the site's static files (or inline data)."""
    fetcher = pdf.LocalStaticFetcher(pdf.base_url_for_documents())
    return all(url.startswith("data:") or fetcher.static_path(url) is not None for url in asked)


def text_of(content):
    printed = subprocess.run(["pdftotext", "-", "-"], input=content, check=True, capture_output=True).stdout.decode()
    return " ".join(printed.split())


def test_the_appendix_and_the_plan_print_stored_markup_as_text(client, users, programme, listener, fetched):
    port = listener.getsockname()[1]
    project = Project.objects.filter(programme=programme, status=Project.Status.PUBLISHED).first()
    Project.objects.filter(pk=project.pk).update(name=payload(port, "name", short=True), content=payload(port, "content"))
    Organisation.objects.filter(pk=project.host_agency_id).update(name=payload(port, "agency", short=True))
    task = PlanTask.objects.filter(programme=programme).first()
    PlanTask.objects.filter(pk=task.pk).update(content=payload(port, "plan"))
    client.force_login(users["coordinator"])

    appendix = client.get(reverse("reporting:appendix"), {"status": "published", "format": "pdf"})
    plan = client.get(reverse("reporting:plan"), {"format": "pdf"})
    assert (appendix.status_code, plan.status_code) == (200, 200)
    assert calls(listener) == 0
    assert fetched and only_static_files(fetched), fetched  # the stylesheet, and nothing the text names
    for content in (appendix.content, plan.content):
        text = text_of(content)
        assert "<img src=" in text and "@import url(" in text and "<iframe" in text

    # The printable pages the PDFs are drawn from carry the text escaped.
    for url in (reverse("reporting:appendix"), reverse("reporting:plan")):
        page = client.get(url, {"status": "published", "format": "print"}).content.decode()
        assert "&lt;img src=" in page and "&lt;style&gt;@import" in page and f"127.0.0.1:{port}" in page
        assert "<img" not in page and "<iframe" not in page and "<object" not in page


def test_the_year_summary_prints_a_reports_markup_as_text(programme, rounds, listener, fetched):
    port = listener.getsockname()[1]
    AnnualReport.objects.filter(round__year=2024, organisation__code="ubnd-huyen-chau-thanh").update(results=payload(port, "results"))
    NGO.objects.filter(code=AUSTRALIA).update(name=payload(port, "ngo", short=True))
    text = text_of(summary_pdf(build_year_summary(programme, 2024, now=NOW)))
    assert calls(listener) == 0 and only_static_files(fetched), fetched
    assert text.count("<img src=") >= 2 and "<object data=" in text


@pytest.mark.parametrize("where", [
    "http://127.0.0.1:{port}/", "https://127.0.0.1:{port}/", "file:///etc/passwd", "{static}../socaid/settings.py",
    "{static}%2e%2e/%2e%2e/%2e%2e/etc/passwd", "{static}/etc/passwd", "{static}%2Fetc%2Fpasswd", "{static}socaid/../../manage.py",
    "{base}manage.py", "{base}static/socaid/socaid.css", "ftp://127.0.0.1:{port}/",
])
def test_the_fetcher_refuses_what_is_not_a_static_file(where, listener):
    """Were markup ever to reach WeasyPrint, an address outside the static files is refused before it is read."""
    base = pdf.base_url_for_documents()
    fetcher = pdf.LocalStaticFetcher(base)
    url = where.format(port=listener.getsockname()[1], static=fetcher.static_prefix, base=base)
    with pytest.raises(Exception):
        fetcher.fetch(url)
    assert calls(listener) == 0


def test_the_fetcher_serves_the_stylesheet():
    fetcher = pdf.LocalStaticFetcher(pdf.base_url_for_documents())
    response = fetcher.fetch(fetcher.static_prefix + "socaid/socaid.css")
    assert response.headers["Content-Type"] == "text/css" and b"{" in response.read()


def test_a_document_naming_an_inside_address_is_drawn_without_it(listener, fetched):
    """Markup given to the renderer itself, as no page does: the PDF is still made, and nothing was called."""
    port = listener.getsockname()[1]
    made = pdf.html_to_pdf(f"<html><body><p>Trang</p>{payload(port, 'direct')}</body></html>")
    assert made.startswith(b"%PDF") and calls(listener) == 0
    assert len(fetched) >= 6 and not only_static_files(fetched)  # it was asked for them, and refused every one
