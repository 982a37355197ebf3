"""An NGO's expression of interest: sent, saved and acknowledged in its language, the coordinators told; refused
with a clear message in the reader's language, nothing saved and nothing typed lost, for robots and for mistakes."""
import re
import time

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from partners.models import NGO, Membership, Organisation
from projects.lifecycle import PUBLIC
from projects.models import Interest, Project
from projects.services.interests import interest_sender_key
from reporting.public.interest_form import fill_token
from tests.support.translated import translated

pytestmark = pytest.mark.django_db
CODE = "03-2020-i-01"
MESSAGE = "Chúng tôi muốn tìm hiểu thêm về <mô hình> & lịch trình."


def url(language, code=CODE, name="public:interest"):
    return reverse(name, kwargs={"lang": language, "code": code})



def filled(**changes):
    """What an NGO sends: typed a minute after the form was shown."""
    data = {
        "organisation_name": "Save the Children Sweden",
        "country": "SE",
        "contact_name": "Anna Lindqvist",
        "email": "anna.lindqvist@example.org",
        "support": ["funding", "technical"],
        "message": MESSAGE,
        "website": "",
        "started": fill_token(CODE, now=time.time() - 60),
    }
    return {name: value for name, value in (data | changes).items() if value is not None}


@pytest.fixture
def coordinators(db):
    User = get_user_model()
    department = Organisation.objects.get(code="so-tai-chinh-can-tho")
    made = []
    for name in ("coordinator-one", "coordinator-two"):
        user = User.objects.create_user(name, email=f"{name}@socaid.example.gov.vn")
        Membership.objects.create(user=user, organisation=department, role=Membership.Role.COORDINATOR)
        made.append(user)
    officer = User.objects.create_user("officer-ct", email="officer@socaid.example.gov.vn")
    Membership.objects.create(user=officer, organisation=Organisation.objects.get(code="ubnd-huyen-chau-thanh"), role=Membership.Role.OFFICER)
    return made


def send(client, language, data, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(url(language), data)


def test_the_form_is_not_cached_and_carries_a_csrf_token(client):
    response = client.get(url("en"))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"] and "public" not in response["Cache-Control"]
    assert 'name="csrfmiddlewaretoken"' in response.content.decode()
    strict = Client(enforce_csrf_checks=True)
    assert strict.post(url("en"), filled()).status_code == 403
    assert not Interest.objects.exists()


def test_the_honeypot_is_hidden_from_people_and_screen_readers(client):
    page = client.get(url("vi")).content.decode()
    wrapper = re.search(r'<div class="visually-hidden" aria-hidden="true">(.*?)</div>', page, re.S)
    assert wrapper, "the honeypot's wrapper"
    assert 'name="website"' in wrapper.group(1) and 'tabindex="-1"' in wrapper.group(1)
    assert translated("vi", "Leave this field empty") in wrapper.group(1)


def test_the_registry_names_are_offered_without_script(client):
    """The traditional partners and the NGOs funding a public project are named; a prospective partner, which may
    have been added when it wrote to the province, is not shown to strangers."""
    traditional, funding = NGO.objects.order_by("pk")[:2]
    prospective = NGO.objects.create(code="probe-prospective", name_original="Prospective Probe Foundation")
    NGO.objects.filter(pk=traditional.pk).update(relationship=NGO.Relationship.TRADITIONAL)
    NGO.objects.filter(pk__in=[funding.pk, prospective.pk]).update(relationship=NGO.Relationship.PROSPECTIVE)
    Project.objects.filter(code=CODE).update(ngo=funding, status=Project.Status.COMMITTED)
    page = client.get(url("en")).content.decode()
    with translation.override("en"):
        listed = {str(ngo): f'<option value="{ngo}">' in page for ngo in (traditional, funding, prospective)}
    assert list(listed.values()) == [True, True, False], listed
    assert 'list="registry-ngos"' in page


@pytest.mark.parametrize("language", ["vi", "en"])
def test_sent_saved_acknowledged_and_coordinators_told(client, coordinators, language, django_capture_on_commit_callbacks):
    response = send(client, language, filled(), django_capture_on_commit_callbacks)
    assert response.status_code == 302 and response["Location"] == url(language, name="public:interest_sent")
    interest = Interest.objects.get()
    assert (interest.project.code, interest.organisation_name, interest.country.code, interest.contact_name, interest.email) == (
        CODE, "Save the Children Sweden", "SE", "Anna Lindqvist", "anna.lindqvist@example.org"
    )
    assert interest.support == ["funding", "technical"] and interest.message == MESSAGE and interest.language == language
    assert interest.ngo is None and interest.state == Interest.State.NEW
    assert interest.sender_key == interest_sender_key("127.0.0.1") and "127.0.0.1" not in interest.sender_key and len(interest.sender_key) == 64

    acknowledgement, *notices = mail.outbox
    assert acknowledgement.to == ["anna.lindqvist@example.org"]
    project = interest.project
    name = project.name_en if language == "en" else project.name
    assert name in acknowledgement.subject
    body = acknowledgement.body
    assert f"{settings.SITE_URL}/{language}/projects/{CODE}/" in body
    # Anyone can type any address: nothing typed is carried to it in the province's name.
    assert "Anna Lindqvist" not in body and "Save the Children" not in body and MESSAGE not in body
    support = ", ".join(translated(language, label) for label in ("funding", "technical assistance"))
    assert translated(language, "Support you consider: %(support)s") % {"support": support} in body

    assert sorted(address for notice in notices for address in notice.to) == sorted(user.email for user in coordinators)
    staff = reverse("projects:interest", kwargs={"pk": interest.pk})
    for notice in notices:
        assert project.name in notice.subject  # in the portal's language, whatever the form's
        assert settings.SITE_URL + staff in notice.body
        assert "anna.lindqvist@example.org" in notice.body and "Save the Children Sweden" in notice.body and MESSAGE in notice.body
        assert "officer@socaid.example.gov.vn" not in notice.to


def test_a_registry_name_links_the_registry_ngo(client, django_capture_on_commit_callbacks):
    ngo = NGO.objects.get(code="tong-lanh-su-quan-uc-tphcm")
    NGO.objects.filter(pk=ngo.pk).update(relationship=NGO.Relationship.TRADITIONAL)
    with translation.override("vi"):
        typed = "  " + str(ngo).upper() + " "  # as chosen from the list, then retyped carelessly
    response = send(client, "vi", filled(organisation_name=typed), django_capture_on_commit_callbacks)
    assert response.status_code == 302
    interest = Interest.objects.get()
    assert interest.ngo == ngo and interest.organisation_name == typed.strip()


def test_the_acknowledgement_page(client):
    response = client.get(url("en", name="public:interest_sent"))
    assert response.status_code == 200
    assert Project.objects.get(code=CODE).name_en in response.content.decode()


def visible_values(page):
    return {
        "organisation": 'value="Save the Children Sweden"' in page,
        "contact": 'value="Anna Lindqvist"' in page,
        "message": "Chúng tôi muốn tìm hiểu thêm về &lt;mô hình&gt; &amp; lịch trình." in page,
        "country": '<option value="SE" selected>' in page,
        "funding": re.search(r'<input[^>]*value="funding"[^>]*checked', page) is not None,
    }


REFUSALS = {
    # name: (what is sent, made when the test runs so that its time is the test's, the message the reader reads, the status)
    "missing e-mail": (lambda: filled(email=""), "Give an e-mail address we can answer to.", 400),
    "bad e-mail": (lambda: filled(email="anna.lindqvist@"), "This e-mail address does not look right: please check it.", 400),
    "no kind of support": (lambda: filled(support=[]), "Choose at least one kind of support.", 400),
    "honeypot filled": (
        lambda: filled(website="http://spam.example"),
        "The form was not sent: the field marked “leave this field empty” was filled in. Please leave it empty and send again.",
        400,
    ),
    "too fast": (
        lambda: filled(started=fill_token(CODE, )),
        "The form was sent too quickly or has expired. Please wait a moment and send it again: what you typed is kept.",
        400,
    ),
    "tampered timestamp": (
        lambda: filled(started=fill_token(CODE, now=time.time() - 60)[:-2] + "xx"),
        "The form was sent too quickly or has expired. Please wait a moment and send it again: what you typed is kept.",
        400,
    ),
    "no timestamp": (
        lambda: filled(started=None),
        "The form was sent too quickly or has expired. Please wait a moment and send it again: what you typed is kept.",
        400,
    ),
}


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize("case", sorted(REFUSALS))
def test_each_refusal_saves_nothing_keeps_the_typing_and_says_why(client, coordinators, case, language, django_capture_on_commit_callbacks):
    data, message, status = REFUSALS[case]
    response = send(client, language, data(), django_capture_on_commit_callbacks)
    assert response.status_code == status
    assert not Interest.objects.exists() and mail.outbox == []
    page = response.content.decode()
    assert escape(translated(language, message)) in page
    for target in re.findall(r'<li><a href="#([^"]*)">', page):  # the summary leads to each field it names
        assert target and f'id="{target}"' in page, target
    kept = visible_values(page)
    if case == "no kind of support":
        kept.pop("funding")
    assert all(kept.values()), kept
    assert 'name="website" id="id_website" value=""' in page  # the honeypot goes back empty


def test_too_fast_then_sent_after_waiting(client, settings, django_capture_on_commit_callbacks):
    """The form refused as too fast carries a fresh time: sent again once that is old enough, it goes through."""
    settings.INTEREST_MIN_FILL_SECONDS = 1
    response = send(client, "en", filled(started=fill_token(CODE, )), django_capture_on_commit_callbacks)
    assert response.status_code == 400
    again = re.search(r'name="started" value="([^"]+)"', response.content.decode()).group(1)
    time.sleep(1.1)
    assert send(client, "en", filled(started=again), django_capture_on_commit_callbacks).status_code == 302
    assert Interest.objects.count() == 1


def test_a_corrected_form_keeps_its_time(client):
    """Correcting a field is not made to wait again: the genuine time the form came with goes back out."""
    started = fill_token(CODE, now=time.time() - 60)
    page = client.post(url("en"), filled(email="", started=started)).content.decode()
    assert f'name="started" value="{started}"' in page


def test_the_rate_limit_per_address(client, settings, coordinators, django_capture_on_commit_callbacks):
    settings.INTEREST_PER_ADDRESS_PER_HOUR = 2
    for number in range(2):
        assert send(client, "en", filled(email=f"staff{number}@example.org"), django_capture_on_commit_callbacks).status_code == 302
    mail.outbox.clear()
    response = send(client, "en", filled(), django_capture_on_commit_callbacks)
    assert response.status_code == 429
    assert Interest.objects.count() == 2 and mail.outbox == []
    page = response.content.decode()
    assert escape(translated("en", "Too many expressions of interest have come from your connection in the last hour. Please try again later, or write to the project's contact.")) in page
    assert all(visible_values(page).values())
    # Another address is not held back by this one.
    assert Client(REMOTE_ADDR="203.0.113.9").post(url("en"), filled()).status_code == 302


def test_the_rate_limit_counts_the_address_behind_the_proxy(client, settings, django_capture_on_commit_callbacks):
    settings.PROXY_COUNT, settings.INTEREST_PER_ADDRESS_PER_HOUR = 1, 1
    first = Client(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert first.post(url("en"), filled()).status_code == 302
    assert Interest.objects.get().sender_key == interest_sender_key("198.51.100.7")
    assert Client(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.7").post(url("en"), filled(email="b@example.org")).status_code == 429
    assert Client(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.8").post(url("en"), filled(email="c@example.org")).status_code == 302


@pytest.mark.parametrize("status", sorted(set(Project.Status) - PUBLIC))
def test_not_public_is_not_found(client, status, django_capture_on_commit_callbacks):
    Project.objects.filter(code=CODE).update(status=status)
    assert client.get(url("en")).status_code == 404
    assert send(client, "en", filled(), django_capture_on_commit_callbacks).status_code == 404
    assert client.get(url("en", name="public:interest_sent")).status_code == 404
    assert not Interest.objects.exists() and mail.outbox == []


def test_an_unknown_project_is_not_found(client):
    assert client.post(url("en", code="03-2020-ix-99"), filled()).status_code == 404
    assert not Interest.objects.exists()


def test_withdrawn_while_the_form_was_open(client, monkeypatch, django_capture_on_commit_callbacks):
    """The service looks again: a project withdrawn between the page's read and the write takes no interest."""
    from projects.services import interests

    real = interests.interest_receive

    def withdrawn_meanwhile(**kwargs):
        Project.objects.filter(code=CODE).update(status=Project.Status.WITHDRAWN)
        return real(**kwargs)

    monkeypatch.setattr("reporting.public.interest_page.interest_receive", withdrawn_meanwhile)
    assert send(client, "en", filled(), django_capture_on_commit_callbacks).status_code == 404
    assert not Interest.objects.exists() and mail.outbox == []


def test_the_service_refuses_what_the_form_would(django_capture_on_commit_callbacks):
    """Called by anything else than the form, interest_receive keeps the same rules and saves nothing refused."""
    from django.core.exceptions import ValidationError

    from projects.services.interests import interest_receive

    project = Project.objects.get(code=CODE)
    fields = {
        "project": project, "organisation_name": "Oxfam", "country": "GB", "contact_name": "Jo Smith", "email": "jo@example.org",
        "language": "en", "sender_key": interest_sender_key("192.0.2.1"),
    }
    with django_capture_on_commit_callbacks(execute=True):
        for support, email in ((["grants"], "jo@example.org"), ([], "jo@example.org"), (["funding"], "not-an-address")):
            with pytest.raises(ValidationError):
                interest_receive(**fields | {"support": support, "email": email})
        Project.objects.filter(pk=project.pk).update(status=Project.Status.ACCEPTED)
        with pytest.raises(Project.DoesNotExist):
            interest_receive(**fields | {"support": ["funding"]})
    assert not Interest.objects.exists() and mail.outbox == []


def test_an_ipv6_sender_is_counted_by_its_network():
    """One subscriber holds a whole /64: counted address by address, it could send from millions."""
    assert interest_sender_key("2001:db8:1:2::1") == interest_sender_key("2001:db8:1:2:ffff::9")
    assert interest_sender_key("2001:db8:1:2::1") != interest_sender_key("2001:db8:1:3::1")
    assert interest_sender_key("198.51.100.7") != interest_sender_key("198.51.100.8")
    assert interest_sender_key(None) == interest_sender_key("") != interest_sender_key("198.51.100.7")


def test_one_acknowledgement_a_day_per_address_and_project(client, django_capture_on_commit_callbacks):
    assert send(client, "en", filled(), django_capture_on_commit_callbacks).status_code == 302
    mail.outbox.clear()
    again = Client(REMOTE_ADDR="203.0.113.50")  # from elsewhere, so the hourly limit is not what refuses it
    response = again.post(url("en"), filled(email="Anna.Lindqvist@example.org"))
    assert response.status_code == 400 and Interest.objects.count() == 1 and mail.outbox == []
    assert escape(translated("en", "This e-mail address has already expressed interest in this project today; the coordinating department will answer it.")) in response.content.decode()


def test_a_token_shown_for_one_project_does_not_send_another(client, django_capture_on_commit_callbacks):
    other = Project.objects.public().exclude(code=CODE).order_by("code").first()
    response = client.post(url("en", code=other.code), filled())  # the token of CODE's form
    assert response.status_code == 400 and not Interest.objects.exists()


def test_a_completed_project_takes_no_interest(client, django_capture_on_commit_callbacks):
    Project.objects.filter(code=CODE).update(status=Project.Status.COMPLETED)
    assert client.get(url("en", name="public:project")).status_code == 200
    assert "/interest/" not in client.get(url("en", name="public:project")).content.decode()
    assert client.get(url("en")).status_code == 404
    assert send(client, "en", filled(), django_capture_on_commit_callbacks).status_code == 404
