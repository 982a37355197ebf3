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
    with django_assert_max_num_queries(1):
        client.get("/sitemap.xml")


def test_robots_keep_crawlers_on_the_public_side(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert "User-agent: *" in lines and "Allow: /" in lines
    for prefix in ("/bank/", "/reports/", "/units/", "/admin/", "/accounts/"):
        assert f"Disallow: {prefix}" in lines
    assert "Disallow: /" not in lines and "Disallow: /vi/" not in lines
    assert f"Sitemap: {settings.SITE_URL}/sitemap.xml" in lines
