"""The Content Security Policy on every kind of answer, and the inline-script check that test_settings puts on every
HTML page of the suite (tests/support/inline_scripts.py)."""
import pytest
from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.test import override_settings
from django.urls import path, reverse

from tests.support.inline_scripts import inline_scripts

pytestmark = pytest.mark.django_db

POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self'; object-src 'none'; "
    "base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)


def policy(response):
    return response["Content-Security-Policy"]


def test_staff_pages_and_the_admin_carry_the_policy(staff_client, programme, django_assert_max_num_queries):
    client = staff_client("coordinator", "so-tai-chinh-can-tho")
    with django_assert_max_num_queries(30):
        bank = client.get(reverse("projects:bank"))
    admin_index = client.get(reverse("admin:index"))
    admin_list = client.get(reverse("admin:projects_project_changelist"))
    admin_form = client.get(reverse("admin:projects_programme_change", args=[programme.pk]))
    for response in (bank, admin_index, admin_list, admin_form):
        assert response.status_code == 200
        assert policy(response) == POLICY
    # The admin's language menu is sent by a static script now, not by an onchange attribute.
    assert b"socaid/admin_language.js" in admin_index.content


def test_public_pages_the_api_and_refusals_carry_the_policy(client):
    answers = [
        client.get(reverse("public:home", kwargs={"lang": "en"})),
        client.get(reverse("public:catalogue", kwargs={"lang": "vi"})),
        client.get(reverse("api:schema")),
        client.get(reverse("api:project-list")),
        client.get("/en/no-such-page/"),
        client.get(reverse("projects:bank")),  # sent to sign in
        client.get(reverse("healthz")),
    ]
    assert [response.status_code for response in answers] == [200, 200, 200, 200, 404, 302, 200]
    assert {policy(response) for response in answers} == {POLICY}


def test_a_document_may_be_framed_by_its_own_preview_only(staff_client, programme):
    client = staff_client("coordinator", "so-tai-chinh-can-tho")
    printable = client.get(reverse("reporting:appendix"), {"programme": programme.pk, "format": "print"})
    assert printable.status_code == 200
    assert printable["X-Frame-Options"] == "SAMEORIGIN"
    assert policy(printable) == POLICY.replace("frame-ancestors 'none'", "frame-ancestors 'self'")


def test_the_check_finds_every_kind_of_inline_script():
    page = """<html><head><script src="/static/a.js" defer></script>
<script type="application/json" id="data">{"a": 1}</script>
<script>alert(1)</script>
<script type="module">import x from "/x.js"</script></head>
<body onload="go()"><a href="JavaScript:go()">x</a><button type="button" ONCLICK="go()">y</button>
<form action="javascript:go()"></form><p class="one">fine</p></body></html>"""
    assert inline_scripts(page) == [
        "line 3: <script> without src",
        "line 4: <script> without src",
        "line 5: <body onload=...>",
        'line 5: <a href="javascript:...">',
        "line 5: <button onclick=...>",
        'line 6: <form action="javascript:...">',
    ]


@login_not_required
def page_with_inline_script(request):
    return HttpResponse('<p><button onclick="go()">go</button></p>')


urlpatterns = [path("inline/", page_with_inline_script)]


@override_settings(ROOT_URLCONF=__name__)
def test_a_page_of_the_suite_with_an_inline_script_fails(client):
    with pytest.raises(AssertionError, match="/inline/ runs inline script"):
        client.get("/inline/")
