"""The shapes a map draws and the classes it shades them in."""
import datetime
from decimal import Decimal

import pytest
import shapely

from partners.boundaries import outlines
from partners.localities import Basis
from partners.maps import basis_units, class_breaks

pytestmark = pytest.mark.django_db
TODAY, BEFORE = datetime.date(2026, 11, 30), datetime.date(2025, 6, 30)


def test_today_the_103_units_are_drawn_by_their_own_boundaries_and_they_do_not_overlap():
    basis = Basis(TODAY)
    shapes = outlines(basis_units(basis), basis.successions)
    assert len(shapes) == 103 and not any(shape.approximate for shape in shapes)
    whole = sum(shape.geometry.area for shape in shapes)
    assert shapely.union_all([shape.geometry for shape in shapes]).area == pytest.approx(whole, rel=0.01)


def test_before_the_reform_the_11_districts_are_the_unions_of_their_successors_said_to_be_approximate():
    basis = Basis(BEFORE)
    shapes = {shape.unit.name: shape for shape in outlines(basis_units(basis), basis.successions)}
    assert len(shapes) == 11 and all(shape.approximate for shape in shapes.values())
    today = {shape.unit.gso_code: shape.geometry for shape in outlines(basis_units(Basis(TODAY)), basis.successions)}
    ke_sach = shapes["Huyện Kế Sách"]
    successors = basis.successions.successors_on(ke_sach.unit, datetime.date(2025, 7, 1))
    assert len(successors) > 1
    assert ke_sach.geometry.area == pytest.approx(sum(today[unit.gso_code].area for unit in successors), rel=0.03)
    # One piece, without the slivers the separately simplified communes leave between them.
    assert ke_sach.geometry.geom_type == "Polygon" and not list(ke_sach.geometry.interiors)


def test_natural_breaks_split_where_the_figures_jump_and_every_value_falls_in_a_class():
    values = sorted(Decimal(v) for v in ["10", "12.5", "14", "100", "104", "108", "200", "205", "300", "310.25", "395", "400"])
    assert class_breaks(values) == [
        (Decimal(10), Decimal(14)), (Decimal(100), Decimal(108)), (Decimal(200), Decimal(205)),
        (Decimal(300), Decimal("310.25")), (Decimal(395), Decimal(400)),
    ]


@pytest.mark.parametrize("count, classes", [(1, 1), (3, 3), (5, 5), (7, 5), (9, 5)])
def test_few_figures_get_a_class_each_or_quantiles_and_none_is_left_out(count, classes):
    values = [Decimal(10 * (index + 1)) for index in range(count)]
    breaks = class_breaks(values)
    assert len(breaks) == classes
    assert sorted(value for value in values if any(low <= value <= high for low, high in breaks)) == values
    assert all(high < next_low for (_low, high), (next_low, _high) in zip(breaks, breaks[1:]))


@pytest.mark.parametrize("cached", [False, True])
def test_each_province_is_drawn_by_its_own_level_districts_where_it_still_has_them(cached):
    """One installation may hold a province that kept its districts beside Cần Thơ, which has none since 2025."""
    from partners.models import AdministrativeUnit
    from partners.reference import Reference

    other = AdministrativeUnit.objects.create(code="test-province", name="Tỉnh Thử", level=1, kind="province")
    district = AdministrativeUnit.objects.create(code="test-district", name="Huyện Thử", level=2, kind="district", parent=other)
    AdministrativeUnit.objects.create(code="test-commune", name="Xã Thử", level=3, kind="commune", parent=district)
    drawn = basis_units(Basis(TODAY, reference=Reference() if cached else None))
    assert district in drawn and not any(unit.code == "test-commune" for unit in drawn)
    assert sum(1 for unit in drawn if unit.level == 3) == 103  # Cần Thơ's communes, still drawn as communes
