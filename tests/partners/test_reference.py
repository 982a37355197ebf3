"""What the bank derives from the units once per state of the units (partners.reference): a unit, a succession, a
host agency or a programme added or renamed shows on the very next page, however warm the process is."""
import datetime

import pytest
from django.urls import reverse

from partners.models import AdministrativeUnit, Organisation, UnitSuccession
from partners.reference import Reference
from projects.models import Project

pytestmark = pytest.mark.django_db


@pytest.fixture
def bank(client, users):
    """The bank list's HTML as the coordinator reads it, asked afresh at each call."""
    client.force_login(users["coordinator"])

    def read(**params):
        response = client.get(reverse("projects:bank"), params)
        assert response.status_code == 200
        return response.content.decode()

    return read


def test_a_new_or_renamed_unit_shows_on_the_next_page(bank):
    bank()  # the units' menu is made and kept
    parent = AdministrativeUnit.objects.get(code="soc-trang")
    unit = AdministrativeUnit.objects.create(code="test-new", name="Xã Mới Lập", level=3, kind="commune", parent=parent)
    assert f'<option value="{unit.pk}">Xã Mới Lập</option>' in bank()
    AdministrativeUnit.objects.filter(pk=unit.pk).update(name="Xã Đổi Tên")  # no save(), no signal: still seen
    html = bank()
    assert "Xã Mới Lập" not in html
    assert f'<option value="{unit.pk}">Xã Đổi Tên</option>' in html


def test_a_new_reform_shows_among_the_bases_on_the_next_page(bank):
    bank()
    old = AdministrativeUnit.objects.create(code="test-old", name="Xã Cũ", level=3, kind="commune", valid_to=datetime.date(2030, 3, 31))
    new = AdministrativeUnit.objects.create(code="test-successor", name="Xã Sau", level=3, kind="commune", valid_from=datetime.date(2030, 4, 1))
    UnitSuccession.objects.create(predecessor=old, successor=new, effective_on=datetime.date(2030, 4, 1))
    assert '<option value="before-2030-04-01">' in bank()


def test_a_new_host_agency_and_a_new_programme_show_on_the_next_page(bank, programme, make_programme):
    bank()
    agency = Organisation.objects.create(code="test-agency", name="Ban Quản lý Mới", kind="department", admin_unit=AdministrativeUnit.objects.get(code="soc-trang"))
    Project.objects.filter(pk=Project.objects.order_by("pk").first().pk).update(host_agency=agency)
    other = make_programme()
    html = bank()
    assert f'<option value="{agency.pk}">Ban Quản lý Mới</option>' in html
    assert f'<option value="{other.pk}">' in html
    Organisation.objects.filter(pk=agency.pk).update(name="Ban Quản lý Đổi Tên")
    assert f'<option value="{agency.pk}">Ban Quản lý Đổi Tên</option>' in bank()


def test_the_state_is_the_rows_and_what_is_derived_is_made_once_per_state(django_assert_num_queries):
    with django_assert_num_queries(1):  # the units; the successions once something needs them
        reference = Reference()
        reference.made_of_units("test-units", build=lambda: "units only")
    with django_assert_num_queries(1):
        assert reference.state
    made = []
    assert reference.made_once("test", build=lambda: made.append(1) or "first") == "first"
    assert Reference().made_once("test", build=lambda: made.append(2) or "second") == "first"
    assert made == [1]
    AdministrativeUnit.objects.filter(code="soc-trang").update(name_en="Soc Trang, renamed")
    changed = Reference()
    assert changed.state != reference.state
    assert Reference().state == changed.state
    assert changed.made_once("test", build=lambda: "third") == "third"


def test_derived_units_come_from_the_rows_read_without_another_query(django_assert_num_queries):
    reference = Reference()
    reference.state  # the successions read
    with django_assert_num_queries(0):
        units = reference.units()
        successions = reference.successions()
        reference.unit_choices()
        reference.reform_days()
    ward = next(unit for unit in units.values() if unit.parent is not None)
    assert ward.parent.pk == ward.parent_id
    assert sum(len(found) for found in successions.following.values()) == UnitSuccession.objects.count()
