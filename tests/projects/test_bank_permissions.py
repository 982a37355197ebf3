"""Every view of the project bank for every role, and hand-made requests for what is not yours."""
import pytest
from django.urls import reverse

from projects.models import Project, ProjectEvent
from tests.support.project_forms import edit_payload

pytestmark = pytest.mark.django_db

SEED_PROJECT = "03-2020-i-01"  # UBND huyện Châu Thành's, published


def seed(code=SEED_PROJECT):
    return Project.objects.get(code=code)


def as_user(client, users, who):
    if who != "anonymous":
        client.force_login(users[who])
    return client


# who -> expected status for: list, seed detail, create form, own-draft detail, farmers-draft detail
READ_MATRIX = {
    "anonymous": (302, 302, 302),
    "nobody": (403, 403, 403),
    "viewer": (200, 200, 403),
    "reviewer": (200, 200, 403),
    "officer": (200, 200, 200),
    "farmers": (200, 200, 200),
    "coordinator": (200, 200, 200),
    "admin": (200, 200, 200),
}


@pytest.mark.parametrize("who", READ_MATRIX)
def test_reading_the_bank(client, users, who):
    as_user(client, users, who)
    got = (
        client.get(reverse("projects:bank")).status_code,
        client.get(reverse("projects:detail", args=[seed().pk])).status_code,
        client.get(reverse("projects:create")).status_code,
    )
    assert got == READ_MATRIX[who]


def test_anonymous_is_sent_to_sign_in(client):
    response = client.get(reverse("projects:bank"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


# who -> may open the draft of Châu Thành, of Hội Nông dân; may edit Châu Thành's draft, Hội Nông dân's. A draft
# the user may not see answers 404, as a missing id does: a 403 would say it exists.
DRAFT_MATRIX = {
    "viewer": (404, 404, 404, 404),
    "reviewer": (404, 404, 404, 404),
    "officer": (200, 404, 200, 404),
    "farmers": (404, 200, 404, 200),
    "coordinator": (200, 200, 200, 200),
    "admin": (200, 200, 200, 200),
}


@pytest.mark.parametrize("who", DRAFT_MATRIX)
def test_drafts_belong_to_their_host_agency(client, users, who, own_draft, farmers_draft):
    as_user(client, users, who)
    got = (
        client.get(reverse("projects:detail", args=[own_draft.pk])).status_code,
        client.get(reverse("projects:detail", args=[farmers_draft.pk])).status_code,
        client.get(reverse("projects:edit", args=[own_draft.pk])).status_code,
        client.get(reverse("projects:edit", args=[farmers_draft.pk])).status_code,
    )
    assert got == DRAFT_MATRIX[who]


def test_drafts_of_others_are_not_listed(client, users, own_draft, farmers_draft):
    as_user(client, users, "officer")
    html = client.get(reverse("projects:bank"), {"q": "du an nhap"}).content.decode()
    assert own_draft.name in html and farmers_draft.name not in html


def test_officer_cannot_edit_a_published_project_of_their_own(client, users):
    as_user(client, users, "officer")
    assert client.get(reverse("projects:edit", args=[seed().pk])).status_code == 403


def test_hand_made_post_to_another_agencys_project_is_refused(client, users, farmers_draft):
    as_user(client, users, "officer")
    response = client.post(reverse("projects:edit", args=[farmers_draft.pk]), edit_payload(farmers_draft, name="Đã bị sửa"))
    assert response.status_code == 404  # another agency's draft is not theirs to know of
    farmers_draft.refresh_from_db()
    assert farmers_draft.name == "Dự án nháp Hội Nông dân" and farmers_draft.version == 1


def test_hand_made_steps_are_refused(client, users, farmers_draft, farmers_submitted):
    as_user(client, users, "officer")
    assert client.post(reverse("projects:step", args=[farmers_draft.pk, "submit"])).status_code == 404
    assert client.post(reverse("projects:step", args=[farmers_submitted.pk, "accept"])).status_code == 403
    as_user(client, users, "viewer")
    assert client.post(reverse("projects:opinion", args=[farmers_submitted.pk]), {"topic": "other", "verdict": "agree", "comment": "x"}).status_code == 403
    assert client.post(reverse("projects:step", args=[farmers_submitted.pk, "withdraw"]), {"comment": "x"}).status_code == 403
    farmers_draft.refresh_from_db()
    farmers_submitted.refresh_from_db()
    assert (farmers_draft.status, farmers_submitted.status) == ("draft", "proposed")
    assert not ProjectEvent.objects.filter(project__in=[farmers_draft, farmers_submitted]).exists()


def test_officer_cannot_file_a_project_for_another_agency(client, users):
    as_user(client, users, "officer")
    data = edit_payload(seed(), host_agency=seed("03-2020-i-02").host_agency_id, position="")
    data |= {"lines-INITIAL_FORMS": "0", "lines-0-id": "", "lines-0-project": ""}
    count = Project.objects.count()
    response = client.post(reverse("projects:create"), data)
    assert response.status_code == 200
    assert "host_agency" in response.context["form"].errors
    assert Project.objects.count() == count


def test_restore_needs_edit_rights(client, users, farmers_draft):
    as_user(client, users, "officer")
    project = seed()  # in the bank for all to read, not Châu Thành's to change
    record = project.history.first()
    response = client.post(reverse("projects:restore", args=[project.pk, record.history_id]), {"version": project.version})
    assert response.status_code == 403
    record = farmers_draft.history.first()  # another agency's draft: as if it did not exist
    response = client.post(reverse("projects:restore", args=[farmers_draft.pk, record.history_id]), {"version": 1})
    assert response.status_code == 404


def test_unknown_project_and_step(client, users):
    as_user(client, users, "coordinator")
    assert client.get(reverse("projects:detail", args=[999999])).status_code == 404
    assert client.post(reverse("projects:step", args=[seed().pk, "explode"])).status_code == 404
