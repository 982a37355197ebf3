"""The programme in brief at /<lang>/: what it seeks, where, how far it got and whom to contact."""
import pytest

from partners.models import AdministrativeUnit
from projects.models import Project
from tests.public.reading import results, link, text

pytestmark = pytest.mark.django_db


def page_text(response):
    return text(response.content.decode())


def test_the_programme_in_english(client, programme):
    programme.aims = "Thu hút viện trợ cho các vùng khó khăn."
    programme.save()
    response = client.get("/en/")
    assert response.status_code == 200
    shown = page_text(response)
    assert programme.title_en in shown and programme.title not in shown
    assert "From 2020 to 2025. Issued as No. 03/CTr-UBND on" in shown
    # The aims have no English yet: the Vietnamese stands in, marked.
    assert "Thu hút viện trợ cho các vùng khó khăn. [VI]" in shown
    assert "I. Agriculture and rural development" in shown
    assert "a) Education and training" in shown  # an orientation
    assert "more than 20 foreign NGOs with programmes or projects" in shown  # the target
    programme.aims_en = "Bring aid to the poorest areas."
    programme.save()
    assert "Bring aid to the poorest areas." in page_text(client.get("/en/"))


def test_in_vietnamese_the_vietnamese_texts(client, programme):
    shown = page_text(client.get("/vi/"))
    assert programme.title in shown
    assert "Lĩnh vực nông nghiệp và phát triển nông thôn" in shown
    assert "[VI]" not in shown


def test_counts_of_public_projects_seeking_aid_and_funded(client, make_project, unpublished):
    make_project("Dự án đang triển khai thử", status=Project.Status.IMPLEMENTING)
    make_project("Dự án hoàn thành thử", status=Project.Status.COMPLETED)
    response = client.get("/en/")
    shown = page_text(response)
    # The seed's 25 published projects; the five unpublished ones count nowhere.
    assert "25 projects seeking aid" in shown
    assert "1 project funded by an NGO" in shown and "1 project completed" in shown
    assert link(response, "25 projects seeking aid") == "/en/projects/?stage=seeking"
    # Each count is what its link lists.
    for label, stage in (("1 project funded by an NGO", "funded"), ("1 project completed", "completed")):
        assert link(response, label) == f"/en/projects/?stage={stage}"
        assert len(results(client.get(f"/en/projects/?stage={stage}"))) == 1


def test_geographic_priorities_named_or_said_to_be_none(client):
    assert "No Khmer ethnic-minority area or extremely difficult commune has been flagged as a priority yet." in page_text(client.get("/en/"))
    communes = list(AdministrativeUnit.objects.filter(level=AdministrativeUnit.Level.COMMUNE).order_by("name")[:3])
    AdministrativeUnit.objects.filter(pk__in=[unit.pk for unit in communes[:2]]).update(is_khmer_area=True)
    AdministrativeUnit.objects.filter(pk=communes[2].pk).update(is_extremely_difficult=True)
    shown = page_text(client.get("/en/"))
    assert "2 Khmer ethnic-minority areas" in shown
    assert "1 extremely difficult commune" in shown
    for unit in communes:
        assert (unit.name_en or unit.name) in shown


def test_the_coordinating_departments_contact(client, programme):
    department = programme.coordinator
    department.address = "12 Trần Hưng Đạo, Sóc Trăng"
    department.phone = "0299 3822 222"
    department.email = "ngo@example.gov.vn"
    department.save()
    response = client.get("/en/")
    shown = page_text(response)
    assert "Address 12 Trần Hưng Đạo, Sóc Trăng" in shown
    assert "Phone 0299 3822 222" in shown
    assert 'href="mailto:ngo@example.gov.vn"' in response.content.decode()


def test_links_to_the_catalogue_and_the_previous_programme(client, next_programme):
    response = client.get("/en/")
    shown = page_text(response)
    assert next_programme.title in shown  # no English title: the Vietnamese
    # The counts are the running programme's: the seed's projects belong to the previous one.
    assert "0 projects seeking aid" in shown
    assert link(response, "Browse the projects open for aid") == "/en/projects/"
    assert "Previous programmes" in shown
    assert link(response, "its projects (03/CTr-UBND)") == "/en/projects/?programme=03-ctr-ubnd-2020"
    assert "25 projects" in page_text(client.get("/en/projects/?programme=03-ctr-ubnd-2020"))


def test_a_constant_number_of_queries(client, make_project, django_assert_max_num_queries):
    for number in range(30):
        make_project(f"Dự án thêm {number}", status=Project.Status.IMPLEMENTING if number % 2 else Project.Status.PUBLISHED)
    with django_assert_max_num_queries(12):
        assert client.get("/en/").status_code == 200
