"""Programme, administrative units and organisations of the seed, with the 2025 reforms."""
import datetime

import pytest

from partners.models import NGO, AdministrativeUnit, Organisation
from projects.models import Programme, Project

pytestmark = pytest.mark.django_db


def test_programme_record(programme):
    assert programme.issued_on == datetime.date(2020, 5, 6)
    assert programme.issuer.name == "Ủy ban nhân dân tỉnh Sóc Trăng"
    assert programme.coordinator.name == "Sở Kế hoạch và Đầu tư tỉnh Sóc Trăng"
    assert (programme.start_year, programme.end_year) == (2020, 2025)
    assert programme.title_en
    assert [b.document_number for b in programme.bases.order_by("position")] == ["1225/QĐ-TTg", "15/2015/NQ-HĐND", "116/KH-UBND"]
    target = programme.targets.get()
    assert target.indicator == "ngos_with_projects" and target.value == 20 and target.target_year == 2025
    assert target.is_met_by(21) is True and target.is_met_by(20) is False


def test_eleven_former_district_level_units_ended_with_the_reform():
    districts = AdministrativeUnit.objects.districts().filter(parent__code="soc-trang")
    assert sorted(d.name for d in districts) == sorted(
        [
            "Thành phố Sóc Trăng",
            "Thị xã Vĩnh Châu",
            "Thị xã Ngã Năm",
            "Huyện Châu Thành",
            "Huyện Cù Lao Dung",
            "Huyện Kế Sách",
            "Huyện Long Phú",
            "Huyện Mỹ Tú",
            "Huyện Mỹ Xuyên",
            "Huyện Thạnh Trị",
            "Huyện Trần Đề",
        ]
    )
    assert {d.valid_to for d in districts} == {datetime.date(2025, 6, 30)}
    assert AdministrativeUnit.objects.districts().valid_on(datetime.date(2025, 7, 1)).count() == 0
    assert AdministrativeUnit.objects.districts().valid_on(datetime.date(2024, 12, 31)).count() == 11


def test_can_tho_succeeds_soc_trang():
    soc_trang = AdministrativeUnit.objects.get(code="soc-trang")
    link = soc_trang.successions_out.get()
    assert link.successor.name == "Thành phố Cần Thơ"
    assert link.effective_on == datetime.date(2025, 7, 1)
    assert "202/2025/QH15" in link.legal_act
    assert link.successor.valid_from == datetime.date(2025, 7, 1)


def test_a_former_district_contains_its_communes():
    city = AdministrativeUnit.objects.get(code="soc-trang-tp-soc-trang")
    names = set(AdministrativeUnit.objects.within(city).values_list("name", flat=True))
    assert {"Phường 3", "Phường 4", "Phường 5", "Phường 9"} <= names
    lakes = Project.objects.filter(admin_units__in=AdministrativeUnit.objects.within(city)).distinct()
    assert {f"{p.sector.numeral}.{p.position}" for p in lakes} >= {"V.1", "V.2", "V.3", "VI.2", "I.8"}


def test_planning_department_merged_into_finance():
    dpi = Organisation.objects.get(code="so-kh-dt-soc-trang")
    link = dpi.successions_out.get()
    assert link.successor.name == "Sở Tài chính tỉnh Sóc Trăng"
    assert link.effective_on == datetime.date(2025, 2, 17)
    assert dpi.valid_to == datetime.date(2025, 2, 16)
    assert Organisation.objects.valid_on(datetime.date(2025, 3, 1)).filter(code="so-kh-dt-soc-trang").count() == 0


def test_every_body_the_seed_names_is_an_organisation():
    names = set(Organisation.objects.values_list("name", flat=True))
    for name in [
        "Ủy ban nhân dân huyện Châu Thành",
        "Ủy ban nhân dân huyện Cù Lao Dung",
        "Ủy ban nhân dân thành phố Sóc Trăng",
        "Ủy ban nhân dân thị xã Ngã Năm",
        "Hội Nông dân tỉnh Sóc Trăng",
        "Sở Nông nghiệp và Phát triển nông thôn tỉnh Sóc Trăng",
        "Sở Khoa học và Công nghệ tỉnh Sóc Trăng",
        "Sở Thông tin và Truyền thông tỉnh Sóc Trăng",
        "Văn phòng Ủy ban nhân dân tỉnh Sóc Trăng",
        "Công an tỉnh Sóc Trăng",
        "Hội Hữu nghị nhân dân các nước tỉnh Sóc Trăng",
        "Ban Điều phối viện trợ nhân dân",
    ]:
        assert name in names
    assert Organisation.objects.filter(kind="peoples_committee", admin_unit__level=2).count() == 11


def test_registry_holds_the_donors_the_seed_names():
    assert set(NGO.objects.values_list("name", flat=True)) >= {
        "Tổng Lãnh sự quán Úc tại TP. Hồ Chí Minh",
        "Tổng Lãnh sự quán Cộng hòa Séc tại TP. Hồ Chí Minh",
    }


def test_unknown_programme_lookup_is_empty():
    assert not Programme.objects.filter(number="99/CTr-UBND").exists()
