"""Script and formula payloads stored in a project, its host agency, an NGO and a unit's report, then read through
every page and every export: pages show them as text (escaped), workbooks hold them as text cells, never as
formulas, and .csv files put an apostrophe before them."""
import csv
import io
from email.message import Message

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from partners.models import NGO, Organisation
from projects.models import Project
from reporting import services
from reporting.models import AnnualReport
from socaid.spreadsheets import FORMULA_STARTS
from tests.reporting.test_summaries import AUSTRALIA, rounds  # noqa: F401  (rounds: a fixture)
from tests.support.rounds import open_round

pytestmark = pytest.mark.django_db

PROJECT = "03-2020-i-01"  # Châu Thành's, reported on in the 2024 round of the fixture
STORED = {
    "project name": '=HYPERLINK("http://evil.example","bấm")<script>alert("tên")</script>',
    "project location": "+cmd|' /C calc'!A0",
    "project content": '@SUM(1)"><img src=x onerror=alert("nội dung")>',
    "agency": "-2+3+cmd|' /C calc'!A0<script>alert('cơ quan')</script>",
    "NGO": "=cmd|' /C notepad'!A0<script>alert('tổ chức')</script>",
    "report": '=HYPERLINK("http://evil.example")<script>alert("báo cáo")</script>',
}
SCRIPTS = ("<script>", "<img src=x onerror")
FORMULA_WORDS = ("HYPERLINK", "cmd|", "SUM(1)")


@pytest.fixture
def stored(rounds):
    project = Project.objects.get(code=PROJECT)
    Project.objects.filter(pk=project.pk).update(
        name=STORED["project name"], location_text=STORED["project location"], content=STORED["project content"],
    )
    Organisation.objects.filter(pk=project.host_agency_id).update(name=STORED["agency"])
    NGO.objects.filter(code=AUSTRALIA).update(name=STORED["NGO"])
    report = AnnualReport.objects.get(round__year=2024, organisation=project.host_agency_id)
    AnnualReport.objects.filter(pk=report.pk).update(results=STORED["report"])
    return Project.objects.get(pk=project.pk), report


def pages(client, project, report):
    round_ = report.round
    appendix = {"status": project.status, "programme": project.programme_id}
    summary = {"programme": project.programme_id, "year": "2024"}
    return {
        "bank list": client.get(reverse("projects:bank")),
        "bank search": client.get(reverse("projects:bank"), {"q": "evil"}),
        "project": client.get(reverse("projects:detail", args=[project.pk])),
        "project form": client.get(reverse("projects:edit", args=[project.pk])),
        "round": client.get(reverse("reporting:round", args=[round_.pk])),
        "report": client.get(reverse("reporting:report", args=[round_.pk, report.organisation_id])),
        "appendix": client.get(reverse("reporting:appendix"), appendix),
        "appendix print": client.get(reverse("reporting:appendix"), appendix | {"format": "print"}),
        "summary": client.get(reverse("reporting:summary"), summary),
        "summary print": client.get(reverse("reporting:summary"), summary | {"format": "print"}),
        "admin project": client.get(reverse("admin:projects_project_change", args=[project.pk])),
        "admin NGOs": client.get(reverse("admin:partners_ngo_changelist")),
    }


def test_pages_show_the_payloads_as_text(client, users, stored):
    project, report = stored
    client.force_login(users["admin"])
    shown = pages(client, project, report)
    assert {name: page.status_code for name, page in shown.items()} == dict.fromkeys(shown, 200)
    for name, page in shown.items():
        html = page.content.decode()
        assert not [script for script in SCRIPTS if script in html], name
        if name != "summary":  # which shows its document in a frame: "summary print"
            assert "&lt;script&gt;alert(" in html or "&lt;img src=x onerror" in html, name
    assert "&lt;img src=x onerror=alert(&quot;nội dung&quot;)&gt;" in shown["project"].content.decode()


def formula_cells(workbook):
    """Cells that would run: openpyxl reads a formula as data type 'f'."""
    return [(sheet.title, cell.coordinate, cell.value) for sheet in workbook for row in sheet.iter_rows() for cell in row if cell.data_type == "f"]


def text_cells(workbook):
    return [cell.value for sheet in workbook for row in sheet.iter_rows() for cell in row if cell.data_type == "s" and cell.value]


def test_workbooks_hold_the_payloads_as_text(client, users, stored):
    project, report = stored
    client.force_login(users["coordinator"])
    bank, appendix, summary = reverse("projects:bank"), reverse("reporting:appendix"), reverse("reporting:summary")
    downloads = {
        "bank list": (client.get(bank, {"export": "xlsx"}), ["project name", "agency"]),
        "flat list": (client.get(bank, {"export": "flat-xlsx"}), ["project name", "project location", "project content", "agency"]),
        "NGO registry": (client.get(reverse("projects:registry_export", args=["ngos", "xlsx"])), ["NGO"]),
        "organisations": (client.get(reverse("projects:registry_export", args=["organisations", "xlsx"])), ["agency"]),
        "appendix": (client.get(appendix, {"status": project.status, "format": "xlsx"}), ["project name", "project content"]),
        "round": (client.get(reverse("reporting:round", args=[report.round_id]), {"export": "xlsx"}), ["agency"]),
        "year summary": (client.get(summary, {"year": "2024", "format": "xlsx"}), ["report", "NGO", "agency"]),
        "period summary": (client.get(summary, {"year": "period", "format": "xlsx"}), ["NGO", "agency"]),
    }
    assert {name: response.status_code for name, (response, _) in downloads.items()} == dict.fromkeys(downloads, 200)
    for name, (response, expected) in downloads.items():
        workbook = load_workbook(io.BytesIO(response.content))
        running = [cell for cell in formula_cells(workbook) if any(word in str(cell[2]) for word in FORMULA_WORDS)]
        assert running == [], name
        texts = text_cells(workbook)
        missing = [what for what in expected if not any(STORED[what] in text for text in texts)]
        assert missing == [], f"{name} does not show {missing}"


def test_csv_files_put_an_apostrophe_before_the_payloads(client, users, stored):
    client.force_login(users["coordinator"])
    downloads = {
        "flat list": client.get(reverse("projects:bank"), {"export": "flat-csv"}),
        "NGO registry": client.get(reverse("projects:registry_export", args=["ngos", "csv"])),
        "organisations": client.get(reverse("projects:registry_export", args=["organisations", "csv"])),
    }
    assert {name: response.status_code for name, response in downloads.items()} == dict.fromkeys(downloads, 200)
    cells = {name: [cell for row in csv.reader(io.StringIO(response.content.decode("utf-8-sig"))) for cell in row] for name, response in downloads.items()}
    assert {name: [cell for cell in found if cell.startswith(FORMULA_STARTS)] for name, found in cells.items()} == dict.fromkeys(cells, [])
    assert "'" + STORED["project name"] in cells["flat list"] and "'" + STORED["project location"] in cells["flat list"]
    assert "'" + STORED["NGO"] in cells["NGO registry"] and "'" + STORED["agency"] in cells["organisations"]


def test_an_attachments_name_is_text_on_the_page_and_quoted_in_the_download(client, users, programme):
    unit = Organisation.objects.get(code="ubnd-huyen-chau-thanh")
    round_ = open_round(programme, users["coordinator"], [unit])
    report = services.report_start(round_=round_, organisation=unit, by=users["officer"])
    name = '"; filename=evil.html; x="<img src=x onerror=alert(1)>.pdf'  # no slash: an upload's name is its last part
    attachment = services.report_attach(report=report, by=users["officer"], upload=SimpleUploadedFile(name, b"%PDF-1.4\n<html><script>alert(1)</script>"))
    client.force_login(users["officer"])
    page = client.get(reverse("reporting:report", args=[round_.pk, unit.pk])).content.decode()
    assert "<img src=x" not in page and "&lt;img src=x onerror=alert(1)&gt;.pdf" in page
    download = client.get(reverse("reporting:attachment", args=[round_.pk, unit.pk, attachment.pk]))
    assert download["Content-Type"] == "application/pdf" and download["X-Content-Type-Options"] == "nosniff"
    header = Message()
    header["Content-Disposition"] = download["Content-Disposition"]  # read as a mail reader or a browser reads it
    assert [name for name, _value in header.get_params(header="content-disposition")] == ["attachment", "filename"]
    assert header.get_filename() == name
