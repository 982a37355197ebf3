"""Every view that follows a ``next`` (sign-in, sign-out, the language switch, the admin's sign-in) keeps the user
on the portal whatever address a link hands it: a phishing link through the portal's own sign-in page goes nowhere."""
import re
from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db

SITE = "testserver"
ELSEWHERE = [
    "https://evil.example/",
    "http://evil.example",
    "//evil.example",
    "///evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "\\/evil.example",
    " //evil.example",
    "/\t/evil.example",
    "https:evil.example",
    "https://testserver@evil.example/",
    "https://evil.example/?next=https://testserver/",
    "javascript:alert(document.cookie)",
    "JaVaScRiPt:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "https://evil.example%2F@testserver",
    "https://testserver.evil.example/",
]


def stays_on_site(location):
    """Whether a browser following ``location`` stays here. Browsers drop tabs and line breaks anywhere in an
    address and leading spaces, and read a backslash as a slash; so does this check, before it parses."""
    address = re.sub(r"[\t\n\r]", "", location).lstrip(" \x00-\x1f").replace("\\", "/")
    parts = urlsplit(address)
    if parts.scheme:  # "https:evil.example" is https://evil.example/ to a browser on an http page
        return parts.scheme in ("http", "https") and parts.netloc == SITE
    return not address.startswith("//") and not parts.netloc


def test_the_check_knows_an_escape_when_it_sees_one():
    assert not [target for target in ELSEWHERE if stays_on_site(target)]
    assert stays_on_site("/bank/") and stays_on_site("http://testserver/bank/?q=//x") and stays_on_site("/bank/?next=//evil.example")


def location(response):
    assert response.status_code in (301, 302, 303), (response.status_code, response.content[:300])
    return response["Location"]


@pytest.fixture
def officer(make_user):
    return make_user("dieu-huong", role="officer", organisation="ubnd-huyen-chau-thanh")


@pytest.mark.parametrize("target", ELSEWHERE)
def test_signing_in_goes_to_the_portal(target, officer):
    client = Client()
    signed_in = client.post(reverse("login") + "?next=" + target, {"username": "dieu-huong", "password": "pw-dieu-huong", "next": target})
    assert stays_on_site(location(signed_in)) and "_auth_user_id" in client.session
    # Already signed in, the sign-in page sends the user on at once.
    assert stays_on_site(location(client.get(reverse("login"), {"next": target})))


@pytest.mark.parametrize("target", ELSEWHERE)
def test_signing_out_goes_to_the_portal(target, officer):
    client = Client()
    client.force_login(officer)
    assert stays_on_site(location(client.post(reverse("logout"), {"next": target})))
    assert "_auth_user_id" not in client.session
    client.force_login(officer)
    assert stays_on_site(location(client.post(reverse("logout") + "?next=" + target)))


@pytest.mark.parametrize("target", ELSEWHERE)
def test_the_language_switch_goes_to_the_portal(target, officer):
    client = Client()
    for signed_in in (False, True):
        if signed_in:
            client.force_login(officer)
        switched = client.post(reverse("set_language"), {"language": "en", "next": target})
        assert stays_on_site(location(switched)) and switched.cookies["django_language"].value == "en"
        # Without a next, it goes back where the browser says it came from: not to a page elsewhere either.
        assert stays_on_site(location(client.post(reverse("set_language"), {"language": "vi"}, HTTP_REFERER=target, HTTP_ACCEPT="text/html")))
        assert stays_on_site(location(client.get(reverse("set_language"), {"next": target}, HTTP_ACCEPT="text/html")))


@pytest.mark.parametrize("target", ELSEWHERE)
def test_the_admins_sign_in_and_sign_out_go_to_the_portal(target, make_user):
    make_user("quan-tri", superuser=True)
    client = Client()
    url = reverse("admin:login") + "?next=" + target
    signed_in = client.post(url, {"username": "quan-tri", "password": "pw-quan-tri", "next": target})
    assert stays_on_site(location(signed_in)) and "_auth_user_id" in client.session
    assert stays_on_site(location(client.get(url)))
    assert stays_on_site(location(client.post(reverse("admin:logout"), {"next": target})))


def test_a_forged_host_is_refused_not_echoed(officer):
    """Django builds absolute addresses from the Host header; one not in ALLOWED_HOSTS is refused with 400."""
    client = Client()
    client.force_login(officer)
    assert client.get(reverse("projects:bank"), HTTP_HOST="evil.example").status_code == 400
    assert client.post(reverse("login"), {"username": "dieu-huong", "password": "pw-dieu-huong"}, HTTP_HOST="evil.example").status_code == 400
    assert client.get(reverse("projects:bank"), HTTP_X_FORWARDED_HOST="evil.example").status_code == 200  # not trusted


def test_a_next_on_the_portal_is_followed(officer):
    """The views above do follow a next: it is the address elsewhere they refuse, not every address."""
    client = Client()
    here = reverse("reporting:rounds")
    assert location(client.post(reverse("login"), {"username": "dieu-huong", "password": "pw-dieu-huong", "next": here})) == here
    assert location(client.post(reverse("set_language"), {"language": "en", "next": here})) == here
    assert location(client.post(reverse("logout"), {"next": here})) == here
