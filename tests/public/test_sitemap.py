"""/sitemap.xml lists every public page in both languages with its alternates; /robots.txt keeps crawlers out of
the staff side and points to the sitemap."""
import xml.etree.ElementTree as ET

import pytest
from django.conf import settings
from django.urls import reverse

from projects.models import Project

pytestmark = pytest.mark.django_db

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "xhtml": "http://www.w3.org/1999/xhtml"}


def sitemap(client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/xml")
    root = ET.fromstring(response.content)
    return {
        entry.find("s:loc", NS).text: {link.get("hreflang"): link.get("href") for link in entry.findall("xhtml:link", NS)}
        for entry in root.findall("s:url", NS)
    }


def test_the_fixed_pages_in_both_languages_with_their_alternates(client):
    entries = sitemap(client)
    site = settings.SITE_URL
    for path in ("/{}/", "/{}/projects/"):
        versions = {code: site + path.format(code) for code in ("vi", "en")}
        for url in versions.values():
            assert entries[url] == versions
    assert all(url.startswith(site + "/") for url in entries)


def test_every_public_project_and_nothing_unpublished(client, make_project, unpublished):
    funded = make_project("Dự án đã tài trợ thử", status=Project.Status.COMMITTED)
    entries = sitemap(client)
    for project in [*Project.objects.public(), funded]:
        vi, en = (settings.SITE_URL + reverse("public:project", kwargs={"lang": code, "code": project.code}) for code in ("vi", "en"))
        assert vi == f"{settings.SITE_URL}/vi/projects/{project.code}/"
        assert entries[vi] == entries[en] == {"vi": vi, "en": en}
    listed = " ".join(entries)
    for project in unpublished:
        assert f"/{project.code}/" not in listed
    fixed = 3  # home, catalogue, open data
    assert len(entries) == 2 * (Project.objects.public().count() + fixed)


def test_a_constant_number_of_queries(client, make_project, django_assert_max_num_queries):
    for number in range(40):
        make_project(f"Dự án sơ đồ trang {number}")
    with django_assert_max_num_queries(2):  # the count, then the projects
        client.get("/sitemap.xml")


def test_past_the_protocols_limit_an_index_names_files_that_together_list_every_page(client, make_project, monkeypatch, django_assert_max_num_queries):
    from reporting.public import sitemaps

    for number in range(7):
        make_project(f"Dự án sơ đồ trang {number}")
    whole = sitemap(client)
    monkeypatch.setattr(sitemaps, "URLS_PER_FILE", 10)  # five pages of two languages a file
    response = client.get("/sitemap.xml")
    root = ET.fromstring(response.content)
    assert root.tag == "{http://www.sitemaps.org/schemas/sitemap/0.9}sitemapindex"
    files = [entry.find("s:loc", NS).text for entry in root.findall("s:sitemap", NS)]
    pages = len(whole) // 2
    assert files == [f"{settings.SITE_URL}/sitemap-{number}.xml" for number in range(1, -(-pages // 5) + 1)]
    listed, order = {}, []
    for url in files:
        with django_assert_max_num_queries(2):  # the count, and the file's own projects
            part = client.get(url.removeprefix(settings.SITE_URL))
        assert part.status_code == 200 and part["Content-Type"].startswith("application/xml")
        entries = ET.fromstring(part.content).findall("s:url", NS)
        assert 0 < len(entries) <= 10
        for entry in entries:
            loc = entry.find("s:loc", NS).text
            assert loc not in listed  # no page in two files
            listed[loc] = {link.get("hreflang"): link.get("href") for link in entry.findall("xhtml:link", NS)}
            order.append(loc)
    assert listed == whole and order == list(whole)  # every page, once, in the same order as one file
    assert client.get(f"/sitemap-{len(files) + 1}.xml").status_code == 404
    assert client.get("/sitemap-0.xml").status_code == 404


def test_robots_keep_crawlers_on_the_public_side(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert "User-agent: *" in lines and "Allow: /" in lines
    for prefix in ("/bank/", "/reports/", "/units/", "/admin/", "/accounts/"):
        assert f"Disallow: {prefix}" in lines
    assert "Disallow: /" not in lines and "Disallow: /vi/" not in lines
    assert f"Sitemap: {settings.SITE_URL}/sitemap.xml" in lines
