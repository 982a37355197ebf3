"""The fields the public side reads are edited where the coordinator works: a programme's aims and its sectors' DAC
codes on the programme form and in the admin, a project's published contact on the project form and in the admin;
the flat import leaves a contact as it is."""
import pytest
from django.urls import reverse
from django.utils import translation

from projects.imports.flat_export import bank_flat_xlsx
from projects.models import Programme, Project, Sector
from projects.services import import_apply
from tests.projects.test_admin import coordinator_client  # noqa: F401  (fixture)
from tests.projects.test_import_bank import plan_of
from tests.projects.test_next_programme import START, form_data
from tests.support.project_forms import admin_post, edit_payload

pytestmark = pytest.mark.django_db

AIMS = "Tăng cường hợp tác với các tổ chức PCPNN, góp phần giảm nghèo và phát triển bền vững."
AIMS_EN = "To strengthen cooperation with foreign NGOs, helping to reduce poverty and to develop sustainably."


def test_the_programme_form_takes_the_aims_and_the_dac_codes(client, users, programme):
    client.force_login(users["coordinator"])
    page = client.get(START).content.decode()
    assert 'name="aims"' in page and 'name="aims_en"' in page and 'name="sectors-0-dac_code"' in page
    response = client.post(START, form_data(programme, aims=AIMS, aims_en=AIMS_EN, **{"sectors-0-dac_code": "43040", "sectors-3-dac_code": "12220"}))
    assert response.status_code == 302
    new = Programme.objects.get(number="15/CTr-UBND")
    assert (new.aims, new.aims_en) == (AIMS, AIMS_EN)
    assert dict(new.sectors.values_list("numeral", "dac_code")) == {"I": "43040", "II": "", "III": "", "IV": "12220", "V": "", "VI": ""}


def test_a_dac_code_that_is_not_five_digits_is_refused(client, users, programme):
    client.force_login(users["coordinator"])
    response = client.post(START, form_data(programme, **{"sectors-0-dac_code": "4304x"}))
    assert response.status_code == 400
    with translation.override("vi"):
        assert str(Sector._meta.get_field("dac_code").validators[0].message) in response.content.decode()
    assert not Programme.objects.filter(number="15/CTr-UBND").exists()


def test_the_admin_edits_the_aims_the_dac_code_and_the_contact(coordinator_client, programme):
    coordinator_admin = coordinator_client
    page = coordinator_admin.get(reverse("admin:projects_programme_change", args=[programme.pk])).content.decode()
    assert 'name="aims"' in page and 'name="aims_en"' in page
    sector = programme.sectors.get(numeral="I")
    page = coordinator_admin.get(reverse("admin:projects_sector_change", args=[sector.pk])).content.decode()
    assert 'name="dac_code"' in page
    lake = Project.objects.get(code="03-2020-v-01")
    response = admin_post(coordinator_admin, lake, contact_name="Trần Văn An", contact_email="an@example.gov.vn", contact_phone="0299 3822 222")
    assert response.status_code == 302
    lake.refresh_from_db()
    assert (lake.contact_name, lake.contact_email, lake.contact_phone) == ("Trần Văn An", "an@example.gov.vn", "0299 3822 222")


def test_the_project_form_groups_the_published_contact(client, users, own_draft):
    client.force_login(users["officer"])
    url = reverse("projects:edit", args=[own_draft.pk])
    page = client.get(url).content.decode()
    legend = page.index("Thông tin liên hệ công khai cùng dự án")
    assert legend < page.index('name="contact_name"') < page.index('name="contact_email"') < page.index('name="contact_phone"')
    response = client.post(url, edit_payload(own_draft, contact_name="Lê Thị Hoa", contact_email="sai-dia-chi"))
    assert response.status_code == 200 and "contact_email" in response.context["form"].errors
    own_draft.refresh_from_db()
    assert own_draft.contact_name == ""
    response = client.post(url, edit_payload(own_draft, contact_name="Lê Thị Hoa", contact_email="hoa@example.gov.vn", contact_phone="0299 1"))
    assert response.status_code == 302
    own_draft.refresh_from_db()
    assert (own_draft.contact_name, own_draft.contact_email) == ("Lê Thị Hoa", "hoa@example.gov.vn")
    assert "hoa@example.gov.vn" in client.get(reverse("projects:detail", args=[own_draft.pk])).content.decode()


def test_the_flat_import_leaves_the_contact_as_it_is(programme, users):
    """The flat file carries no contact: exporting and importing it back keeps the one typed in the portal."""
    Project.objects.filter(code="03-2020-v-01").update(contact_name="Trần Văn An", contact_email="an@example.gov.vn")
    with translation.override("vi"):
        content = bank_flat_xlsx(Project.objects.filter(programme=programme))
    plan = plan_of(content, programme)
    assert plan.errors == [] and plan.counts["unchanged"] == 25
    import_apply(plan=plan, by=users["coordinator"])
    lake = Project.objects.get(code="03-2020-v-01")
    assert (lake.contact_name, lake.contact_email) == ("Trần Văn An", "an@example.gov.vn")
