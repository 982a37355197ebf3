"""The NGO registry and the organisations through django-import-export, on the import page (the admin's lists lead
there: tests/projects/test_admin_imports.py)."""
import pytest
from django.urls import reverse
from django.utils import translation

from partners.models import NGO, Organisation
from projects.services import import_apply
from projects.imports.registry import plan_ngo_file, plan_organisation_file
from projects.imports.resources import NGOResource, OrganisationResource
from projects.models import ImportRecord

pytestmark = pytest.mark.django_db


@pytest.fixture
def ngos(db):
    NGO.objects.create(code="mekong-green", name_original="Mekong Green Futures e.V.", name="Tổ chức Tương lai xanh Mê Kông", country="DE")
    NGO.objects.create(code="children-first", name_original="Children First Foundation", country="AU", kind="foundation")


def exported(resource, queryset, fmt="xlsx"):
    dataset = resource().export(queryset)
    return dataset.export(fmt) if fmt == "xlsx" else dataset.export("csv").encode("utf-8")


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_ngo_registry_round_trip_changes_nothing(ngos, users, fmt):
    content = exported(NGOResource, NGO.objects.all(), fmt)
    plan = plan_ngo_file(content, f"ngos.{fmt}", None)
    assert plan.errors == [] and plan.counts == {"create": 0, "update": 0, "unchanged": NGO.objects.count()}


def test_an_ngo_row_updates_and_a_new_one_is_created_with_history(ngos, users):
    import tablib

    dataset = NGOResource().export(NGO.objects.order_by("code"))
    rows = [list(row) for row in dataset]
    code_at, name_at = dataset.headers.index("code"), dataset.headers.index("name")
    rows[[row[code_at] for row in rows].index("mekong-green")][name_at] = "Tổ chức Tương lai xanh Mê Kông (đổi tên)"
    new = [""] * len(dataset.headers)
    new[code_at], new[dataset.headers.index("name_original")], new[dataset.headers.index("kind")] = "helvetas", "Helvetas Swiss Intercooperation", "ngo"
    new[dataset.headers.index("relationship")] = "prospective"
    changed = tablib.Dataset(*rows, new, headers=dataset.headers)
    plan = plan_ngo_file(changed.export("xlsx"), "ngos.xlsx", None)
    before = NGO.objects.count()
    assert plan.errors == [] and plan.counts == {"create": 1, "update": 1, "unchanged": before - 1}
    assert not NGO.objects.filter(code="helvetas").exists()  # the preview saved nothing
    record = import_apply(plan=plan, by=users["coordinator"])
    assert NGO.objects.get(code="mekong-green").name.endswith("(đổi tên)") and NGO.objects.filter(code="helvetas").exists()
    assert NGO.objects.get(code="helvetas").history.first().history_change_reason == record.history_reason()


def test_a_bad_ngo_row_saves_nothing(ngos, users):
    import tablib

    dataset = NGOResource().export(NGO.objects.order_by("code"))
    rows = [list(row) for row in dataset]
    rows[[row[dataset.headers.index("code")] for row in rows].index("children-first")][dataset.headers.index("kind")] = "not-a-kind"
    plan = plan_ngo_file(tablib.Dataset(*rows, headers=dataset.headers).export("xlsx"), "ngos.xlsx", None)
    assert plan.errors and plan.errors[0].column == "kind" and plan.errors[0].row == 2 + [row[dataset.headers.index("code")] for row in rows].index("children-first")
    with pytest.raises(Exception):
        import_apply(plan=plan, by=users["coordinator"])
    assert NGO.objects.get(code="children-first").kind == "foundation" and not ImportRecord.objects.exists()


def test_a_file_without_the_code_column_is_refused(ngos):
    import tablib

    with translation.override("en"):
        plan = plan_ngo_file(tablib.Dataset(["x"], headers=["name"]).export("xlsx"), "ngos.xlsx", None)
    assert "Columns missing: code" in plan.errors[0].message


def test_organisations_round_trip(users):
    content = exported(OrganisationResource, Organisation.objects.all())
    plan = plan_organisation_file(content, "orgs.xlsx", None)
    assert plan.errors == [] and plan.counts["unchanged"] == Organisation.objects.count()


def test_a_code_given_twice_is_an_error(ngos):
    import tablib

    dataset = NGOResource().export(NGO.objects.order_by("code"))
    rows = [list(row) for row in dataset]
    with translation.override("en"):
        plan = plan_ngo_file(tablib.Dataset(*rows, rows[0], headers=dataset.headers).export("xlsx"), "ngos.xlsx", None)
    assert any("is given twice" in e.message for e in plan.errors)


def test_exported_names_never_run_as_formulas_and_come_back_whole(ngos, users):
    import io

    from openpyxl import load_workbook

    from socaid.spreadsheet_formats import SafeCSV, SafeXLSX

    NGO.objects.filter(code="children-first").update(name_original='=HYPERLINK("http://evil.example")', name="@Quỹ Trẻ em 🌱")
    dataset = NGOResource().export(NGO.objects.order_by("code"))
    sheet = load_workbook(io.BytesIO(SafeXLSX().export_data(dataset))).active
    cells = [cell for row in sheet.iter_rows() for cell in row if isinstance(cell.value, str) and cell.value.startswith("=HYPERLINK")]
    assert cells and all(cell.data_type == "s" for cell in cells)
    csv_text = SafeCSV().export_data(dataset)
    assert "'=HYPERLINK" in csv_text and "'@Quỹ" in csv_text
    plan = plan_ngo_file(csv_text.encode("utf-8"), "ngos.csv", None)
    assert plan.errors == [] and plan.counts["update"] == 0


@pytest.mark.parametrize("kind, extension", [("ngos", "xlsx"), ("ngos", "csv"), ("organisations", "xlsx"), ("organisations", "csv")])
def test_the_staff_page_exports_the_registry_and_it_imports_back_unchanged(client, users, ngos, kind, extension):
    client.force_login(users["officer"])
    assert client.get(reverse("projects:registry_export", args=[kind, extension])).status_code == 403
    client.force_login(users["coordinator"])
    response = client.get(reverse("projects:registry_export", args=[kind, extension]))
    assert response.status_code == 200
    planner = plan_ngo_file if kind == "ngos" else plan_organisation_file
    plan = planner(response.content, f"x.{extension}", None)
    assert plan.errors == [] and plan.counts["create"] == plan.counts["update"] == 0 and plan.counts["unchanged"] > 0
