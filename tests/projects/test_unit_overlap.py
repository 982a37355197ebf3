"""Whether two administrative units share ground across the 2025 reform (projects/unit_overlap.py)."""
import datetime

import pytest

from partners.models import AdministrativeUnit
from projects.unit_overlap import UnitOverlap

pytestmark = pytest.mark.django_db


@pytest.fixture
def meets():
    overlap = UnitOverlap()
    pk = dict(AdministrativeUnit.objects.values_list("code", "pk"))
    return lambda a, b: overlap.overlap(pk[a], pk[b]) and overlap.overlap(pk[b], pk[a])


@pytest.mark.parametrize("a, b, shared", [
    ("soc-trang-chau-thanh-phu-tan", "soc-trang-chau-thanh-phu-tan", True),
    ("soc-trang-chau-thanh-phu-tan", "soc-trang-chau-thanh", True),  # within its former district
    ("soc-trang-chau-thanh-phu-tan", "soc-trang", True),  # and its former province
    ("soc-trang-chau-thanh-phu-tan", "can-tho-2025-xa-thuan-hoa", True),  # merged whole into Thuận Hòa
    ("soc-trang-chau-thanh-phu-tan", "can-tho-2025", True),  # today's city took the province over whole
    ("soc-trang-chau-thanh", "can-tho-2025-xa-an-ninh", True),  # a part of the former district went to An Ninh
    ("can-tho-2025-xa-thuan-hoa", "can-tho-2025-xa-an-ninh", False),  # two parts of one district are not one place
    ("soc-trang-chau-thanh-phu-tan", "can-tho-2025-xa-an-ninh", False),
    ("soc-trang-chau-thanh-phu-tan", "soc-trang-tp-soc-trang-phuong-3", False),
    ("soc-trang", "hau-giang", False),  # both merged into Cần Thơ city, never the same ground
    ("soc-trang-chau-thanh-phu-tan", "hau-giang", False),
])
def test_units_share_ground_across_the_reform(meets, a, b, shared):
    assert meets(a, b) is shared


def test_a_unit_in_force_answers_for_itself_and_an_ended_one_for_its_successor():
    overlap = UnitOverlap()
    units = AdministrativeUnit.objects.in_bulk(["soc-trang", "soc-trang-chau-thanh", "can-tho-2025"], field_name="code")
    after, before = datetime.date(2026, 1, 1), datetime.date(2025, 6, 30)
    assert overlap.in_force(units["soc-trang"], after) == units["can-tho-2025"]
    assert overlap.in_force(units["soc-trang"], before) == units["soc-trang"]
    assert overlap.in_force(units["soc-trang-chau-thanh"], after) == units["soc-trang-chau-thanh"]  # split: itself
