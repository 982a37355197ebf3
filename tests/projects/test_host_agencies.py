"""Which organisations may host a project: bodies of the province and its localities that carry out projects, and
that existed during the project's period; every path that writes a project holds the rule."""
import pytest
from django.urls import reverse

from partners.models import Organisation
from projects.models import Project
from projects.services.writing import project_errors
from tests.projects.test_project_editing import new_project_payload
from tests.support.project_forms import edit_payload

pytestmark = pytest.mark.django_db

NOT_HOSTS = ["Thủ tướng Chính phủ", "Bộ Ngoại giao", "Văn phòng Chính phủ", "Liên hiệp các tổ chức hữu nghị Việt Nam",
             "Hội đồng nhân dân tỉnh Sóc Trăng"]


def offered(response):
    return [label for value, label in response.context["form"].fields["host_agency"].widget.choices if value]


def test_the_list_offers_only_bodies_that_host_projects(client, users):
    client.force_login(users["coordinator"])
    names = offered(client.get(reverse("projects:create")))
    assert any(name.startswith("Ủy ban nhân dân huyện Châu Thành") for name in names)
    assert any(name.startswith("Hội Nông dân tỉnh Sóc Trăng") for name in names)
    assert any(name.startswith("Sở Tài chính thành phố Cần Thơ") for name in names)  # from 1/7/2025, within 2020-2025
    assert not [name for name in names if any(name.startswith(other) for other in NOT_HOSTS)]


def test_a_later_project_is_offered_the_agencies_of_its_time(client, users, own_draft):
    Project.objects.filter(pk=own_draft.pk).update(start_year=2026, end_year=2027)
    client.force_login(users["coordinator"])
    names = offered(client.get(reverse("projects:edit", args=[own_draft.pk])))
    assert any(name.startswith("Sở Tài chính thành phố Cần Thơ") for name in names)
    assert not any(name.startswith("Sở Tài chính tỉnh Sóc Trăng") for name in names)  # ended 30/6/2025
    assert any(name.startswith("Ủy ban nhân dân huyện Châu Thành") for name in names)  # the one it has stays offered


@pytest.mark.parametrize(
    "agency, years, message",
    [
        ("thu-tuong-chinh-phu", (2023, 2025), "không thể là chủ khoản"),
        ("bo-ngoai-giao", (2023, 2025), "không thể là chủ khoản"),
        ("vufo", (2023, 2025), "không thể là chủ khoản"),
        ("so-tai-chinh-can-tho", (2021, 2023), "không tồn tại trong giai đoạn 2021–2023"),
    ],
)
def test_a_posted_agency_that_may_not_host_is_refused_in_vietnamese(client, users, programme, agency, years, message):
    client.force_login(users["coordinator"])
    payload = new_project_payload(programme, host_agency=Organisation.objects.get(code=agency).pk, start_year=years[0], end_year=years[1])
    before = Project.objects.count()
    response = client.post(reverse("projects:create"), payload)
    assert response.status_code == 200
    assert Project.objects.count() == before
    assert message in " ".join(response.context["form"].errors["host_agency"])


def test_an_edit_moving_a_project_past_its_agencys_end_is_refused(client, users, own_draft):
    client.force_login(users["coordinator"])
    response = client.post(reverse("projects:edit", args=[own_draft.pk]), edit_payload(own_draft, start_year=2026, end_year=2027, admin_units=[]))
    assert response.status_code == 200
    assert "không tồn tại trong giai đoạn 2026–2027" in " ".join(response.context["form"].errors["host_agency"])
    own_draft.refresh_from_db()
    assert (own_draft.start_year, own_draft.end_year) == (2024, 2025)


def test_the_rule_is_the_writing_services_so_imports_and_the_admin_hold_it(programme):
    project = Project(programme=programme, sector=programme.sectors.first(), position=1, name="Thử",
                      host_agency=Organisation.objects.get(code="thu-tuong-chinh-phu"), start_year=2023, end_year=2025)
    assert "host_agency" in project_errors(project)
    project.host_agency = Organisation.objects.get(code="ubnd-huyen-chau-thanh")
    assert "host_agency" not in project_errors(project)


def test_every_seed_project_has_a_host_it_may_have():
    for project in Project.objects.select_related("host_agency"):
        assert project.host_agency.may_host_projects and project.host_agency.existed_in_years(project.start_year, project.end_year), project


def test_the_admins_host_agency_box_searches_only_hosts(client, users):
    client.force_login(users["admin"])
    query = {"app_label": "projects", "model_name": "project", "field_name": "host_agency"}
    found = client.get(reverse("admin:autocomplete"), query | {"term": "Chính phủ"}).json()["results"]
    assert found == []
    found = client.get(reverse("admin:autocomplete"), query | {"term": "Châu Thành"}).json()["results"]
    assert [row["text"] for row in found] and all("Châu Thành" in row["text"] for row in found)
