"""A small history across the 2025 reform, read by the former districts, by the units of 2026 and by today's units
mapped through the successions: every project counts once, and the totals agree."""
import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from partners.localities import Basis
from partners.models import AdministrativeUnit
from projects.locality_totals import totals_by_locality
from projects.models import Project

pytestmark = pytest.mark.django_db
BEFORE, AFTER = datetime.date(2025, 6, 30), datetime.date(2026, 11, 30)


def unit(gso, *, former):
    return AdministrativeUnit.objects.get(gso_code=gso, **({"valid_to": BEFORE} if former else {"valid_from": datetime.date(2025, 7, 1)}))


@pytest.fixture
def history():
    """2023: one project in the former Huyện Kế Sách, one in the former Xã Phú Tân. 2026: one in the new Xã Thuận
    Hoà (which kept Phú Tân's code), one in Xã Kế Sách, one across Xã Thuận Hoà and Xã An Ninh."""
    placed = {
        "03-2020-i-01": [unit("943", former=True)],
        "03-2020-i-02": [unit("31582", former=True)],
        "03-2020-ii-01": [unit("31582", former=False)],
        "03-2020-ii-02": [unit("31528", former=False)],
        "03-2020-iii-01": [unit("31582", former=False), unit("31594", former=False)],
    }
    for code, units in placed.items():
        Project.objects.get(code=code).admin_units.set(units)
    return Project.objects.filter(code__in=placed)


def rows(projects, day):
    return {row.label: row for row in totals_by_locality(projects, Basis(day))}


def test_the_same_totals_by_former_districts_by_new_units_and_mapped_to_today(history):
    grand = sum((line.total or 0 for project in history for line in project.lines.all()), Decimal(0))
    districts, today = rows(history, BEFORE), rows(history, AFTER)
    assert {label: row.projects for label, row in districts.items()} == {"Huyện Kế Sách": 2, "Huyện Châu Thành": 3}
    assert {label: row.projects for label, row in today.items()} == {
        "Xã Thuận Hoà": 2,  # the 2023 project in Phú Tân, mapped onto its successor, and the 2026 one
        "Xã Kế Sách": 1,
        "Nhiều xã, phường thuộc Huyện Kế Sách cũ": 1,  # the former district went into several: never under each
        "Nhiều địa bàn": 1,
    }
    for by in (districts, today):
        assert sum(row.projects for row in by.values()) == 5
        assert sum((row.total for row in by.values()), Decimal(0)) == grand


def test_the_bank_list_shows_the_totals_by_the_chosen_units_and_its_unit_filter_follows_the_successions(client, users, history):
    client.force_login(users["coordinator"])
    thuan_hoa = unit("31582", former=False)
    page = client.get(reverse("projects:bank"), {"unit": thuan_hoa.pk})
    assert {row.code for row in page.context["rows"]} == {"03-2020-i-02", "03-2020-ii-01", "03-2020-iii-01"}
    text = client.get(reverse("projects:bank"), {"localities": "before-2025-07-01"}).content.decode()
    assert "Địa bàn theo các đơn vị hành chính tại ngày 30/06/2025" in text
    assert ">Huyện Kế Sách</th>" in text
