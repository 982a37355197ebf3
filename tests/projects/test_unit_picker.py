"""The project form offers the units that existed during the project's period, under their province, city or
district, the former ones marked as such; any other posted is refused and nothing is saved."""
import pytest
from django.urls import reverse

from partners.models import AdministrativeUnit
from partners.models import Organisation
from projects.models import Project, Sector
from tests.projects.test_project_editing import new_project_payload

pytestmark = pytest.mark.django_db


def groups(response):
    return {group: [label for _pk, label in options] for group, options in response.context["form"].fields["admin_units"].widget.choices}


def test_a_project_of_the_next_programme_is_offered_todays_units_under_the_city(client, users, make_programme):
    make_programme()  # 2026–2030, the latest: a new project starts in it
    client.force_login(users["coordinator"])
    response = client.get(reverse("projects:create"))
    offered = groups(response)
    assert list(offered) == ["Các tỉnh, thành phố", "Thành phố Cần Thơ"]
    assert len(offered["Thành phố Cần Thơ"]) == 103
    assert offered["Thành phố Cần Thơ"][:2] == ["Phường An Bình", "Phường Bình Thuỷ"]
    assert not any("30/06/2025" in label for labels in offered.values() for label in labels)
    page = response.content.decode()
    assert '<fieldset class="choice-group"><legend>Thành phố Cần Thơ</legend>' in page


def test_a_project_of_2020_2025_is_offered_the_former_units_marked_and_the_new_ones(client, users, own_draft):
    client.force_login(users["coordinator"])
    offered = groups(client.get(reverse("projects:edit", args=[own_draft.pk])))
    chau_thanh = offered["Huyện Châu Thành (đến 30/06/2025)"]
    assert "Xã Phú Tân (đến 30/06/2025)" in chau_thanh
    wards = offered["Thành phố Sóc Trăng (đến 30/06/2025)"]
    assert wards.index("Phường 2 (đến 30/06/2025)") < wards.index("Phường 10 (đến 30/06/2025)")
    # The period 2020–2025 reaches past the reform: the new communes are offered too, the units in force first.
    provinces = offered["Các tỉnh, thành phố"]
    assert provinces.index("Thành phố Cần Thơ") < provinces.index("Tỉnh Sóc Trăng (đến 30/06/2025)")
    assert "Phường Phú Lợi" in offered["Thành phố Cần Thơ"]


def test_a_former_district_posted_for_a_project_of_today_is_refused(client, users, programme, make_programme):
    later = make_programme()
    sector = Sector.objects.create(programme=later, numeral="I", name="Giáo dục", position=1)
    client.force_login(users["coordinator"])
    payload = new_project_payload(programme, start_year=2026, end_year=2028) | {"programme": later.pk, "sector": sector.pk}
    payload["host_agency"] = Organisation.objects.get(code="so-tai-chinh-can-tho").pk
    former = AdministrativeUnit.objects.get(gso_code="942", level=AdministrativeUnit.Level.DISTRICT)
    payload["admin_units"] = [former.pk]
    before = Project.objects.count()
    response = client.post(reverse("projects:create"), payload)
    assert response.status_code == 200 and Project.objects.count() == before
    assert "Huyện Châu Thành (đến 30/06/2025) không tồn tại trong giai đoạn 2026–2028" in " ".join(response.context["form"].errors["admin_units"])


def test_a_unit_the_project_has_outside_its_period_is_offered_once_and_read_by_its_key(client, users, programme, make_programme, django_assert_max_num_queries):
    later = make_programme()
    sector = Sector.objects.create(programme=later, numeral="I", name="Giáo dục", position=1)
    project = Project.objects.create(
        code="05-2026-i-1", programme=later, sector=sector, position=1, host_agency=Organisation.objects.get(code="so-tai-chinh-can-tho"),
        name="Trường học", start_year=2026, end_year=2028,
    )
    former = AdministrativeUnit.objects.get(gso_code="942", level=AdministrativeUnit.Level.DISTRICT)
    project.admin_units.set([former, AdministrativeUnit.objects.get(code="can-tho-2025")])
    client.force_login(users["coordinator"])
    with django_assert_max_num_queries(20) as queries:
        offered = groups(client.get(reverse("projects:edit", args=[project.pk])))
    labels = [label for options in offered.values() for label in options]
    # Kept on offer so that saving the form does not drop it; the city once, though both conditions hold for it.
    assert labels.count("Huyện Châu Thành (đến 30/06/2025)") == 1 and labels.count("Thành phố Cần Thơ") == 1
    assert not any("Phường 2 (đến 30/06/2025)" == label for label in labels)  # other former units are not
    # The units are read by the project's keys: OR-ed with a join to every project's links, the list read them all.
    listed = [q["sql"] for q in queries.captured_queries if 'FROM "partners_administrativeunit"' in q["sql"] and '"valid_from" <=' in q["sql"]]
    assert listed and not any("projects_project_admin_units" in sql for sql in listed)
