"""Projects of any status for the public side's tests, in the seed programme (whose 25 projects are published)."""
import itertools
from decimal import Decimal

import pytest

from partners.models import Organisation
from projects.models import BudgetLine, Programme, Project, Sector
from projects.search import search_text_for

_numbers = itertools.count(1)


@pytest.fixture
def make_project(db):
    """``make_project(name, status=..., **fields)``: a project in sector I of the seed programme with one budget line
    (100 / 80 / 20 unless ``total``, ``aid_sought``, ``counterpart`` are given), searchable like a saved one."""
    programme = Programme.objects.get(number="03/CTr-UBND")
    sectors = {sector.numeral: sector for sector in Sector.objects.filter(programme=programme)}
    agency = Organisation.objects.get(code="ubnd-huyen-chau-thanh")

    def make(name, *, status=Project.Status.PUBLISHED, numeral="I", total=Decimal(100), aid_sought=Decimal(80), counterpart=Decimal(20), **fields):
        number = next(_numbers)
        values = {
            "code": f"public-test-{number}",
            "programme": programme,
            "sector": sectors[numeral],
            "position": 500 + number,
            "host_agency": agency,
            "name": name,
            "location_text": "Huyện Châu Thành",
            "start_year": 2024,
            "end_year": 2025,
            "status": status,
        }
        project = Project.objects.create(**values | fields)
        BudgetLine.objects.create(project=project, position=1, total=total, aid_sought=aid_sought, counterpart=counterpart)
        Project.objects.filter(pk=project.pk).update(search_text=search_text_for(project))
        return project

    return make


UNPUBLISHED = [
    Project.Status.DRAFT,
    Project.Status.PROPOSED,
    Project.Status.RETURNED,
    Project.Status.ACCEPTED,
    Project.Status.WITHDRAWN,
]


@pytest.fixture
def unpublished(make_project):
    """One project of every status the public must never see, each named so a search would find it."""
    return [make_project(f"Dự án ẩn kiểm thử {status}", status=status) for status in UNPUBLISHED]
