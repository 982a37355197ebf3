"""The bank's list, a project's page, the dashboard and the map are kept for the session that asked them while
the data stays as it was (socaid/page_cache.py): asked again they are the same bytes in three queries; after any
write, for another user, with a message to show, after a setting changed, they are made again. On PostgreSQL,
outside a test's transaction: these tests commit."""
import re

import pytest
from django.contrib import messages
from django.contrib.messages.storage.cookie import CookieStorage
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from partners.unit_data import load_units
from projects.models import Project
from projects.seed import load_programme_fixture
from socaid import page_cache
from tests.support.bank_fixtures import make_draft

ONLY_POSTGRESQL = pytest.mark.skipif(connection.vendor != "postgresql", reason="the page cache keys on PostgreSQL's snapshot")
KEPT_QUERIES = 3  # the session, the user, the snapshot


def signed_in(user):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(user)
    browser.get(reverse("projects:bank"))  # the first page a browser opens gives it the CSRF cookie, and is not kept
    return browser


@pytest.fixture
def seeded(transactional_db):
    load_programme_fixture()
    load_units()


def project_page_kept(user):
    """The first project's page, asked twice by ``user``'s browser: kept."""
    project = Project.objects.order_by("pk").first()
    url = reverse("projects:detail", args=[project.pk])
    browser = signed_in(user)
    browser.get(url)
    browser.get(url)
    return project, url, browser


@ONLY_POSTGRESQL
@pytest.mark.parametrize("page", ["bank", "project", "dashboard", "map"])
def test_a_page_asked_again_of_the_same_data_is_the_same_page_in_three_queries(seeded, users, page, django_assert_max_num_queries):
    project = Project.objects.order_by("pk").first()
    url = {
        "bank": reverse("projects:bank"),
        "project": reverse("projects:detail", args=[project.pk]),
        "dashboard": f"{reverse('reporting:dashboard')}?programme={project.programme_id}",
        "map": f"{reverse('reporting:map')}?programme={project.programme_id}",
    }[page]
    browser = signed_in(users["coordinator"])
    made = browser.get(url)
    assert made.status_code == 200 and (project.name if page in ("bank", "project") else project.programme.number) in made.content.decode()
    with django_assert_max_num_queries(KEPT_QUERIES):
        kept = browser.get(url)
    assert kept.status_code == 200 and kept.content == made.content
    assert "Cookie" in kept["Vary"]


@ONLY_POSTGRESQL
def test_a_write_anywhere_makes_the_page_again(seeded, users):
    project, url, browser = project_page_kept(users["coordinator"])
    Project.objects.filter(pk=project.pk).update(name="Tên mới sau khi sửa")  # no signal, no history: the snapshot still moves
    assert "Tên mới sau khi sửa" in browser.get(url).content.decode()
    listed = browser.get(reverse("projects:bank"))
    assert "Tên mới sau khi sửa" in listed.content.decode()


@ONLY_POSTGRESQL
def test_another_user_gets_a_page_of_their_own(seeded, users):
    """One address asked by the coordinator, by a host agency's officer and by another agency's officer: each gets the
    page their role gives (the import link for the coordinator alone, a draft for its own agency alone)."""
    url = reverse("projects:bank")
    coordinator, farmers = signed_in(users["coordinator"]), signed_in(users["farmers"])
    import_link = reverse("projects:import")
    assert import_link in coordinator.get(url).content.decode()
    assert import_link in coordinator.get(url).content.decode()
    assert import_link not in farmers.get(url).content.decode()
    draft = make_draft("hoi-nong-dan-soc-trang", "Dự án nháp của Hội")
    assert draft.name in farmers.get(url + "?status=draft").content.decode()
    assert draft.name not in signed_in(users["officer"]).get(url + "?status=draft").content.decode()


@ONLY_POSTGRESQL
def test_a_kept_page_carries_a_form_token_that_the_same_browser_can_post(seeded, users):
    url = reverse("projects:bank")
    browser = signed_in(users["coordinator"])
    browser.get(url)
    kept = browser.get(url).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', kept).group(1)
    assert browser.post(reverse("logout"), {"csrfmiddlewaretoken": token}).status_code == 302


@ONLY_POSTGRESQL
def test_a_message_is_shown_once_then_the_page_is_kept_without_it(seeded, users):
    _project, url, browser = project_page_kept(users["coordinator"])
    storage, carrier = CookieStorage(HttpRequest()), HttpResponse()
    storage.add(messages.SUCCESS, "Đã lưu dự án thử.")
    storage.update(carrier)
    browser.cookies[page_cache.MESSAGES_COOKIE] = carrier.cookies[page_cache.MESSAGES_COOKIE].value
    assert "Đã lưu dự án thử." in browser.get(url).content.decode()
    again = [browser.get(url).content.decode() for _ in range(2)]
    assert all("Đã lưu dự án thử." not in page for page in again)


@ONLY_POSTGRESQL
def test_a_changed_setting_makes_the_page_again(seeded, users, settings):
    url = reverse("projects:bank")
    browser = signed_in(users["coordinator"])
    browser.get(url)
    before = browser.get(url).content
    settings.BANK_TOTALS_ABOVE_PROJECTS = 0  # the totals are now on request only
    assert browser.get(url).content != before


@ONLY_POSTGRESQL
def test_a_page_made_while_data_changed_is_not_kept(seeded, users, monkeypatch, django_assert_max_num_queries):
    url = reverse("projects:bank")
    browser = signed_in(users["coordinator"])
    states = iter(["1:3:", "1:4:", "1:4:", "1:4:", "1:4:"])  # something committed while the first page was made
    monkeypatch.setattr(page_cache, "data_state", lambda: next(states))
    browser.get(url)
    with CaptureQueriesContext(connection) as made:
        browser.get(url)  # made again, under 1:4:, and kept
    assert len(made) > KEPT_QUERIES + 3
    with django_assert_max_num_queries(KEPT_QUERIES - 1):  # the state is the test's: no query for it
        browser.get(url)


def test_inside_a_transaction_every_page_is_made(db, users, client):
    """A test's transaction (or SQLite) names no state the page could be kept under: each request makes it."""
    client.force_login(users["coordinator"])
    url = reverse("projects:bank")
    client.get(url)
    client.get(url)
    with CaptureQueriesContext(connection) as made:
        assert client.get(url).status_code == 200
    assert len(made) > KEPT_QUERIES + 3
