"""A control character typed or imported anywhere never reaches the database, and one stored before that rule
never breaks a download: openpyxl refuses a whole workbook over a single backspace."""
import io
import re
import subprocess

import pytest
import tablib
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from partners.models import NGO, Organisation
from projects.models import PlanTask, Project
from reporting import services
from reporting.models import AnnualReport
from socaid.text import without_controls
from tests.projects.test_project_editing import new_project_payload
from tests.support.report_forms import report_post, started
from tests.support.rounds import open_round

pytestmark = pytest.mark.django_db

CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def test_the_rule_keeps_tabs_and_line_breaks():
    assert without_controls("Hồ\x08 điều\x07 hòa\x85\r\nĐoạn hai\rba\tcột") == "Hồ điều hòa\nĐoạn hai\nba\tcột"
    assert without_controls("Hồ\x08 điều\r\nhòa\x1b") == "Hồ điều\nhòa"
    assert without_controls(None) is None and without_controls(12) == 12


def test_the_project_form_drops_them(client, users, programme):
    client.force_login(users["officer"])
    payload = new_project_payload(programme, name="Nhà văn\x08 hóa ấp Phú Lợi", content="Xây dựng\x07 nhà\r\nvăn hóa")
    assert client.post(reverse("projects:create"), payload).status_code == 302
    project = Project.objects.get(name__startswith="Nhà văn")
    assert (project.name, project.content) == ("Nhà văn hóa ấp Phú Lợi", "Xây dựng nhà\nvăn hóa")
    assert project.history.get().name == "Nhà văn hóa ấp Phú Lợi"


def test_the_bank_import_page_drops_them(client, users, programme):
    client.force_login(users["coordinator"])
    exported = client.get(reverse("projects:bank"), {"export": "flat-csv"}).content.decode("utf-8-sig")
    project = Project.objects.get(code="03-2020-i-01")
    assert exported.count(project.name) == project.lines.count()
    upload = SimpleUploadedFile("bank.csv", exported.replace(project.name, "Hồ\x08 điều\x1b hòa").encode("utf-8-sig"))
    preview = client.post(reverse("projects:import"), {"kind": "bank", "programme": programme.pk, "file": upload})
    assert preview.status_code == 200 and preview.context["plan"].counts["update"] == 1
    assert client.post(reverse("projects:import_confirm"), {"token": preview.context["token"]}).status_code == 302
    assert Project.objects.get(code="03-2020-i-01").name == "Hồ điều hòa"


def test_the_report_form_drops_them(client, users, programme):
    unit = Organisation.objects.get(code="ubnd-huyen-chau-thanh")
    round_ = open_round(programme, users["coordinator"], [unit])
    client.force_login(users["officer"])
    url = reverse("reporting:report", args=[round_.pk, unit.pk])
    page = started(client, url)
    assert client.post(url, report_post(page, results="Kết quả\x07 năm\r\nđạt", proposals="Kiến\x1b nghị")).status_code == 302
    report = AnnualReport.objects.get(round=round_, organisation=unit)
    assert (report.results, report.proposals) == ("Kết quả năm\nđạt", "Kiến nghị")


def ngo_file(name):
    """A .csv: openpyxl cannot write a control character into a workbook to begin with."""
    return tablib.Dataset(["helvetas", "Helvetas\x07 Swiss Intercooperation", name, "ngo", "prospective"],
                          headers=["code", "name_original", "name", "kind", "relationship"]).export("csv").encode()


def test_the_registry_import_page_drops_them(client, users, programme):
    client.force_login(users["coordinator"])
    upload = SimpleUploadedFile("ngos.csv", ngo_file("Tổ chức\x07 Helvetas"))
    preview = client.post(reverse("projects:import"), {"kind": "ngos", "programme": programme.pk, "file": upload})
    assert preview.status_code == 200, preview.content.decode()[-2000:]
    assert client.post(reverse("projects:import_confirm"), {"token": preview.context["token"]}).status_code == 302
    ngo = NGO.objects.get(code="helvetas")
    assert (ngo.name_original, ngo.name) == ("Helvetas Swiss Intercooperation", "Tổ chức Helvetas")


def test_the_admin_drops_them_in_its_form(client, make_user):
    client.force_login(make_user("root", superuser=True))
    url = reverse("admin:partners_ngo_add")
    page = client.get(url)
    data = {"code": "caritas", "name_original": "Caritas\x07 Switzerland", "name": "Caritas\x08 Thụy Sĩ", "kind": "ngo",
            "relationship": "prospective", "description": "Dòng một\x07\r\nDòng hai"}
    for inline in page.context["inline_admin_formsets"]:
        management = inline.formset.management_form
        data |= {management.add_prefix(name): value for name, value in management.initial.items()}
        data[management.add_prefix("TOTAL_FORMS")] = "0"
    response = client.post(url, data)
    assert response.status_code == 302, response.context["errors"] if response.context else response
    ngo = NGO.objects.get(code="caritas")
    assert (ngo.name_original, ngo.name, ngo.description) == ("Caritas Switzerland", "Caritas Thụy Sĩ", "Dòng một\nDòng hai")


def texts_of_workbook(content):
    workbook = load_workbook(io.BytesIO(content))
    return [cell.value for sheet in workbook for row in sheet.iter_rows() for cell in row if isinstance(cell.value, str)]


def test_every_export_reads_text_stored_with_them(client, users, programme):
    """Stored before the rule (or by an update, which sends no signal): every download still opens."""
    project = Project.objects.filter(programme=programme, status=Project.Status.PUBLISHED).first()
    Project.objects.filter(pk=project.pk).update(name="Hồ điều\x08 hòa", content="Nạo vét\x07 hồ\x1b")
    NGO.objects.create(code="helvetas", name_original="Helvetas", name="Tổ chức Helvetas", country="CH")
    NGO.objects.filter(code="helvetas").update(name="Tổ chức\x07 Helvetas")
    Organisation.objects.filter(pk=project.host_agency_id).update(name=project.host_agency.name + "\x08")
    task = PlanTask.objects.filter(programme=programme).first()
    PlanTask.objects.filter(pk=task.pk).update(content="Rà soát\x07 danh mục")
    client.force_login(users["coordinator"])
    round_ = services.round_open(programme=programme, year=2024, by=users["coordinator"], units=[project.host_agency])
    report = services.report_start(round_=round_, organisation=project.host_agency, by=users["coordinator"])
    AnnualReport.objects.filter(pk=report.pk).update(status=AnnualReport.Status.ACCEPTED, submitted_at=timezone.now(), results="Kết quả\x07 năm", proposals="Kiến\x1b nghị")
    report.ngos.create(ngo=NGO.objects.get(code="helvetas"), activities="Tập huấn")
    bank, appendix, summary, plan = reverse("projects:bank"), reverse("reporting:appendix"), reverse("reporting:summary"), reverse("reporting:plan")
    workbooks = {
        "bank list": client.get(bank, {"export": "xlsx"}),
        "flat list": client.get(bank, {"export": "flat-xlsx"}),
        "NGO registry": client.get(reverse("projects:registry_export", args=["ngos", "xlsx"])),
        "organisations": client.get(reverse("projects:registry_export", args=["organisations", "xlsx"])),
        "appendix": client.get(appendix, {"status": "published", "format": "xlsx"}),
        "round": client.get(reverse("reporting:round", args=[round_.pk]), {"export": "xlsx"}),
        "summary": client.get(summary, {"year": "2024", "format": "xlsx"}),
        "period summary": client.get(summary, {"year": "period", "format": "xlsx"}),
        "plan": client.get(plan, {"format": "xlsx"}),
    }
    assert {name: response.status_code for name, response in workbooks.items()} == dict.fromkeys(workbooks, 200)
    texts = {name: texts_of_workbook(response.content) for name, response in workbooks.items()}
    assert not [(name, text) for name, found in texts.items() for text in found if CONTROL.search(text)]
    assert "Hồ điều hòa" in texts["bank list"] and "Hồ điều hòa" in texts["flat list"] and "Hồ điều hòa" in texts["appendix"]
    assert "Tổ chức Helvetas" in texts["NGO registry"]
    assert project.host_agency.name in texts["round"]
    assert "Kết quả năm" in texts["summary"] and "Kiến nghị" in texts["summary"] and "Rà soát danh mục" in texts["plan"]
    assert "Tổ chức Helvetas" in texts["period summary"]

    csvs = {
        "flat list": client.get(bank, {"export": "flat-csv"}),
        "NGO registry": client.get(reverse("projects:registry_export", args=["ngos", "csv"])),
        "organisations": client.get(reverse("projects:registry_export", args=["organisations", "csv"])),
    }
    assert {name: response.status_code for name, response in csvs.items()} == dict.fromkeys(csvs, 200)
    text = " ".join(response.content.decode("utf-8-sig") for response in csvs.values())
    assert "Hồ điều hòa" in text and "Tổ chức Helvetas" in text and not CONTROL.search(text)

    printed = {
        "appendix": (client.get(appendix, {"status": "published", "format": "pdf"}), "Hồ điều hòa"),
        "plan": (client.get(plan, {"format": "pdf"}), "Rà soát danh mục"),
        "summary": (client.get(summary, {"year": "2024", "format": "pdf"}), "Kết quả năm"),
        "period summary": (client.get(summary, {"year": "period", "format": "pdf"}), "Tổ chức Helvetas"),
    }
    assert {name: response.status_code for name, (response, _text) in printed.items()} == dict.fromkeys(printed, 200)
    for name, (response, expected) in printed.items():
        printed_text = pdf_text(response.content)
        assert expected in " ".join(printed_text.split()) and not CONTROL.search(printed_text), name


def pdf_text(content):
    """The PDF's text; pdftotext ends each page with a form feed, which is no stored character."""
    return subprocess.run(["pdftotext", "-", "-"], input=content, check=True, capture_output=True).stdout.decode().replace("\f", "")
