"""A POST from another site (no CSRF token, or a token that does not match the cookie) is refused with 403 by every
view of the URL configuration, even from a user entitled to it, and changes nothing."""
import pytest
from django.test import Client
from django.urls import reverse

from tests.security.test_access_matrix import OK, RULES, probe_url, scene, state  # noqa: F401  (scene: a fixture)

pytestmark = pytest.mark.django_db


def entitled(rule):
    """Someone the rule lets in, so that only the token stands in the way."""
    return next((role for role in ("officer_a", "coordinator", "anonymous") if rule.post[role] == OK), "coordinator")


@pytest.mark.parametrize("key", RULES)
def test_a_post_without_a_valid_token_is_refused(scene, key):
    rule = RULES[key]
    url = probe_url(scene, key)
    client = Client(enforce_csrf_checks=True)
    role = entitled(rule)
    if role != "anonymous":
        client.force_login(scene.people[role])
    data = rule.data(scene) if rule.data else {}
    before = state(scene)
    assert client.post(url, data).status_code == 403
    client.get(reverse("login"))  # sets the CSRF cookie
    assert client.post(url, data | {"csrfmiddlewaretoken": "x" * 64}).status_code == 403
    assert client.post(url, data, HTTP_X_CSRFTOKEN="y" * 32).status_code == 403
    assert state(scene) == before


def test_the_same_post_with_the_token_goes_through(scene):
    """The refusals above are the token's: with it, the coordinator's POST is taken."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(scene.people["coordinator"])
    client.get(reverse("reporting:rounds"))
    token = client.cookies["csrftoken"].value
    units = scene.round.units.count()
    response = client.post(probe_url(scene, "reporting:round_units"), {"add": [scene.c.pk], "csrfmiddlewaretoken": token})
    assert response.status_code == 302 and scene.round.units.count() == units + 1
