"""Hand-made POSTs that carry fields the form does not show (status, version, code, another agency, the report's
unit or round, who acted, staff and superuser flags): each is ignored or refused, and nothing it names changes."""
import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from partners.models import NGO, Organisation
from partners.roles import ensure_role_groups
from projects.models import BudgetLine, Project, ProjectEvent
from reporting import services
from reporting.models import ReportingRound, ReportLine
from tests.projects.test_project_editing import new_project_payload
from tests.support.project_forms import edit_payload
from tests.support.report_forms import report_post
from tests.support.rounds import open_round

pytestmark = pytest.mark.django_db

CHAU_THANH, FARMERS = "ubnd-huyen-chau-thanh", "hoi-nong-dan-soc-trang"


def org(code):
    return Organisation.objects.get(code=code)


@pytest.fixture
def ngo(db):
    return NGO.objects.create(code="helvetas", name_original="Helvetas", name="Tổ chức Helvetas", country="CH")


def project_extras(ngo, users):
    """What the project's model has and its form leaves out."""
    return {
        "status": "published", "version": 99, "code": "chen-ngang", "ngo": ngo.pk, "decision_number": "99/QĐ-UBND",
        "decision_date": "2024-01-01", "search_text": "x", "source_ref": "giả", "source_text": "giả", "corrections": "giả",
        "carried_over_from": Project.objects.first().pk, "created_by": users["coordinator"].pk, "id": 1,
    }


def test_a_new_project_takes_only_what_the_form_shows(client, users, programme, ngo):
    client.force_login(users["officer"])
    response = client.post(reverse("projects:create"), new_project_payload(programme) | project_extras(ngo, users))
    assert response.status_code == 302
    project = Project.objects.get(name="Nhà văn hóa ấp Phú Lợi")
    assert (project.status, project.version, project.ngo, project.decision_number, project.decision_date) == ("draft", 1, None, "", None)
    assert project.code != "chen-ngang" and project.carried_over_from is None and not project.source_text and project.pk != 1
    assert project.host_agency == org(CHAU_THANH) and project.history.get().history_user == users["officer"]


def test_an_officer_cannot_file_a_project_for_another_agency(client, users, programme):
    client.force_login(users["officer"])
    before = Project.objects.count()
    response = client.post(reverse("projects:create"), new_project_payload(programme, host_agency=org(FARMERS).pk))
    assert response.status_code == 200 and "host_agency" in response.context["form"].errors
    assert Project.objects.count() == before


def test_editing_takes_only_what_the_form_shows(client, users, own_draft, farmers_draft, ngo):
    client.force_login(users["officer"])
    extras = project_extras(ngo, users) | {"version": own_draft.version}
    assert client.post(reverse("projects:edit", args=[own_draft.pk]), edit_payload(own_draft, name="Tên mới") | extras).status_code == 302
    own_draft.refresh_from_db()
    assert (own_draft.name, own_draft.status, own_draft.ngo, own_draft.decision_number, own_draft.version) == ("Tên mới", "draft", None, "", 2)
    assert own_draft.code != "chen-ngang" and own_draft.carried_over_from is None and not own_draft.source_text


def test_editing_cannot_move_a_project_or_its_lines_to_another_agency_or_project(client, users, own_draft, farmers_draft):
    client.force_login(users["officer"])
    url = reverse("projects:edit", args=[own_draft.pk])
    theirs = farmers_draft.lines.get()
    before = (list(BudgetLine.objects.values_list("pk", "project", "total")), Project.objects.get(pk=own_draft.pk).host_agency_id)
    moved = client.post(url, edit_payload(own_draft, host_agency=org(FARMERS).pk))
    assert moved.status_code == 200 and "host_agency" in moved.context["form"].errors
    # The other agency's line, named by its id and its project: refused, or taken for a new line of this project.
    for changes in ({"lines-0-id": theirs.pk, "lines-0-total": "1"}, {"lines-0-project": farmers_draft.pk, "lines-0-total": "1"}):
        client.post(url, edit_payload(own_draft, **changes))
        theirs.refresh_from_db()
        assert (theirs.project_id, theirs.total) == (farmers_draft.pk, farmers_draft.lines.get().total) and theirs.total != 1
    assert farmers_draft.lines.count() == 1
    assert Project.objects.get(pk=own_draft.pk).host_agency_id == before[1]


def test_a_step_does_only_what_the_step_does(client, users, own_draft, ngo):
    client.force_login(users["officer"])
    data = {"comment": "Gửi", "status": "published", "to_status": "published", "ngo": ngo.pk, "decision_number": "9/QĐ", "actor": users["coordinator"].pk}
    assert client.post(reverse("projects:step", args=[own_draft.pk, "submit"]), data).status_code == 302
    own_draft.refresh_from_db()
    assert (own_draft.status, own_draft.ngo, own_draft.decision_number) == ("proposed", None, "")
    event = own_draft.events.get(action="submit")
    assert (event.actor, event.to_status) == (users["officer"], "proposed")


def test_an_opinion_is_the_reviewers_own(client, users, farmers_submitted):
    client.force_login(users["reviewer"])
    data = {"topic": "other", "verdict": "agree", "comment": "Đồng ý", "actor": users["coordinator"].pk, "organisation": org(FARMERS).pk,
            "to_status": "published", "status": "published", "action": "accept"}
    assert client.post(reverse("projects:opinion", args=[farmers_submitted.pk]), data).status_code == 302
    event = ProjectEvent.objects.get(project=farmers_submitted, action="opinion")
    assert (event.actor, event.organisation, event.to_status) == (users["reviewer"], users["reviewer"].memberships.get().organisation, "proposed")
    farmers_submitted.refresh_from_db()
    assert farmers_submitted.status == "proposed"


@pytest.fixture
def reports(programme, users):
    """This year's round for Châu Thành and Hội Nông dân, each with its report started."""
    round_ = open_round(programme, users["coordinator"], [org(CHAU_THANH), org(FARMERS)])
    return {
        code: services.report_start(round_=round_, organisation=org(code), by=users[who]) for code, who in ((CHAU_THANH, "officer"), (FARMERS, "farmers"))
    }


def report_url(report):
    return reverse("reporting:report", args=[report.round_id, report.organisation_id])


def test_a_report_takes_only_its_text_lines_and_ngos(client, users, reports, programme):
    ours, theirs = reports[CHAU_THANH], reports[FARMERS]
    other_round = ReportingRound.objects.create(programme=programme, year=2001, deadline=timezone.now(), opened_by=users["coordinator"])
    client.force_login(users["officer"])
    page = client.get(report_url(ours))
    extras = {
        "status": "accepted", "organisation": theirs.organisation_id, "round": other_round.pk, "submitted_at": "2020-01-01 00:00",
        "first_submitted_at": "2020-01-01 00:00", "reopened_until": "2099-01-01 00:00", "id": theirs.pk,
        "line-0-project": Project.objects.exclude(host_agency__code=CHAU_THANH).first().pk, "line-0-report": theirs.pk, "line-0-round": other_round.pk,
    }
    round_before, lines_before = ours.round_id, sorted(ours.lines.values_list("pk", "round", "project"))
    assert client.post(report_url(ours), report_post(page, results="Kết quả", **extras)).status_code == 302
    ours.refresh_from_db()
    assert (ours.results, ours.status, ours.organisation_id, ours.round_id, ours.submitted_at, ours.reopened_until) == (
        "Kết quả", "draft", org(CHAU_THANH).pk, round_before, None, None,
    )
    assert sorted(ours.lines.values_list("pk", "round", "project")) == lines_before and not ReportLine.objects.filter(round=other_round).exists()
    theirs.refresh_from_db()
    assert (theirs.results, theirs.status, theirs.version) == ("", "draft", 1)


def test_a_report_refuses_the_ids_of_another_units_rows(client, users, reports, ngo):
    ours, theirs = reports[CHAU_THANH], reports[FARMERS]
    theirs_ngo = theirs.ngos.create(ngo=ngo, activities="Tập huấn.")
    their_line = theirs.lines.first()
    client.force_login(users["officer"])
    page = client.get(report_url(ours))
    for changes in ({"line-0-id": their_line.pk, "line-0-results": "Sửa của người khác"},
                    {"ngo-INITIAL_FORMS": "1", "ngo-0-id": theirs_ngo.pk, "ngo-0-ngo": ngo.pk, "ngo-0-activities": "Sửa của người khác"}):
        assert client.post(report_url(ours), report_post(page, **changes)).status_code == 400
    ours.refresh_from_db()
    assert ours.version == 1
    # Deleting their NGO row: a deleted row is not validated, so its id is not refused, but nothing outside the
    # report is ever deleted.
    deleting = {"ngo-INITIAL_FORMS": "1", "ngo-0-id": theirs_ngo.pk, "ngo-0-ngo": ngo.pk, "ngo-0-activities": "Tập huấn.", "ngo-0-DELETE": "on"}
    client.post(report_url(ours), report_post(page, **deleting))
    their_line.refresh_from_db()
    theirs_ngo.refresh_from_db()
    assert (their_line.results, their_line.report_id, theirs_ngo.activities, theirs_ngo.report_id) == ("", theirs.pk, "Tập huấn.", theirs.pk)
    assert not ours.ngos.exists()


def test_a_round_takes_only_what_the_form_shows(client, users, programme):
    client.force_login(users["coordinator"])
    data = {"programme": programme.pk, "year": 2021, "grace_days": 0, "reminders": "7", "opened_by": users["officer"].pk,
            "units": [org(FARMERS).pk], "opened_at": "2000-01-01 00:00", "id": 1}
    assert client.post(reverse("reporting:rounds"), data).status_code == 302
    round_ = ReportingRound.objects.get(programme=programme, year=2021)
    assert round_.opened_by == users["coordinator"] and round_.opened_at.year != 2000
    assert set(round_.units.all()) == set(services.obliged_units(programme, 2021, round_.deadline))


def test_signing_in_changes_nothing_about_the_account(client, make_user):
    make_user("tham-do", role="officer", organisation=CHAU_THANH)
    data = {"username": "tham-do", "password": "pw-tham-do", "is_staff": "on", "is_superuser": "on", "groups": [1], "email": "x@evil.example"}
    assert client.post(reverse("login"), data).status_code == 302
    user = get_user_model().objects.get(username="tham-do")
    assert (user.is_staff, user.is_superuser, user.email, user.groups.count()) == (False, False, "", 0)


def test_a_coordinator_in_the_admin_cannot_make_anyone_staff_or_superuser(client, make_user):
    """The coordinators' group changes the domain's records, not the accounts: no way to a superuser's rights."""
    coordinator = make_user("dieu-phoi", role="coordinator", organisation="so-tai-chinh-can-tho", staff=True)
    coordinator.groups.add(ensure_role_groups()["coordinator"])
    client.force_login(coordinator)
    url = reverse("admin:auth_user_change", args=[coordinator.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, {"username": "dieu-phoi", "is_staff": "on", "is_superuser": "on", "is_active": "on"}).status_code == 403
    assert client.post(reverse("admin:auth_user_add"), {"username": "moi", "password1": "Mk-rat-dai-123", "password2": "Mk-rat-dai-123"}).status_code == 403
    coordinator.refresh_from_db()
    assert not coordinator.is_superuser and get_user_model().objects.filter(username="moi").count() == 0
