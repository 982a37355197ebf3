"""The NGO registry's pages: who reads them, the filters and search, the Excel export, the coordinator's forms
with their Vietnamese refusals, renewals as history, the police's security opinions and the queries a page runs."""
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext
from openpyxl import load_workbook

from partners.models import NGO, AdministrativeUnit, Membership, NGOContact, NGORegistration, NGOSecurityOpinion, Organisation
from partners.services import ngo_registration_renew
from tests.support.ngos import OFFICE, OPERATION, certify, days, make_ngo

pytestmark = pytest.mark.django_db


def vietnamese(message):
    """The catalogue's Vietnamese for an English message (the catalogue is merged from /work/po/registry.json)."""
    with translation.override("vi"):
        return gettext(message)


@pytest.fixture
def registry(db):
    """Four NGOs: one with a valid certificate, one expiring in 30 days, one expired, one with none."""
    green = make_ngo("green", "Grüne Zukunft e.V.", name="Tổ chức Tương lai xanh", relationship=NGO.Relationship.TRADITIONAL, fields=["environment"], areas=["soc-trang-tran-de"])
    certify(green, "HĐ-01", issued=days(-400), expires=days(600))
    soon = make_ngo("soon", "Đồng Hành Foundation", name="Quỹ Đồng Hành", country="US", kind=NGO.Kind.FOUNDATION, fields=["education"])
    certify(soon, "VP-02", issued=days(-1000), expires=days(30), kind=OFFICE)
    lapsed = make_ngo("lapsed", "Lapsed Aid", country="GB", fields=["health"])
    certify(lapsed, "HĐ-03", issued=days(-800), expires=days(-5))
    bare = make_ngo("bare", "Bare Hands", country="GB")
    return {"green": green, "soon": soon, "lapsed": lapsed, "bare": bare}


def names(response):
    return [ngo.name_original for ngo in response.context["page"]]


@pytest.mark.parametrize("role", ["coordinator", "reviewer", "viewer", "admin"])
def test_the_coordinator_reviewers_and_the_leadership_read_the_registry(client, users, registry, role):
    client.force_login(users[role])
    response = client.get(reverse("ngos:list"))
    assert response.status_code == 200
    assert f'href="{reverse("ngos:list")}"' in response.content.decode()  # in the menu
    assert client.get(reverse("ngos:detail", args=[registry["green"].pk])).status_code == 200
    can_edit = role in ("coordinator", "admin")
    assert (reverse("ngos:create") in response.content.decode()) is can_edit


@pytest.mark.parametrize("role", ["officer", "nobody"])
def test_officers_and_users_without_a_role_do_not_open_the_registry(client, users, registry, role):
    client.force_login(users[role])
    assert client.get(reverse("ngos:list")).status_code == 403
    assert client.get(reverse("ngos:list") + "?export=xlsx").status_code == 403
    assert client.get(reverse("ngos:detail", args=[registry["green"].pk])).status_code == 403
    assert client.get(reverse("reporting:ngo_certificates")).status_code == 403
    assert f'href="{reverse("ngos:list")}"' not in client.get(reverse("projects:bank")).content.decode()


@pytest.mark.parametrize("query, expected", [
    ("?q=dong hanh", ["Đồng Hành Foundation"]),
    ("?q=tuong lai XANH", ["Grüne Zukunft e.V."]),
    ("?q=grune", ["Grüne Zukunft e.V."]),
    ("?country=GB", ["Bare Hands", "Lapsed Aid"]),
    ("?kind=foundation", ["Đồng Hành Foundation"]),
    ("?relationship=traditional", ["Grüne Zukunft e.V."]),
    ("?certificate=valid", ["Grüne Zukunft e.V."]),
    ("?certificate=expiring", ["Đồng Hành Foundation"]),
    ("?certificate=expired", ["Lapsed Aid"]),
    ("?country=GB&certificate=none", ["Bare Hands"]),
])
def test_the_filters_and_the_search_without_diacritics(client, users, registry, query, expected):
    client.force_login(users["viewer"])
    assert names(client.get(reverse("ngos:list") + query)) == expected


def test_the_unfiltered_list_holds_every_ngo_in_alphabetical_order(client, users, registry):
    client.force_login(users["viewer"])
    assert names(client.get(reverse("ngos:list"))) == sorted(NGO.objects.values_list("name_original", flat=True))


def test_the_field_and_area_filters(client, users, registry):
    client.force_login(users["viewer"])
    field = registry["green"].fields.get()
    assert names(client.get(reverse("ngos:list"), {"field": field.pk})) == ["Grüne Zukunft e.V."]
    # An area within a former district finds the NGO interested in that district.
    tran_de = AdministrativeUnit.objects.get(code="soc-trang-tran-de")
    assert names(client.get(reverse("ngos:list"), {"area": tran_de.pk})) == ["Grüne Zukunft e.V."]


def test_the_list_is_paged(client, users, registry):
    for n in range(55):
        make_ngo(f"many-{n}", f"Zeta {n:02d}")
    client.force_login(users["viewer"])
    first = client.get(reverse("ngos:list"), {"q": "zeta"})
    assert first.context["page"].paginator.count == 55 and len(names(first)) == 50
    assert names(client.get(reverse("ngos:list"), {"q": "zeta", "page": 2})) == [f"Zeta {n}" for n in range(50, 55)]


def test_the_excel_export_holds_the_filtered_rows(client, users, registry):
    client.force_login(users["coordinator"])
    response = client.get(reverse("ngos:list"), {"country": "GB", "export": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert [row[0] for row in rows] == ["Bare Hands", "Lapsed Aid"]
    assert rows[1][9] == str(NGORegistration.objects.get(number="HĐ-03")) and rows[1][13] == capfirst(vietnamese("expired"))
    assert rows[0][13] == capfirst(vietnamese("none recorded")) == "Chưa ghi nhận"


def queries(client, url, data=None):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url, data).status_code == 200
    return len(captured)


def test_the_list_and_the_page_run_a_constant_number_of_queries(client, users, registry, django_assert_max_num_queries):
    """As many queries with 25 more NGOs, certificates, contacts and renewals as with the few of the fixture."""
    client.force_login(users["coordinator"])
    few = [queries(client, reverse("ngos:list"), data) for data in ({"q": "a", "certificate": "valid"}, {"export": "xlsx"})]
    few.append(queries(client, reverse("ngos:detail", args=[registry["green"].pk])))
    assert few[0] <= 16 and few[1] <= 12 and few[2] <= 12
    for n in range(20):
        ngo = make_ngo(f"more-{n}", f"More {n}", fields=["health", "education"], areas=["soc-trang"])
        certify(ngo, f"M-{n}", issued=days(-10), expires=days(100 + n))
        NGOContact.objects.create(ngo=ngo, name=f"Contact {n}")
    with django_assert_max_num_queries(few[0]):
        client.get(reverse("ngos:list"), {"q": "more", "certificate": "valid"})
    with django_assert_max_num_queries(few[1]):
        client.get(reverse("ngos:list"), {"export": "xlsx"})
    green = registry["green"]
    for n in range(5):
        previous = green.registrations.order_by("-expires_on").first()
        certify(green, f"R-{n}", issued=previous.expires_on, expires=days(700 + n), renews=previous)
    with django_assert_max_num_queries(few[2]):
        client.get(reverse("ngos:detail", args=[green.pk]))


def test_the_coordinator_adds_an_ngo_with_its_contacts(client, users):
    client.force_login(users["coordinator"])
    environment = NGO._meta.get_field("fields").related_model.objects.get(code="environment")
    response = client.post(reverse("ngos:create"), {
        "code": "new-one", "name_original": "Neue Hilfe", "name": "Tổ chức Trợ giúp mới", "name_en": "New Aid", "kind": "ngo",
        "country": "DE", "relationship": "prospective", "fields": [environment.pk],
    })
    ngo = NGO.objects.get(code="new-one")
    assert response.status_code == 302 and list(ngo.fields.all()) == [environment]
    assert {record.history_user for record in ngo.history.all()} == {users["coordinator"]}
    for office, name in [("head_office", "Hans Berlin"), ("vietnam", "Lan Hà Nội")]:
        client.post(reverse("ngos:contact_add", args=[ngo.pk]), {"office": office, "name": name, "email": "x@example.org"})
    page = client.get(reverse("ngos:detail", args=[ngo.pk])).content.decode()
    assert capfirst(vietnamese("head office")) in page and "Hans Berlin" in page and "Lan Hà Nội" in page
    assert list(ngo.contacts.values_list("office", "name")) == [("head_office", "Hans Berlin"), ("vietnam", "Lan Hà Nội")]


def test_a_duplicate_code_is_refused_and_nothing_saved(client, users, registry):
    client.force_login(users["coordinator"])
    response = client.post(reverse("ngos:create"), {"code": "green", "name_original": "Other", "kind": "ngo", "relationship": "prospective"})
    assert response.status_code == 400 and NGO.objects.filter(name_original="Other").count() == 0
    assert "đã tồn tại" in response.content.decode()


def certificate_post(**given):
    return {"kind": OPERATION, "number": "BNG-100", "issuer": "Bộ Ngoại giao", "issued_on": "01/03/2026", "expires_on": "28/02/2029"} | given


@pytest.mark.parametrize("given, message", [
    ({"expires_on": "02/03/2029"}, "Theo Nghị định số 58/2022/NĐ-CP, thời hạn của loại giấy đăng ký này tối đa là 3 năm."),
    ({"kind": OFFICE, "expires_on": "02/03/2031"}, "Theo Nghị định số 58/2022/NĐ-CP, thời hạn của loại giấy đăng ký này tối đa là 5 năm."),
    ({"expires_on": "01/02/2026"}, "Ngày hết hạn của giấy đăng ký phải sau ngày cấp."),
])
def test_a_certificate_beyond_its_term_or_ending_before_its_issue_is_refused_in_vietnamese(client, users, registry, given, message):
    client.force_login(users["coordinator"])
    response = client.post(reverse("ngos:registration_add", args=[registry["bare"].pk]), certificate_post(**given))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not registry["bare"].registrations.exists()


def test_a_representative_office_may_run_five_years(client, users, registry):
    client.force_login(users["coordinator"])
    response = client.post(reverse("ngos:registration_add", args=[registry["bare"].pk]), certificate_post(kind=OFFICE, expires_on="01/03/2031"))
    assert response.status_code == 302
    assert registry["bare"].registrations.get().expires_on.year == 2031


def test_a_renewal_is_a_new_certificate_linked_to_the_one_it_renews(client, users, registry):
    client.force_login(users["coordinator"])
    old = registry["soon"].registrations.get()
    url = reverse("ngos:registration_renew", args=[registry["soon"].pk, old.pk])
    assert client.get(url).context["form"].initial["issued_on"] == old.expires_on
    response = client.post(url, certificate_post(kind=OFFICE, number="VP-02/2026", issued_on=days(30).strftime("%d/%m/%Y"), expires_on=days(1500).strftime("%d/%m/%Y")))
    assert response.status_code == 302
    new = NGORegistration.objects.get(number="VP-02/2026")
    assert new.renews == old and new.ngo == registry["soon"]
    old.refresh_from_db()
    assert old.expires_on == days(30)  # the renewed certificate keeps its own dates: it is history
    chains = client.get(reverse("ngos:detail", args=[registry["soon"].pk])).context["chains"]
    assert [[r.number for r in chain] for chain in chains] == [["VP-02/2026", "VP-02"]]
    # The chain has no branches: the old one cannot be renewed again.
    again = client.post(url, certificate_post(kind=OFFICE, number="VP-02/B", issued_on=days(30).strftime("%d/%m/%Y"), expires_on=days(400).strftime("%d/%m/%Y")))
    assert again.status_code == 400 and vietnamese("This certificate has already been renewed: renew the latest one.") in again.content.decode()
    assert not NGORegistration.objects.filter(number="VP-02/B").exists()


def test_a_renewal_issued_before_the_certificate_it_renews_is_refused(users, registry):
    old = registry["green"].registrations.get()
    with pytest.raises(Exception) as refused:
        ngo_registration_renew(by=users["coordinator"], registration=old, values={"kind": OPERATION, "number": "X", "issuer": "BNG", "issued_on": days(-500), "expires_on": days(100)})
    assert "issued_on" in refused.value.message_dict
    assert not NGORegistration.objects.filter(number="X").exists()


@pytest.mark.parametrize("role", ["reviewer", "viewer", "officer"])
def test_only_the_coordinator_writes_to_the_registry(client, users, registry, role):
    client.force_login(users[role])
    ngo = registry["bare"]
    assert client.post(reverse("ngos:create"), {"code": "x", "name_original": "X", "kind": "ngo", "relationship": "prospective"}).status_code == 403
    assert client.post(reverse("ngos:registration_add", args=[ngo.pk]), certificate_post()).status_code == 403
    assert client.post(reverse("ngos:contact_add", args=[ngo.pk]), {"office": "vietnam", "name": "X"}).status_code == 403
    assert not NGO.objects.filter(code="x").exists() and not ngo.registrations.exists() and not ngo.contacts.exists()


@pytest.fixture
def police_reviewer(make_user):
    return make_user("police", role="reviewer", organisation="cong-an-soc-trang")


def opinion_post():
    return {"given_by": Organisation.objects.get(code="cong-an-soc-trang").pk, "given_on": "10/11/2026", "reference": "123/CAT-PA03", "verdict": "conditions", "text": "Đồng ý, đề nghị báo cáo định kỳ."}


def test_the_police_reviewer_records_a_security_opinion_that_only_the_coordinator_police_and_admin_read(client, users, registry, police_reviewer):
    ngo = registry["bare"]
    client.force_login(police_reviewer)
    response = client.post(reverse("ngos:security_opinion", args=[ngo.pk]), opinion_post())
    assert response.status_code == 302
    opinion = NGOSecurityOpinion.objects.get()
    assert (opinion.verdict, opinion.recorded_by, opinion.given_by.code) == ("conditions", police_reviewer, "cong-an-soc-trang")
    detail = reverse("ngos:detail", args=[ngo.pk])
    for user in (police_reviewer, users["coordinator"], users["admin"]):
        client.force_login(user)
        assert "Đồng ý, đề nghị báo cáo định kỳ." in client.get(detail).content.decode()
    for role in ("reviewer", "viewer"):
        client.force_login(users[role])
        page = client.get(detail)
        assert page.status_code == 200 and page.context["opinions"] is None
        assert "Đồng ý, đề nghị" not in page.content.decode() and "123/CAT-PA03" not in page.content.decode()


def test_an_opinion_whose_recorder_is_gone_still_shows(client, users, registry, police_reviewer):
    """Loaded by a command (the demo's), or recorded by an account deleted since: the page names nobody, and works."""
    client.force_login(police_reviewer)
    client.post(reverse("ngos:security_opinion", args=[registry["bare"].pk]), opinion_post())
    police_reviewer.delete()
    assert NGOSecurityOpinion.objects.get().recorded_by is None
    client.force_login(users["coordinator"])
    page = client.get(reverse("ngos:detail", args=[registry["bare"].pk]))
    assert page.status_code == 200 and "Do — ghi nhận lúc" in page.content.decode()


@pytest.mark.parametrize("role", ["reviewer", "viewer", "officer", "nobody"])
def test_others_may_not_record_a_security_opinion(client, users, registry, role):
    client.force_login(users[role])
    url = reverse("ngos:security_opinion", args=[registry["bare"].pk])
    assert client.get(url).status_code == 403
    assert client.post(url, opinion_post()).status_code == 403
    assert not NGOSecurityOpinion.objects.exists()


def test_a_police_reviewer_speaks_only_for_their_own_body(client, make_user, registry):
    other_police = Organisation.objects.create(code="cong-an-khac", name="Công an khác", kind=Organisation.Kind.POLICE)
    reviewer = make_user("police2", role="reviewer", organisation="cong-an-soc-trang")
    client.force_login(reviewer)
    response = client.post(reverse("ngos:security_opinion", args=[registry["bare"].pk]), opinion_post() | {"given_by": other_police.pk})
    assert response.status_code == 400 and not NGOSecurityOpinion.objects.exists()


def test_the_coordinator_records_the_polices_letter(client, users, registry):
    client.force_login(users["coordinator"])
    assert client.post(reverse("ngos:security_opinion", args=[registry["bare"].pk]), opinion_post()).status_code == 302
    assert NGOSecurityOpinion.objects.get().recorded_by == users["coordinator"]
    assert Membership.objects.filter(user=users["coordinator"], role="reviewer").count() == 0
