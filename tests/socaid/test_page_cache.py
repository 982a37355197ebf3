"""The bank's list, a project's page, the dashboard and the map are kept for the session that asked them while
the data stays as it was (socaid/page_cache.py): asked again they are the same bytes in three queries; after any
write, for another user, with a message to show, after a setting changed, they are made again. On PostgreSQL,
outside a test's transaction: these tests commit."""
import re

import pytest
from django.contrib import messages
from django.contrib.auth import get_user_model
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


def kept(browser, url, tries=30):
    """(the page made, the same page served again) for ``url``. The snapshot is the whole PostgreSQL server's: the
    suite's other workers, writing in their own databases, change it too, and a page asked while they did is made
    again. The served page is the one made just before it: same session, same data."""
    made = browser.get(url)
    for _ in range(tries):
        with CaptureQueriesContext(connection) as asked:
            answer = browser.get(url)
        if len(asked) <= KEPT_QUERIES:
            return made, answer
        made = answer
    pytest.fail(f"{url} was made afresh {tries} times over")


def project_page_kept(user):
    """The first project's page, kept for ``user``'s browser."""
    project = Project.objects.order_by("pk").first()
    url = reverse("projects:detail", args=[project.pk])
    browser = signed_in(user)
    kept(browser, url)
    return project, url, browser


@ONLY_POSTGRESQL
@pytest.mark.parametrize("page", ["bank", "project", "dashboard", "map"])
def test_a_page_asked_again_of_the_same_data_is_the_same_page_in_three_queries(seeded, users, page):
    project = Project.objects.order_by("pk").first()
    url = {
        "bank": reverse("projects:bank"),
        "project": reverse("projects:detail", args=[project.pk]),
        "dashboard": f"{reverse('reporting:dashboard')}?programme={project.programme_id}",
        "map": f"{reverse('reporting:map')}?programme={project.programme_id}",
    }[page]
    made, served = kept(signed_in(users["coordinator"]), url)
    assert made.status_code == 200 and (project.name if page in ("bank", "project") else project.programme.number) in made.content.decode()
    assert served.status_code == 200 and served.content == made.content
    assert "Cookie" in served["Vary"]


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
def test_the_user_as_read_before_the_snapshot_is_part_of_the_key(seeded, users, monkeypatch):
    """A superuser's flag taken away between the middleware's read of the user and the view's read of the snapshot:
    the next page is made for the user without it, not served as it was kept."""
    monkeypatch.setattr(page_cache, "data_state", lambda: "7:9:")  # the snapshot read after the change, each time
    url, import_link = reverse("projects:bank"), reverse("projects:import")
    browser = signed_in(users["admin"])
    assert import_link in browser.get(url).content.decode()
    assert import_link in browser.get(url).content.decode()
    get_user_model().objects.filter(pk=users["admin"].pk).update(is_superuser=False)
    assert import_link not in browser.get(url).content.decode()


@ONLY_POSTGRESQL
def test_a_kept_page_carries_a_form_token_that_the_same_browser_can_post(seeded, users):
    url = reverse("projects:bank")
    browser = signed_in(users["coordinator"])
    _made, served = kept(browser, url)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', served.content.decode()).group(1)
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
    _made, served = kept(browser, url)
    assert "?totals=1" not in served.content.decode()
    settings.BANK_TOTALS_ABOVE_PROJECTS = 0  # the totals are now added up only when asked for
    assert "?totals=1" in browser.get(url).content.decode()


@ONLY_POSTGRESQL
def test_the_other_language_is_a_page_of_its_own(seeded, users, settings):
    project = Project.objects.order_by("pk").first()
    url = reverse("projects:detail", args=[project.pk])
    browser = signed_in(users["coordinator"])
    _made, served = kept(browser, url)
    assert "Tổng vốn dự án" in served.content.decode()
    browser.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = browser.get(url).content.decode()
    assert 'lang="en"' in english and "Total budget" in english and "Tổng vốn dự án" not in english


@ONLY_POSTGRESQL
def test_a_page_made_while_data_changed_is_not_kept(seeded, users, monkeypatch, django_assert_max_num_queries):
    url = reverse("projects:bank")
    browser = signed_in(users["coordinator"])
    # Something committed while the first page was made (1:3: before, 1:4: after): it is not kept under 1:3:, and
    # the next request under 1:3: makes it again (and keeps it, nothing having changed that time).
    states = iter(["1:3:", "1:4:", "1:3:", "1:3:", "1:3:"])
    monkeypatch.setattr(page_cache, "data_state", lambda: next(states))
    browser.get(url)
    with CaptureQueriesContext(connection) as made:
        browser.get(url)
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
