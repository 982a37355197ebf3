"""The coordinator completes and corrects successions from a unit's page; nobody else may, and nothing wrong is
saved."""
import datetime

import pytest
from django.urls import reverse

from partners.models import AdministrativeUnit, UnitSuccession

pytestmark = pytest.mark.django_db
ACT = "Nghị quyết số 1668/NQ-UBTVQH15 ngày 16/6/2025 của Ủy ban Thường vụ Quốc hội"


@pytest.fixture
def ward_3():
    """A former ward of Sóc Trăng city whose successor the loaded data cannot tell."""
    return AdministrativeUnit.objects.get(code="soc-trang-tp-soc-trang-phuong-3")


@pytest.fixture
def phu_loi():
    return AdministrativeUnit.objects.get(gso_code="31510", valid_from=datetime.date(2025, 7, 1))


def payload(other, **changes):
    return {
        "other": other.pk, "extent": "whole", "kind": "merged", "effective_on": "01/07/2025", "legal_act": ACT,
        "act_date": "16/06/2025", "notes": "Theo Điều 1, khoản 1.", **changes,
    }


def test_the_coordinator_adds_changes_and_deletes_a_succession_and_the_history_keeps_it(client, users, ward_3, phu_loi):
    client.force_login(users["coordinator"])
    form = client.get(reverse("partners:successor_add", args=[ward_3.pk]))
    assert form.status_code == 200
    # The successor is chosen among the units in force on the effective date, which the unit's end suggests.
    offered = [value for group, options, _index in form.context["form"]["other"].field.widget.optgroups("other", "") for value in [o["value"] for o in options]]
    assert phu_loi.pk in [getattr(v, "value", v) for v in offered] and ward_3.pk not in offered
    assert form.context["form"]["effective_on"].value() == datetime.date(2025, 7, 1)

    response = client.post(reverse("partners:successor_add", args=[ward_3.pk]), payload(phu_loi))
    assert response.status_code == 302
    succession = UnitSuccession.objects.get(predecessor=ward_3)
    assert (succession.successor, succession.extent, succession.legal_act, succession.act_date) == (phu_loi, "whole", ACT, datetime.date(2025, 6, 16))
    assert succession.history.get().history_user == users["coordinator"]

    # From the successor's page, the same link is a predecessor: changed to a part, with a note.
    edit = reverse("partners:succession_edit", args=[phu_loi.pk, succession.pk])
    version = client.get(edit).context["form"]["version"].value()
    response = client.post(edit, payload(ward_3, extent="part", notes="Một phần diện tích tự nhiên.", version=version))
    assert response.status_code == 302
    succession.refresh_from_db()
    assert (succession.extent, succession.notes) == ("part", "Một phần diện tích tự nhiên.")

    page = client.get(reverse("partners:unit", args=[ward_3.pk])).content.decode()
    assert "Phường Phú Lợi" in page and "Một phần" in page
    history = client.get(reverse("partners:unit", args=[ward_3.pk])).context["history"]
    assert [str(entry.action) for entry in history] == ["Đã thay đổi", "Đã thêm"]
    changed = {str(change.label): (change.old, change.new) for change in history[0].changes}
    assert changed == {"Phạm vi kế thừa": ("Toàn bộ", "Một phần"), "Ghi chú": ("Theo Điều 1, khoản 1.", "Một phần diện tích tự nhiên.")}
    assert history[0].user == users["coordinator"]

    assert client.get(reverse("partners:succession_delete", args=[ward_3.pk, succession.pk])).status_code == 200
    assert client.post(reverse("partners:succession_delete", args=[ward_3.pk, succession.pk])).status_code == 302
    assert not UnitSuccession.objects.filter(predecessor=ward_3).exists()
    history = client.get(reverse("partners:unit", args=[phu_loi.pk])).context["history"]
    assert len(history) >= 3 and history[0].user == users["coordinator"] and "Phường 3" in history[0].title
    assert UnitSuccession.history.filter(id=succession.pk, history_type="-").get().history_user == users["coordinator"]


@pytest.mark.parametrize("role", ["officer", "reviewer", "viewer", "nobody"])
def test_only_the_coordinator_writes(client, users, ward_3, phu_loi, role):
    existing = UnitSuccession.objects.filter(predecessor__code="soc-trang-chau-thanh-phu-tan").get()
    client.force_login(users[role])
    before = list(UnitSuccession.objects.values_list("pk", "extent", "notes"))
    assert client.get(reverse("partners:successor_add", args=[ward_3.pk])).status_code == 403
    assert client.post(reverse("partners:successor_add", args=[ward_3.pk]), payload(phu_loi)).status_code == 403
    edit = reverse("partners:succession_edit", args=[existing.predecessor_id, existing.pk])
    assert client.get(edit).status_code == 403
    assert client.post(edit, payload(existing.successor, extent="part")).status_code == 403
    delete = reverse("partners:succession_delete", args=[existing.predecessor_id, existing.pk])
    assert client.get(delete).status_code == 403 and client.post(delete).status_code == 403
    assert list(UnitSuccession.objects.values_list("pk", "extent", "notes")) == before
    page = client.get(reverse("partners:unit", args=[ward_3.pk]))
    assert reverse("partners:successor_add", args=[ward_3.pk]) not in page.content.decode()


def test_missing_units_and_successions_are_not_found(client, users, ward_3):
    client.force_login(users["coordinator"])
    assert client.get(reverse("partners:successor_add", args=[999999])).status_code == 404
    assert client.get(reverse("partners:succession_edit", args=[ward_3.pk, 999999])).status_code == 404
    # A succession that is not the unit's own is not found from its page either.
    other = UnitSuccession.objects.filter(predecessor__code="soc-trang-chau-thanh-phu-tan").get()
    assert client.get(reverse("partners:succession_edit", args=[ward_3.pk, other.pk])).status_code == 404
    assert client.post(reverse("partners:succession_delete", args=[ward_3.pk, other.pk])).status_code == 404
    assert UnitSuccession.objects.filter(pk=other.pk).exists()


@pytest.mark.parametrize("changes, field, message", [
    ({"effective_on": "02/07/2025"}, "effective_on", "Phường 3 (đến 30/06/2025) còn hiệu lực đến ngày 30/06/2025; việc kế thừa có hiệu lực từ ngày 02/07/2025 cần đơn vị tiền thân còn hiệu lực đến ngày 01/07/2025."),
    ({"act_date": "02/07/2025"}, "act_date", "Ngày ban hành văn bản không được sau ngày việc kế thừa có hiệu lực (01/07/2025)."),
    ({"legal_act": "  "}, "legal_act", None),
    ({"act_date": ""}, "act_date", None),
    ({"effective_on": "31/06/2025"}, "effective_on", None),
])
def test_a_wrong_succession_is_refused_with_its_message_and_what_was_typed_is_kept(client, users, ward_3, phu_loi, changes, field, message):
    client.force_login(users["coordinator"])
    response = client.post(reverse("partners:successor_add", args=[ward_3.pk]), payload(phu_loi, **changes))
    assert response.status_code == 400
    form = response.context["form"]
    assert form.errors[field]
    if message:
        assert message in " ".join(form.errors[field])
    html = response.content.decode()
    assert "Theo Điều 1, khoản 1." in html  # the notes typed are still there
    assert not UnitSuccession.objects.filter(predecessor=ward_3).exists()


def test_a_successor_not_in_force_on_the_effective_date_and_a_duplicate_are_refused(client, users, ward_3):
    client.force_login(users["coordinator"])
    # Another former ward: it ended the day before, it did not begin on the effective date.
    ward_4 = AdministrativeUnit.objects.get(code="soc-trang-tp-soc-trang-phuong-4")
    response = client.post(reverse("partners:successor_add", args=[ward_3.pk]), payload(ward_4))
    assert response.status_code == 400 and response.context["form"].errors["other"]
    assert not UnitSuccession.objects.filter(predecessor=ward_3).exists()
    # Phú Tân's successor is recorded already: adding it again is refused, the one recorded left as it was.
    phu_tan = AdministrativeUnit.objects.get(code="soc-trang-chau-thanh-phu-tan")
    existing = phu_tan.successions_out.get()
    response = client.post(reverse("partners:successor_add", args=[phu_tan.pk]), payload(existing.successor, extent="part"))
    assert response.status_code == 400 and response.context["form"].non_field_errors()
    assert UnitSuccession.objects.filter(predecessor=phu_tan).get().extent == "whole"
    # A unit is never its own successor: it is not even offered.
    response = client.post(reverse("partners:successor_add", args=[ward_3.pk]), payload(ward_3))
    assert response.status_code == 400 and response.context["form"].errors["other"]


def test_the_services_refuse_a_non_coordinator_and_check_what_they_save(users, ward_3, phu_loi):
    from django.core.exceptions import PermissionDenied, ValidationError

    from partners.services import unit_succession_add

    values = dict(predecessor=ward_3, successor=phu_loi, kind="merged", extent="whole", effective_on=datetime.date(2025, 7, 1), legal_act=ACT, act_date=datetime.date(2025, 6, 16))
    with pytest.raises(PermissionDenied):
        unit_succession_add(by=users["officer"], **values)
    with pytest.raises(ValidationError) as refused:
        unit_succession_add(by=users["coordinator"], **values | {"successor": ward_3})
    assert refused.value.message_dict["__all__"]
    assert not UnitSuccession.objects.filter(predecessor=ward_3).exists()
    assert unit_succession_add(by=users["coordinator"], **values).pk


def test_a_change_made_meanwhile_is_not_overwritten_unawares(client, users, ward_3, phu_loi):
    from partners.services import unit_succession_add, unit_succession_change

    succession = unit_succession_add(
        by=users["coordinator"], predecessor=ward_3, successor=phu_loi, kind="merged", extent="whole",
        effective_on=datetime.date(2025, 7, 1), legal_act=ACT, act_date=datetime.date(2025, 6, 16),
    )
    client.force_login(users["coordinator"])
    edit = reverse("partners:succession_edit", args=[ward_3.pk, succession.pk])
    opened = client.get(edit).context["form"]["version"].value()
    # Another coordinator corrects the notes while the form is open.
    unit_succession_change(by=users["admin"], succession_id=succession.pk, values={"notes": "Sửa bởi người khác."})
    response = client.post(edit, payload(phu_loi, extent="part", version=opened))
    assert response.status_code == 400
    assert "Có người đã sửa việc kế thừa này" in response.content.decode()
    succession.refresh_from_db()
    assert (succession.extent, succession.notes) == ("whole", "Sửa bởi người khác.")
    # Saving again, having seen the message, replaces their change.
    again = response.context["form"]["version"].value()
    assert again != opened
    assert client.post(edit, payload(phu_loi, extent="part", version=again)).status_code == 302
    succession.refresh_from_db()
    assert succession.extent == "part"
