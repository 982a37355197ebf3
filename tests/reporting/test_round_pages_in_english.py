"""The round page and a unit's report page for a reader of English: units and projects by their English names."""
import io

import pytest
from openpyxl import load_workbook
from django.urls import reverse
from django.utils.html import escape

from partners.models import Organisation
from projects.models import Project
from tests.support.report_forms import started
from tests.support.rounds import open_round

pytestmark = pytest.mark.django_db


@pytest.fixture
def round_open(programme, users):
    units = Organisation.objects.filter(code__in=["ubnd-huyen-chau-thanh", "ubnd-tp-soc-trang"])
    # A round whose deadline is still ahead, whenever the tests run, so that reports can be started.
    return open_round(programme, users["coordinator"], units)


def test_the_round_page_names_the_units_in_english(client, users, round_open):
    client.force_login(users["coordinator"])
    client.cookies["django_language"] = "en"
    page = client.get(reverse("reporting:round", args=[round_open.pk]))
    html = page.content.decode()
    follow_up = html[html.index("<tbody>"):html.index("</tbody>")]
    assert "People&#x27;s Committee of Sóc Trăng city" in follow_up and "Châu Thành" in follow_up
    assert "Ủy ban nhân dân" not in follow_up
    workbook = load_workbook(io.BytesIO(client.get(reverse("reporting:round", args=[round_open.pk]), {"export": "xlsx"}).content))
    assert "People's Committee of Sóc Trăng city" in [row[0] for row in workbook.active.iter_rows(values_only=True)]
    offered = [org for org in page.context["candidates"] if org.name_en]  # not in the round: offered to add
    candidates = html[html.index('<select id="add"'):]
    assert offered and all(escape(org.name_en) in candidates and escape(org.name) not in candidates for org in offered)


def test_the_report_page_names_the_unit_and_its_projects_in_english(client, make_user, round_open):
    unit = Organisation.objects.get(code="ubnd-tp-soc-trang")
    client.force_login(make_user("city-officer", role="officer", organisation=unit.code))
    client.cookies["django_language"] = "en"
    html = started(client, reverse("reporting:report", args=[round_open.pk, unit.pk])).content.decode()
    assert f"<h1>{escape(unit.name_en)} · {round_open.year}</h1>" in html
    listed = Project.objects.filter(report_lines__report__round=round_open)
    assert listed and all(escape(project.name_en) in html and escape(project.name) not in html for project in listed)
