"""One way to import the registry: the admin's lists lead to the bank's import page, which previews the file,
refuses what it cannot read whole with a message the user can act on, and records the import."""
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from partners.models import NGO, Organisation
from projects.imports.resources import NGOResource
from projects.models import ImportRecord, Programme

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator(staff_client):
    return staff_client("coordinator", "so-tai-chinh-can-tho", language="en")


def ngo_workbook(*rows, formula=None):
    """An NGO file in the registry's columns; ``formula`` is written into the first row's Vietnamese name, and
    openpyxl stores no result for it, as a file made by a program rather than saved by Excel."""
    headers = NGOResource().get_export_headers()
    workbook = Workbook()
    workbook.active.append(headers)
    for row in rows:
        workbook.active.append([row.get(header) for header in headers])
    if formula:
        workbook.active.cell(row=2, column=headers.index("name") + 1, value=formula)
    content = io.BytesIO()
    workbook.save(content)
    return content.getvalue()


HELVETAS = {"code": "helvetas", "name_original": "Helvetas Swiss Intercooperation", "kind": "ngo", "country": "CH", "relationship": "prospective"}


def preview(client, content, name="ngos.xlsx", kind="ngos"):
    """The page asks for a programme whatever the layout; the registry's import ignores it."""
    programme = Programme.objects.first().pk
    return client.post(reverse("projects:import"), {"kind": kind, "programme": programme, "file": SimpleUploadedFile(name, content)})


def nothing_saved(ngos_before):
    return NGO.objects.count() == ngos_before and not ImportRecord.objects.exists()


@pytest.mark.parametrize("model, kind", [(NGO, "ngos"), (Organisation, "organisations")])
def test_the_admins_import_leads_the_coordinator_to_the_import_page_with_the_layout_chosen(coordinator, model, kind):
    listing = coordinator.get(reverse(f"admin:partners_{model._meta.model_name}_changelist"))
    page = f"{reverse('projects:import')}?kind={kind}"
    html = listing.content.decode()
    assert f'href="{page}"' in html and reverse("projects:registry_export", args=[kind, "xlsx"]) in html
    response = coordinator.get(reverse(f"admin:partners_{model._meta.model_name}_import"), follow=True)
    assert response.redirect_chain == [(page, 302)]
    assert response.context["form"]["kind"].value() == kind
    assert f'<option value="{kind}" selected>' in response.content.decode()


def test_a_file_posted_to_the_admins_old_import_address_is_not_imported(coordinator):
    before = NGO.objects.count()
    upload = SimpleUploadedFile("ngos.xlsx", ngo_workbook(HELVETAS))
    response = coordinator.post(reverse("admin:partners_ngo_import"), {"import_file": upload, "format": "1", "resource": "0"})
    assert response.status_code == 302 and response["Location"] == f"{reverse('projects:import')}?kind=ngos"
    assert nothing_saved(before)


def test_the_admins_import_is_refused_to_a_staff_officer(staff_client):
    officer = staff_client("officer", "ubnd-huyen-chau-thanh")
    assert officer.get(reverse("admin:partners_ngo_import")).status_code == 403
    listing = officer.get(reverse("admin:partners_ngo_changelist"))
    assert listing.status_code == 200 and reverse("projects:import") not in listing.content.decode()


def test_a_blank_optional_cell_is_stored_empty(coordinator):
    page = preview(coordinator, ngo_workbook(HELVETAS))  # no acronym, website, description, notes: empty cells
    assert page.status_code == 200 and page.context["plan"].counts["create"] == 1
    assert coordinator.post(reverse("projects:import_confirm"), {"token": page.context["token"]}).status_code == 302
    helvetas = NGO.objects.get(code="helvetas")
    assert (helvetas.acronym, helvetas.website, helvetas.notes, helvetas.name_original) == ("", "", "", "Helvetas Swiss Intercooperation")
    assert ImportRecord.objects.get().created == 1


def test_a_formula_without_its_result_is_refused(coordinator):
    before = NGO.objects.count()
    page = preview(coordinator, ngo_workbook(HELVETAS, formula='=UPPER("helvetas")'))
    assert page.status_code == 400 and page.context["token"] is None
    assert "The formula&#x27;s result is not stored in the file" in page.content.decode()
    assert nothing_saved(before)


def test_a_password_protected_file_is_refused_with_what_to_do(coordinator):
    before = NGO.objects.count()
    encrypted = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512  # how an encrypted Office file begins
    page = preview(coordinator, encrypted)
    assert page.status_code == 400
    assert "is password-protected or in the old .xls format. Remove the password" in page.content.decode()
    assert "BadZipFile" not in page.content.decode()
    assert nothing_saved(before)


def test_a_file_over_the_row_limit_is_refused(coordinator, settings):
    settings.IMPORT_MAX_ROWS = 3
    before = NGO.objects.count()
    rows = [HELVETAS | {"code": f"ngo-{number}", "name_original": f"NGO {number}"} for number in range(4)]
    page = preview(coordinator, ngo_workbook(*rows))
    assert page.status_code == 400 and "an import takes at most 3" in page.content.decode()
    assert nothing_saved(before)
