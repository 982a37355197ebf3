"""The coordinator follows up NGOs' expressions of interest: the list, one interest, marking it, linking the NGO."""
import datetime
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from partners.models import NGO
from projects.models import Interest, Project
from projects.services.interest_follow_up import interest_link_ngo, interest_mark, unique_ngo_code
from tests.support.bank_fixtures import make_draft

pytestmark = pytest.mark.django_db

LIST = reverse("projects:interests")


@pytest.fixture
def published(db):
    return make_draft("ubnd-huyen-chau-thanh", "Dự án công bố Châu Thành", status=Project.Status.PUBLISHED)


def interest(project, name="Mekong Grüne Zukunft e.V.", email="info@mgz.example", *, days_ago=1, **fields):
    return Interest.objects.create(
        project=project, organisation_name=name, country=fields.pop("country", "DE"), contact_name="Jana Weber", email=email,
        support=["funding", "technical"], message="Wir möchten mehr über das Projekt erfahren.", language="en",
        received_at=timezone.now() - datetime.timedelta(days=days_ago), sender_key="test", **fields,
    )


def test_the_list_is_the_coordinators_alone(client, users, published):
    interest(published)
    for role, status in (("officer", 403), ("viewer", 403), ("reviewer", 403), ("nobody", 403)):
        client.force_login(users[role])
        assert client.get(LIST).status_code == status
        assert client.get(reverse("projects:usd_rate")).status_code == status
    client.logout()
    assert client.get(LIST)["Location"].startswith(reverse("login"))
    for role in ("coordinator", "admin"):
        client.force_login(users[role])
        assert "Mekong Grüne Zukunft e.V." in client.get(LIST).content.decode()


def test_the_list_filters_by_state_project_programme_days_and_search(client, users, published, next_programme):
    other = make_draft("hoi-nong-dan-soc-trang", "Dự án công bố Hội Nông dân", status=Project.Status.PUBLISHED)
    a = interest(published, days_ago=1)
    b = interest(other, "Children First Foundation", "holt@cff.example", days_ago=20, state=Interest.State.CONTACTED)
    client.force_login(users["coordinator"])

    def listed(**query):
        response = client.get(LIST, query)
        assert response.status_code == 200
        return [row.pk for row in response.context["page"].object_list]

    assert listed() == [a.pk, b.pk]
    assert listed(state="contacted") == [b.pk]
    assert listed(project=other.pk) == [b.pk]
    assert listed(programme=published.programme_id) == [a.pk, b.pk]
    assert listed(programme=next_programme.pk) == []
    assert listed(q="CFF.EXAMPLE") == [b.pk] and listed(q="grüne") == [a.pk]
    week_ago = timezone.localdate() - datetime.timedelta(days=7)
    assert listed(received_from=week_ago.strftime("%d/%m/%Y")) == [a.pk]
    assert listed(received_to=week_ago.strftime("%d/%m/%Y")) == [b.pk]


def test_the_list_exports_what_it_shows_to_excel(client, users, published):
    interest(published)
    interest(published, "Children First Foundation", "holt@cff.example", state=Interest.State.DECLINED)
    client.force_login(users["coordinator"])
    response = client.get(LIST, {"state": "new", "export": "xlsx"})
    assert response.status_code == 200 and "bay-to-quan-tam" in response["Content-Disposition"]
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert len(rows) == 2
    assert rows[1][1:5] == ("Mekong Grüne Zukunft e.V.", "Đức", "Jana Weber", "info@mgz.example")
    assert rows[1][6] == published.code and rows[1][10] == "Mới"


def test_the_list_and_the_project_page_run_constant_queries(client, users, published, django_assert_max_num_queries):
    client.force_login(users["coordinator"])
    interest(published)
    with django_assert_max_num_queries(42) as few:  # the likely funders read the agreements and units of past projects
        client.get(LIST)
        client.get(reverse("projects:detail", args=[published.pk]))
    others = [make_draft("hoi-nong-dan-soc-trang", f"P{index:02d} dự án", status=Project.Status.PUBLISHED) for index in range(10)]
    for index in range(30):
        interest(published, f"NGO {index}", f"ngo{index}@example.org", ngo=NGO.objects.first())
        interest(others[index % 10], f"Other NGO {index}", f"other{index}@example.org")
    with django_assert_max_num_queries(len(few.captured_queries)):
        list_page = client.get(LIST)
        project_page = client.get(reverse("projects:detail", args=[published.pk]))
    assert len(list_page.context["page"].object_list) == 50 and list_page.context["page"].paginator.count == 61
    assert len(list_page.context["form"].fields["project"].queryset) == 11
    assert "NGO 29" in project_page.content.decode()


def test_the_project_page_shows_its_interests_to_the_coordinator_only(client, users, published):
    interest(published)
    client.force_login(users["officer"])  # the host agency's own officer
    page = client.get(reverse("projects:detail", args=[published.pk]))
    assert page.status_code == 200 and "Mekong Grüne Zukunft" not in page.content.decode()
    client.force_login(users["coordinator"])
    assert "Mekong Grüne Zukunft" in client.get(reverse("projects:detail", args=[published.pk])).content.decode()


def test_the_bank_links_the_coordinator_to_the_new_ones(client, users, published):
    interest(published)
    interest(published, "B", "b@example.org")
    interest(published, "C", "c@example.org", state=Interest.State.CONTACTED)
    client.force_login(users["coordinator"])
    page = client.get(reverse("projects:bank")).content.decode()
    assert LIST in page and "2 mới" in page
    client.force_login(users["officer"])
    assert LIST not in client.get(reverse("projects:bank")).content.decode()


def test_marking_keeps_the_note_in_the_history(client, users, published):
    made = interest(published)
    client.force_login(users["coordinator"])
    url = reverse("projects:interest", args=[made.pk])
    page = client.get(url).content.decode()
    assert "Wir möchten mehr über das Projekt erfahren." in page and "info@mgz.example" in page
    response = client.post(url, {"action": "mark", "state": "meeting", "note": "Họp trực tuyến ngày 20/11."})
    assert response.status_code == 302
    made.refresh_from_db()
    assert (made.state, made.state_note, made.updated_by) == ("meeting", "Họp trực tuyến ngày 20/11.", users["coordinator"])
    latest = made.history.latest()
    assert (latest.state, latest.history_user) == ("meeting", users["coordinator"])
    page = client.get(url).content.decode()
    assert "Họp trực tuyến ngày 20/11." in page and "Đã gặp gỡ, làm việc" in page

    response = client.post(url, {"action": "mark", "state": "won", "note": "x"})
    assert response.status_code == 400
    made.refresh_from_db()
    assert made.state == "meeting"


def test_only_the_coordinator_may_mark_or_link(users, published):
    made = interest(published)
    for role in ("officer", "viewer", "reviewer", "nobody"):
        with pytest.raises(PermissionDenied):
            interest_mark(interest=made, state="contacted", note="", by=users[role])
        with pytest.raises(PermissionDenied):
            interest_link_ngo(interest=made, create=True, by=users[role])
    made.refresh_from_db()
    assert made.state == "new" and made.ngo is None and made.history.count() == 1


def test_linking_suggests_the_registrys_ngo_whatever_the_diacritics_and_case(client, users, published):
    ngo = NGO.objects.create(code="cuu-tro-tre-em", name_original="Quỹ Cứu trợ Trẻ em", country="VN")
    made = interest(published, "QUY CUU TRO TRE EM", country="VN")
    client.force_login(users["coordinator"])
    url = reverse("projects:interest", args=[made.pk])
    assert client.get(url).context["suggestions"] == [ngo]
    assert client.post(url, {"action": "link", "ngo": ngo.pk}).status_code == 302
    made.refresh_from_db()
    assert made.ngo == ngo and made.history.latest().ngo_id == ngo.pk
    # Creating it again under the same name is refused: it is to be chosen.
    with pytest.raises(ValidationError):
        interest_link_ngo(interest=interest(published, "Quỹ cứu trợ trẻ em"), create=True, by=users["coordinator"])


def test_creating_the_ngo_in_the_registry_from_what_was_typed(client, users, published):
    NGO.objects.create(code="mekong-grune-zukunft-ev", name_original="Another one")  # the code it would take
    made = interest(published)
    client.force_login(users["coordinator"])
    response = client.post(reverse("projects:interest", args=[made.pk]), {"action": "link", "create": "1"})
    assert response.status_code == 302
    made.refresh_from_db()
    ngo = made.ngo
    assert (ngo.name_original, ngo.country.code, ngo.code) == ("Mekong Grüne Zukunft e.V.", "DE", "mekong-grune-zukunft-ev-2")
    created = ngo.history.get()
    assert created.history_type == "+" and created.history_user == users["coordinator"]
    assert unique_ngo_code("Mekong Grüne Zukunft e.V.") == "mekong-grune-zukunft-ev-3"
    # Choose or create, not neither.
    count = NGO.objects.count()
    response = client.post(reverse("projects:interest", args=[made.pk]), {"action": "link"})
    assert response.status_code == 400 and NGO.objects.count() == count
