"""The workshop pack for three seed projects: one A4 PDF whose QR codes decode (zbarimg, from the pages drawn as
PNG by pdftoppm) to exactly the three projects' public pages, in English, with the NGOs attending."""
import io
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from django.conf import settings
from pypdf import PdfReader

from projects.models import Project
from reporting.builders.workshop_pack import build_workshop_pack, pack_projects
from reporting.renderers.workshop_pack import workshop_pack_pdf
from tests.engagements.conftest import PRESENTED

pytestmark = pytest.mark.django_db

A4_PORTRAIT, A4_LANDSCAPE = (595, 842), (842, 595)  # in points, rounded


def decoded_qr_codes(pdf):
    """Every QR code on every page, as zbarimg reads it from the pages drawn at 150 dpi."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "pack.pdf"
        path.write_bytes(pdf)
        subprocess.run(["pdftoppm", "-r", "150", "-png", str(path), str(Path(folder) / "page")], check=True)
        pages = sorted(Path(folder).glob("page-*.png"))
        found = subprocess.run(["zbarimg", "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable", *map(str, pages)],
                               capture_output=True, text=True)
        if os.environ.get("SOCAID_KEEP_PACK"):  # to look at the pages: SOCAID_KEEP_PACK=/tmp/pack pytest ...
            shutil.copytree(folder, os.environ["SOCAID_KEEP_PACK"], dirs_exist_ok=True)
        return found.stdout.split()


@pytest.fixture
def pack(workshop):
    projects, missing = pack_projects(PRESENTED)
    assert missing == []
    return build_workshop_pack(workshop, projects)


@pytest.mark.skipif(not (shutil.which("zbarimg") and shutil.which("pdftoppm")), reason="zbar-tools and poppler-utils (scripts/install.sh)")
def test_the_qr_codes_decode_to_the_three_public_pages(pack):
    pdf = workshop_pack_pdf(pack)
    wanted = sorted(f"{settings.SITE_URL.rstrip('/')}/en/projects/{code}/" for code in PRESENTED)
    assert sorted(decoded_qr_codes(pdf)) == wanted


def test_the_pack_reads_in_english_with_the_appendix_the_sheets_and_the_ngos(pack):
    reader = PdfReader(io.BytesIO(workshop_pack_pdf(pack)))
    text = "\n".join(page.extract_text() for page in reader.pages)
    flat = " ".join(text.split())
    for project in Project.objects.filter(code__in=PRESENTED):
        assert " ".join(project.name_en.split())[:40] in flat
    assert "LIST OF PROJECTS PROPOSED FOR FOREIGN NON-GOVERNMENTAL AID" in flat
    assert "NGOs attending" in flat and "Mekong Water Trust" in flat and "Children's Aid Vietnam (KHV)" in flat
    assert "Germany" in flat and "Netherlands" in flat
    # Only the chosen projects: the appendix of 25 lists three, and their grand total is the three projects'.
    assert "03-2020-i-02" not in flat
    sizes = [tuple(round(float(v)) for v in (page.mediabox.width, page.mediabox.height)) for page in reader.pages]
    assert set(sizes) <= {A4_PORTRAIT, A4_LANDSCAPE} and sizes.count(A4_PORTRAIT) >= 5  # cover, 3 sheets, NGOs


def test_the_appendix_holds_only_the_chosen_projects_and_their_totals(pack):
    (appendix,) = pack.appendices
    assert appendix.project_count == 3
    sheets = {sheet.code: sheet for sheet in pack.sheets}
    assert list(sheets) == PRESENTED
    assert appendix.total.total == sum(sheet.total.total for sheet in sheets.values())
    assert sheets["03-2020-ii-06"].reference == "II.6" and len(sheets["03-2020-ii-06"].lines) == 4


def test_a_project_not_public_is_left_out_and_named(workshop):
    Project.objects.filter(code=PRESENTED[0]).update(status=Project.Status.ACCEPTED)
    projects, missing = pack_projects(PRESENTED)
    assert [project.code for project in projects] == PRESENTED[1:] and missing == PRESENTED[:1]
