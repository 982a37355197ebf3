"""What every public page shares: the language from its URL, canonical and alternate links, caching that shows a
change at once, no cookie, a light page, and what can be checked of its accessibility without a browser."""
import re
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders

from projects.models import Project

pytestmark = pytest.mark.django_db

PAGES = ["/vi/", "/en/", "/vi/projects/", "/en/projects/?q=ho+dieu+hoa", "/en/projects/?year_from=abc"]
FILES = ["/sitemap.xml", "/robots.txt"]


def test_the_entrance_follows_the_browsers_language(client):
    assert client.get("/", headers={"accept-language": "en-US,en;q=0.9"})["Location"] == "/en/"
    assert client.get("/", headers={"accept-language": "fr-FR,fr;q=0.9"})["Location"] == "/vi/"
    assert client.get("/")["Location"] == "/vi/"
    assert client.get("/", headers={"accept-language": "vi,en;q=0.8"})["Location"] == "/vi/"


def test_the_language_in_the_url_wins_over_a_cookie(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get("/vi/projects/")
    assert '<html lang="vi">' in response.content.decode()
    assert response["Content-Language"] == "vi"
    assert "Lĩnh vực" in response.content.decode() and "Host agency" not in response.content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "vi"
    assert '<html lang="en">' in client.get("/en/projects/").content.decode()


def test_canonical_and_alternate_language_links(client):
    page = client.get("/en/projects/?sector=3&page=2").content.decode()
    site = settings.SITE_URL
    assert f'<link rel="canonical" href="{site}/en/projects/?sector=3&amp;page=2">' in page
    assert f'<link rel="alternate" hreflang="vi" href="{site}/vi/projects/?sector=3&amp;page=2">' in page
    assert f'<link rel="alternate" hreflang="en" href="{site}/en/projects/?sector=3&amp;page=2">' in page
    assert f'<link rel="alternate" hreflang="x-default" href="{site}/">' in page
    # The language switch is a plain link to the same page in the other language.
    assert '<a class="button small secondary" href="/vi/projects/?sector=3&amp;page=2" hreflang="vi" lang="vi">Tiếng Việt</a>' in page


def test_cached_pages_are_revalidated_and_a_change_shows_at_once(client):
    project = Project.objects.public().get(code="03-2020-i-01")
    url = "/en/projects/?q=smart+rice"
    first = client.get(url)
    assert set(first["Cache-Control"].replace(" ", "").split(",")) == {"public", "no-cache"}
    etag = first["ETag"]
    assert etag and "Smart rice-field production project" in first.content.decode()
    again = client.get(url, headers={"if-none-match": etag})
    assert again.status_code == 304 and again.content == b""
    project.name_en = "Smart rice-field production project, second phase"
    project.save()
    changed = client.get(url, headers={"if-none-match": etag})
    assert changed.status_code == 200
    assert "Smart rice-field production project, second phase" in changed.content.decode()
    assert changed["ETag"] != etag


@pytest.mark.parametrize("path", PAGES + FILES)
def test_no_cookie_is_set_or_read(client, users, path):
    # Not even for a signed-in member of staff: the copy a cache keeps must be the one anybody gets.
    for reader in (None, users["coordinator"]):
        if reader:
            client.force_login(reader)
        response = client.get(path)
        assert response.status_code == 200
        assert not response.cookies, response.cookies
        assert "cookie" not in response.get("Vary", "").lower()
        assert set(response["Cache-Control"].replace(" ", "").split(",")) == {"public", "no-cache"}
        assert "coordinator-user" not in response.content.decode() and "Đăng xuất" not in response.content.decode()


def test_a_catalogue_page_weighs_under_200_kb_with_its_styles(client, make_project):
    for number in range(30):
        make_project(f"Dự án rất dài để đo trọng lượng trang, với tên gần như dài nhất mà một dự án có thể có, số {number}", name_en="", location_text="Xã Phú Tân, huyện Châu Thành, tỉnh Sóc Trăng " * 3)
    response = client.get("/vi/projects/", {"q": "du an rat dai"})
    page = response.content.decode()
    assert page.count('<li class="result">') == 20
    styles = re.findall(r'<link rel="stylesheet" href="/static/([^"]+)">', page)
    assert styles == ["socaid/socaid.css", "socaid/public.css"]
    weight = len(response.content) + sum(len(open(finders.find(path), "rb").read()) for path in styles)
    assert weight < 200 * 1024, weight
    assert "<script" not in page  # nothing to run, nothing to download besides the styles


class Accessibility(HTMLParser):
    """What a checker can see in the markup: images' text, fields' labels, headings, link texts, the language."""

    VAGUE = {"here", "click", "click here", "more", "read more", "xem", "tại đây", "ở đây", "xem thêm", "bấm vào đây"}

    def __init__(self):
        super().__init__()
        self.problems, self.headings, self.labels, self.fields, self.lang = [], [], set(), [], None
        self.link, self.heading = None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.lang = attrs.get("lang")
        if tag == "img" and not attrs.get("alt", "").strip() and attrs.get("alt") != "":
            self.problems.append(f"img without alt: {attrs}")
        if tag == "svg" and not (attrs.get("aria-label") or attrs.get("aria-hidden") == "true" or attrs.get("role") == "img"):
            self.problems.append(f"svg without a text: {attrs}")
        if tag == "label" and attrs.get("for"):
            self.labels.add(attrs["for"])
        if tag in ("input", "select", "textarea") and attrs.get("type") not in ("hidden", "submit", "button"):
            self.fields.append(attrs.get("id"))
        if re.fullmatch(r"h[1-6]", tag):
            self.heading = [int(tag[1]), ""]
            self.headings.append(self.heading)
        if tag == "a":
            self.link = ""

    def handle_endtag(self, tag):
        if tag == "a" and self.link is not None:
            if self.link.strip().lower().strip("‹›.: ") in self.VAGUE or not self.link.strip():
                self.problems.append(f"link text says nothing: {self.link!r}")
            self.link = None
        if re.fullmatch(r"h[1-6]", tag):
            self.heading = None

    def handle_data(self, data):
        if self.link is not None:
            self.link += data
        if self.heading is not None:
            self.heading[1] += data

    def check(self):
        problems = list(self.problems)
        problems += [f"field without a label: {field}" for field in self.fields if field not in self.labels]
        levels = [level for level, _text in self.headings]
        if levels.count(1) != 1:
            problems.append(f"{levels.count(1)} h1")
        problems += [f"heading level jumps {a} -> {b}" for a, b in zip(levels, levels[1:]) if b > a + 1]
        if self.lang not in ("vi", "en"):
            problems.append(f"lang {self.lang!r}")
        return problems


@pytest.mark.parametrize("path", PAGES + ["/en/projects/?q=nothing+like+this", "/vi/projects/?page=2"])
def test_what_a_checker_can_see(client, path, programme):
    programme.coordinator.email = "ngo@example.gov.vn"
    programme.coordinator.save()
    checker = Accessibility()
    checker.feed(client.get(path).content.decode())
    assert checker.check() == []
    assert checker.lang == path[1:3]
    if "/projects/" in path:
        assert len(checker.fields) == 10  # the catalogue's filters were checked, each with its label


def test_the_checker_sees_what_it_should():
    """The checks above would see a page that fails them."""
    checker = Accessibility()
    checker.feed('<html><body><h1>A</h1><h3>B</h3><h1>C</h1><img src="x.png"><svg></svg>'
                 '<input id="q"><a href="/x">here</a><a href="/y">Xem</a></body></html>')
    problems = checker.check()
    assert "lang None" in problems and "2 h1" in problems and "field without a label: q" in problems
    assert "heading level jumps 1 -> 3" in problems
    assert sum(problem.startswith("link text says nothing") for problem in problems) == 2
    assert any(problem.startswith("img without alt") for problem in problems)
    assert any(problem.startswith("svg without a text") for problem in problems)


def test_a_missing_public_page_answers_in_the_public_frame_and_its_language(client):
    for language, said in (("en", "There is no such page, or the project is not published to NGOs."), ("vi", None)):
        response = client.get(f"/{language}/projects/khong-co-du-an-nay/")
        page = response.content.decode()
        assert response.status_code == 404 and f'<html lang="{language}">' in page
        assert 'class="public"' in page and "/bank/" not in page and "Set-Cookie" not in response.headers
        if said:
            assert said in page
    staff = client.get("/bank/khong-co/")
    assert staff.status_code in (302, 404) and 'class="public"' not in staff.content.decode()


def test_files_in_no_language_do_not_vary_by_it(client):
    for path in ("/sitemap.xml", "/robots.txt", "/open-data/iati-activities.xml", "/api/v1/projects/"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert "Accept-Language" not in response.get("Vary", ""), path


def test_the_heavy_files_are_made_once_per_state_of_the_public_data(client, monkeypatch):
    """The appendix PDF costs seconds: asked again and again by anyone, it is made once, until a public project
    changes."""
    from reporting.public import appendix_downloads

    made = []
    real = appendix_downloads.RENDERERS["pdf"]
    monkeypatch.setitem(appendix_downloads.RENDERERS, "pdf", lambda document: made.append(1) or real(document))
    for _ in range(3):
        assert client.get("/en/appendix.pdf").status_code == 200
    assert len(made) == 1
    project = Project.objects.public().order_by("pk").first()
    Project.objects.filter(pk=project.pk).update(version=project.version + 1)
    assert client.get("/en/appendix.pdf").status_code == 200 and len(made) == 2
    assert client.get("/vi/appendix.pdf").status_code == 200 and len(made) == 3


def test_the_fingerprint_of_the_public_data_moves_with_every_public_change_and_only_then():
    from decimal import Decimal

    from projects.models import UsdRate
    from reporting.public.rendered import public_state

    public = list(Project.objects.public().order_by("pk")[:2])
    hidden = Project.objects.exclude(pk__in=Project.objects.public()).order_by("pk").first()
    seen = [public_state()]

    def moved():
        state = public_state()
        assert state not in seen
        seen.append(state)

    Project.objects.filter(pk=public[0].pk).update(version=public[0].version + 1)  # a save
    moved()
    # Two saves that together add as much to the versions as one save of the other project: still another state.
    Project.objects.filter(pk=public[0].pk).update(version=public[0].version)
    Project.objects.filter(pk=public[1].pk).update(version=public[1].version + 1)
    moved()
    other = "implementing" if public[0].status != "implementing" else "completed"
    Project.objects.filter(pk=public[0].pk).update(status=other)  # a step, without a save
    moved()
    Project.objects.filter(pk=public[0].pk).update(status="withdrawn")  # no longer public
    moved()
    UsdRate.objects.create(vnd_per_usd=Decimal("26000"), valid_on="2026-11-01")
    moved()
    if hidden is not None:  # a project nobody outside sees changes nothing public
        Project.objects.filter(pk=hidden.pk).update(version=hidden.version + 5, name="Đổi tên")
        assert public_state() == seen[-1]
    assert public_state(Project.objects.filter(pk=public[1].pk)) != public_state()
