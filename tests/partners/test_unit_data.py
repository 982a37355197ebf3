"""The units of the 2025 reform, loaded from partners/data/can-tho-2025/."""
import datetime

import pytest
from django.core.management import call_command

from partners.models import AdministrativeUnit, UnitSuccession
from partners.unit_data import load_units
from projects.models import Project

pytestmark = pytest.mark.django_db
REFORM = datetime.date(2025, 7, 1)


def test_loading_twice_changes_nothing(programme):
    load_units()
    units, successions = AdministrativeUnit.objects.count(), UnitSuccession.objects.count()
    again = load_units()
    assert again.counts.total("created") == 0 and again.counts.total("updated") == 0
    assert (AdministrativeUnit.objects.count(), UnitSuccession.objects.count()) == (units, successions)


def test_the_new_city_has_its_103_units_and_the_former_area_its_43_successions(programme):
    call_command("load_units", stdout=open("/dev/null", "w"))
    city = AdministrativeUnit.objects.get(gso_code="92", valid_from=REFORM)
    assert city.code == "can-tho-2025"  # the seed's own record, not a copy
    today = AdministrativeUnit.objects.filter(parent=city).valid_on(datetime.date(2026, 11, 30))
    assert today.count() == 103
    assert today.filter(kind=AdministrativeUnit.Kind.WARD).count() == 31 and today.filter(kind=AdministrativeUnit.Kind.COMMUNE).count() == 72
    cai_khe = today.get(gso_code="31120")
    assert (cai_khe.name, cai_khe.name_en, cai_khe.level) == ("Phường Cái Khế", "Cái Khế ward", AdministrativeUnit.Level.COMMUNE)
    whole = UnitSuccession.objects.filter(predecessor__level=AdministrativeUnit.Level.COMMUNE, extent="whole", effective_on=REFORM)
    assert whole.count() == 43 and "1668/NQ-UBTVQH15" in whole.first().legal_act
    assert whole.first().act_date == datetime.date(2025, 6, 16)
    # Each of the 11 former districts went in parts into the new units that kept one of its communes' codes.
    parts = UnitSuccession.objects.filter(predecessor__level=AdministrativeUnit.Level.DISTRICT, extent="part")
    assert parts.count() == 43 and parts.values("predecessor").distinct().count() == 11
    assert set(parts.filter(predecessor__gso_code="942").values_list("successor__gso_code", flat=True)) >= {"31582", "31594"}


def test_the_seed_keeps_its_units_and_its_communes_gain_their_official_codes(programme):
    before = {p.code: sorted(u.code for u in p.admin_units.all()) for p in Project.objects.prefetch_related("admin_units")}
    load_units()
    after = {p.code: sorted(u.code for u in p.admin_units.all()) for p in Project.objects.prefetch_related("admin_units")}
    assert after == before
    phu_tan = AdministrativeUnit.objects.get(code="soc-trang-chau-thanh-phu-tan")
    assert phu_tan.gso_code == "31582" and phu_tan.valid_to == datetime.date(2025, 6, 30)
    assert [s.successor.name for s in phu_tan.successions_out.all()] == ["Xã Thuận Hoà"]
    # One unit per official code and side of the reform: the seed's communes were matched, not copied.
    assert not AdministrativeUnit.objects.filter(gso_code="31582").exclude(code="soc-trang-chau-thanh-phu-tan").filter(valid_to__isnull=False).exists()
    assert AdministrativeUnit.objects.filter(parent__code="soc-trang-tp-soc-trang", name="Phường 3").count() == 1
