"""Browser tests: Debian's Chromium driven by Playwright against pytest-django's live server.

Shared here: the browser, a Vietnamese page, more pages in fresh contexts (another
user signing in), users with a role in an organisation, and signing in on the
portal's own login page.
"""
import os
import shutil
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from partners.models import Membership, Organisation
from partners.roles import ensure_role_groups

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}
# Screenshots for people to look at; the folder is git-ignored.
SCREENSHOTS = Path(__file__).resolve().parents[2] / "data" / "screenshots"


@pytest.fixture(scope="session")
def browser():
    # Playwright's sync API runs an event loop; Django's ORM in the same thread must not refuse it.
    from playwright.sync_api import sync_playwright

    assert os.path.exists(CHROMIUM), "Chromium is missing: run scripts/install.sh as root (Debian packages chromium, chromium-driver)"
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            yield browser
            browser.close()
    finally:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]


@pytest.fixture
def new_page(browser):
    """Open a page in a new browser context (its own cookies: another person at another computer).

    Every journey also checks the Content Security Policy: Chromium reports what the policy blocked (an inline
    script, a style, an image, a form sent elsewhere) on the console, and any such line fails the test."""
    contexts, blocked = [], []

    def watch(message):
        if message.type == "error" and "Content Security Policy" in message.text:
            blocked.append(f"{message.location.get('url')}: {message.text}")

    def open_page(viewport=DESKTOP):
        context = browser.new_context(locale="vi-VN", viewport=viewport)
        context.on("console", watch)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()
    assert not blocked, "\n".join(blocked)


@pytest.fixture
def page(new_page):
    return new_page()


@pytest.fixture
def screenshot():
    """Save a full-page screenshot as data/screenshots/<name>.png."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def take(page, name):
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


def scrolls_sideways(page):
    """Whether the page, or a table in its box, is wider than the screen."""
    return page.evaluate(
        "document.documentElement.scrollWidth > window.innerWidth"
        " || [...document.querySelectorAll('.table-wrap')].some(wrap => wrap.scrollWidth > wrap.clientWidth)"
    )


def within_the_screen(page, locator):
    box = locator.bounding_box()
    return box["x"] >= 0 and box["x"] + box["width"] <= page.viewport_size["width"]


def make_member(username, password, *, role, organisation, first_name="", staff=False):
    """A user holding ``role`` at the organisation with code ``organisation``, in that role's group."""
    user = get_user_model().objects.create_user(username, password=password, first_name=first_name, is_staff=staff)
    Membership.objects.create(user=user, organisation=Organisation.objects.get(code=organisation), role=role)
    user.groups.add(ensure_role_groups()[role])
    return user


@pytest.fixture
def sign_in(live_server):
    """Sign in on the portal's login page; by default wait until the bank list, where a sign-in lands."""

    def sign_in(page, username, password, *, lands_on_bank=True):
        page.goto(f"{live_server.url}/accounts/login/")
        page.get_by_label("Tên đăng nhập").fill(username)
        page.get_by_label("Mật khẩu").fill(password)
        page.get_by_role("button", name="Đăng nhập").click()
        if lands_on_bank:
            expect(page).to_have_url(f"{live_server.url}/bank/")
            expect(page.get_by_role("heading", name="Ngân hàng dự án", level=1)).to_be_visible()

    return sign_in
