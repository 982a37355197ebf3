"""Likely funders of a proposal (issue 15, item 4): the NGOs of the registry ranked by reasons the coordinator can
read, each with its weight and evidence, and what would make the match stronger."""
import datetime
import itertools
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from partners.models import NGO, ActivityField, AdministrativeUnit, NGOContact, Organisation
from partners.models.ngos import NGORegistration
from projects import likely_funders as scoring
from projects.likely_funders import likely_funders
from projects.models import Interest, Project, Sector
from projects.models.pipeline import Agreement, Pledge

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 6, 1)
SMART_FIELDS = "03-2020-i-01"  # I.1, agriculture, in Phú Tân commune of the former Châu Thành district
PHU_TAN = "soc-trang-chau-thanh-phu-tan"
CZECH, AUSTRALIA = "tong-lanh-su-quan-sec-tphcm", "tong-lanh-su-quan-uc-tphcm"
serial = itertools.count(1)


def proposal(code=SMART_FIELDS):
    return Project.objects.select_related("programme", "sector").get(code=code)


def ranking(project=None, today=TODAY):
    return likely_funders(project or proposal(), today=today)


def funder(result, code):
    return next(f for f in result.funders if f.ngo.code == code)


def kinds(found):
    return {reason.kind: reason.weight for reason in found.reasons}


def make_ngo(name, *, fields=("agriculture",), areas=(), kind=NGO.Kind.NGO, **values):
    ngo = NGO.objects.create(code=f"ngo-{next(serial)}", name_original=name, name=name, name_en=name, kind=kind, **values)
    ngo.fields.set(ActivityField.objects.filter(code__in=fields))
    ngo.areas.set(AdministrativeUnit.objects.filter(code__in=areas))
    return ngo


def past_project(ngo, *, sector="I", unit=PHU_TAN, status=Project.Status.COMPLETED, committed=True):
    """A project of the seed programme that ``ngo`` funded (its committed NGO when ``committed``)."""
    sector = Sector.objects.get(programme__number="03/CTr-UBND", numeral=sector)
    number = next(serial)
    project = Project.objects.create(
        code=f"past-{number}", programme=sector.programme, sector=sector, position=500 + number,
        host_agency=Organisation.objects.get(code="ubnd-huyen-chau-thanh"), name=f"Dự án đã tài trợ {number}",
        status=status, ngo=ngo if committed else None,
    )
    project.admin_units.set(AdministrativeUnit.objects.filter(code=unit))
    return project


def agreement(project, ngo, amount, currency, rate):
    return Agreement.objects.create(
        project=project, ngo=ngo, amount=Decimal(amount), currency=currency, rate_to_vnd=Decimal(rate),
        rate_date=datetime.date(2024, 3, 1), signed_on=datetime.date(2024, 3, 1),
    )


def certificate(ngo, *, provinces=("soc-trang",), fields=("agriculture",), issued=datetime.date(2025, 1, 10), expires=datetime.date(2028, 1, 9)):
    registration = NGORegistration.objects.create(
        ngo=ngo, kind=NGORegistration.Kind.OPERATION, number=f"{next(serial)}/GĐK", issued_on=issued, expires_on=expires
    )
    registration.provinces.set(AdministrativeUnit.objects.filter(code__in=provinces))
    registration.fields.set(ActivityField.objects.filter(code__in=fields))
    return registration


def interest(project, ngo, state=Interest.State.NEW):
    return Interest.objects.create(
        project=project, ngo=ngo, organisation_name=ngo.name_original, country="DE", contact_name="Anna Berg",
        email="anna@example.org", language="en", state=state, received_at=timezone.make_aware(datetime.datetime(2026, 3, 12, 9)),
    )


def test_the_list_for_a_seed_project_names_its_reasons():
    result = ranking()
    assert result.considered == 2
    czech = funder(result, CZECH)
    # The seed's two consulates work in agriculture and name the former Sóc Trăng province as their area.
    assert kinds(czech) == {"field": scoring.FIELD, "area": scoring.AREA_PROVINCE, "certificate": scoring.CERTIFICATE}
    assert czech.score == 20 + 5 + 15
    texts = [reason.text for reason in czech.reasons]
    assert texts == [
        "Hoạt động trong lĩnh vực “Nông, lâm, ngư nghiệp và phát triển nông thôn”",
        "Hoạt động trong tỉnh, chưa hoạt động tại địa bàn này",
        "Không cần giấy đăng ký theo Nghị định 58: cơ quan đại diện ngoại giao, lãnh sự",
    ]
    assert [e.text for e in czech.reasons[1].evidence] == ["Địa bàn quan tâm: Tỉnh Sóc Trăng (đến 30/06/2025)"]
    assert czech.stronger == (
        "Chưa ghi nhận hoạt động nào tại địa bàn của dự án.",
        "Chưa ghi nhận liên hệ nào với tổ chức: gửi trang tiếng Anh của dự án hoặc mời dự hội thảo.",
        "Danh bạ chưa có người liên hệ: cần ghi người liên lạc.",
    )


def test_equal_scores_go_by_the_name_the_reader_sees():
    # Tổng Lãnh sự quán Cộng hòa Séc… before Tổng Lãnh sự quán Úc…; Consulate General of Australia… before …Czech….
    assert [f.ngo.code for f in ranking().funders] == [CZECH, AUSTRALIA]
    with translation.override("en"):
        result = ranking()
    assert [f.ngo.code for f in result.funders] == [AUSTRALIA, CZECH]
    assert result.funders[0].name == "Australian Consulate-General in Ho Chi Minh City"
    beta, alpha = make_ngo("Beta Aid", areas=[PHU_TAN]), make_ngo("alpha aid", areas=[PHU_TAN])
    assert [f.ngo for f in ranking().funders][2:] == [alpha, beta]  # case and diacritics do not change the order


def test_adding_a_past_project_of_an_ngo_in_the_same_sector_raises_it():
    before = [f.ngo.code for f in ranking().funders]
    australia = NGO.objects.get(code=AUSTRALIA)
    past = past_project(australia)
    agreement(past, australia, "50000", "USD", "25000")  # 1,250.000 million VND
    agreement(past, australia, "10000", "EUR", "27512.5")  # 275.125 million VND
    result = ranking()
    assert before == [CZECH, AUSTRALIA] and [f.ngo.code for f in result.funders] == [AUSTRALIA, CZECH]
    raised = funder(result, AUSTRALIA)
    # Funded I-sector work here, and in Phú Tân itself: the area counts locally now, not only through the province.
    assert kinds(raised) == {"similar": 20, "field": 20, "area": 15, "certificate": 15}
    assert raised.score == 70 and funder(result, CZECH).score == 40
    similar = raised.reasons[0]
    assert similar.text == "Đã tài trợ 1 dự án thuộc lĩnh vực “Nông, lâm, ngư nghiệp và phát triển nông thôn” trong tỉnh"
    (evidence,) = similar.evidence
    assert evidence.project == past and evidence.amount == Decimal("1525.125")  # each entry at its own rate
    assert "Chưa ghi nhận hoạt động nào tại địa bàn của dự án." not in raised.stronger


def test_more_projects_weigh_more_and_another_sector_is_no_similar_work():
    czech = NGO.objects.get(code=CZECH)
    past_project(czech, sector="IV", unit="soc-trang-tp-soc-trang-phuong-3")  # health, in another town
    assert "similar" not in kinds(funder(ranking(), CZECH))
    past_project(czech, committed=False, unit="soc-trang-tp-soc-trang-phuong-3")
    assert "similar" not in kinds(funder(ranking(), CZECH))  # neither committed nor under an agreement: not its
    for _ in range(4):
        past_project(czech, unit="soc-trang-tp-soc-trang-phuong-3")
    found = funder(ranking(), CZECH)
    assert kinds(found)["similar"] == scoring.SIMILAR_MOST  # 20 + 5 × 3 would be 35, and no more for a fifth
    assert [e.amount for e in found.reasons[0].evidence] == [None] * 4
    assert all("chưa ghi nhận thỏa thuận viện trợ" in e.note for e in found.reasons[0].evidence)


def test_past_projects_past_the_first_few_are_counted_not_named():
    czech = NGO.objects.get(code=CZECH)
    pasts = [past_project(czech, unit="soc-trang-tp-soc-trang-phuong-3") for _ in range(scoring.SHOWN_PROJECTS + 2)]
    with translation.override("en"):  # the Vietnamese of a new message waits for the merged catalogue
        similar = funder(ranking(), CZECH).reasons[0]
    assert similar.text.startswith(f"Funded {len(pasts)} projects in the field")
    assert [e.project for e in similar.evidence[:-1]] == pasts[:scoring.SHOWN_PROJECTS]  # appendix order
    assert similar.evidence[-1].text == "and 2 more projects" and similar.evidence[-1].project is None


def test_funded_work_elsewhere_in_another_field_is_no_evidence_but_a_contact():
    australia = NGO.objects.get(code=AUSTRALIA)
    past_project(australia, sector="IV", unit="soc-trang-tp-soc-trang-phuong-3")  # health, in another town
    found = funder(ranking(), AUSTRALIA)
    assert "similar" not in kinds(found) and all(e.project is None for r in found.reasons for e in r.evidence)
    assert not any("Chưa ghi nhận liên hệ nào" in hint for hint in found.stronger)  # it did work for the province


def test_on_a_generated_bank_every_funded_project_is_counted(django_assert_max_num_queries):
    from django.core.management import call_command
    from django.db.models import Q

    project = proposal()
    with django_assert_max_num_queries(18):  # fewer with nothing funded: lists of no project are not read
        assert ranking(project).funders is not None
    call_command("generate_bank", projects=400, ngos=4, seed=3, stdout=open("/dev/null", "w"))
    ngos = list(NGO.objects.filter(code__startswith="synthetic-2026-ngo").order_by("code"))
    # Agreements of every shape: another NGO's on a committed project, the committed NGO's own (twice), one on a
    # project nobody committed to, one on a withdrawn project, one on the project itself.
    in_field = Project.objects.filter(sector__field_id=project.sector.field_id, programme__code="synthetic-2026").exclude(status=Project.Status.WITHDRAWN).order_by("pk")
    committed = list(in_field.filter(ngo__isnull=False)[:3])
    agreement(committed[0], next(n for n in ngos if n != committed[0].ngo), "100", "USD", "25000")
    agreement(committed[1], committed[1].ngo, "100", "USD", "25000")
    agreement(committed[1], committed[1].ngo, "50", "USD", "25000")
    agreement(in_field.filter(ngo__isnull=True).first(), ngos[0], "100", "USD", "25000")
    withdrawn = Project.objects.filter(sector__field_id=project.sector.field_id, status=Project.Status.WITHDRAWN).first()
    if withdrawn:
        agreement(withdrawn, ngos[1], "100", "USD", "25000")
    agreement(project, ngos[2], "100", "USD", "25000")
    with django_assert_max_num_queries(18):
        result = ranking(project)
        assert result.funders
    checked = 0
    for ngo in ngos:
        # What the list must count: every other project it committed to or signed for, not withdrawn, in the field.
        funded = (
            Project.objects.filter(Q(ngo=ngo) | Q(agreements__ngo=ngo)).exclude(pk=project.pk)
            .exclude(status=Project.Status.WITHDRAWN).filter(sector__field_id=project.sector.field_id).distinct()
            .order_by("programme__start_year", "sector__position", "position", "pk")
        )
        found = next((f for f in result.funders if f.ngo == ngo), None)
        similar = found and next((r for r in found.reasons if r.kind == "similar"), None)
        if not funded:
            assert similar is None
            continue
        checked += 1
        count = len(funded)
        assert similar.text.startswith(f"Đã tài trợ {count} dự án")
        assert similar.weight == min(20 + 5 * (count - 1), 35)
        named = [e.project for e in similar.evidence if e.project]
        assert named == list(funded[:scoring.SHOWN_PROJECTS])
    assert checked == 4


def everything_shown(funders):
    return [
        (f.ngo.code, f.name, f.score, f.stronger, [(r.kind, r.weight, r.text, [(e.text, e.url, e.amount, e.note) for e in r.evidence]) for r in f.reasons])
        for f in funders
    ]


def test_each_funder_shown_is_ranked_by_the_reasons_it_shows():
    # Only the funders shown are written out; the ranking weighs every NGO without writing its reasons.
    project = proposal()
    many_ngos(project, 6)
    make_ngo("Field only", areas=[])
    make_ngo("Area only", fields=[], areas=["soc-trang"])
    certificate(make_ngo("Certificate elsewhere", areas=[PHU_TAN]), provinces=["hau-giang"])
    result = ranking(project)
    assert [(f.ngo, f.score, kinds(f)) for f in result.ranked] == [(f.ngo, f.score, kinds(f)) for f in result.funders]
    assert all(f.reasons and not any(r.text for r in f.reasons) for f in result.ranked)
    # The first three written alone (their projects and agreements read for them only) read as in the whole list.
    assert everything_shown(ranking(project).first(3)) == everything_shown(result.funders[:3])
    assert result.count == len(result.funders) == 11


@pytest.mark.parametrize("listed", [1, 3])
def test_the_same_list_when_the_units_met_hold_too_many_links_to_list(monkeypatch, listed):
    from django.core.management import call_command

    call_command("generate_bank", projects=300, ngos=6, seed=5, stdout=open("/dev/null", "w"))
    australia, czech = NGO.objects.get(code=AUSTRALIA), NGO.objects.get(code=CZECH)
    for _ in range(3):
        past_project(czech)
    past_project(australia, sector="IV")  # another field on the same ground: evidence of the area only
    past_project(australia, committed=False, unit="soc-trang")  # on the ground, not funded
    generated = Project.objects.filter(programme__code="synthetic-2026", status__in=scoring.SEEKING, admin_units__isnull=False).order_by("pk")
    projects = [proposal(), generated.first(), generated.last()]
    before = [everything_shown(ranking(project).funders) for project in projects]
    assert any(kinds(f).get("area") for f in ranking(projects[0]).funders)
    # Fewer keys listed than there are links met: the funded links are then asked in SQL, their projects by subquery.
    monkeypatch.setattr(scoring, "LISTED_KEYS", listed)
    assert [everything_shown(ranking(project).funders) for project in projects] == before


def test_an_agreement_makes_a_past_project_the_ngos_even_if_another_ngo_committed():
    australia, czech = NGO.objects.get(code=AUSTRALIA), NGO.objects.get(code=CZECH)
    shared = past_project(czech)
    agreement(shared, australia, "200", "VND", "1")
    result = ranking()
    assert kinds(funder(result, AUSTRALIA))["similar"] == 20 and kinds(funder(result, CZECH))["similar"] == 20
    assert funder(result, AUSTRALIA).reasons[0].evidence[0].amount == Decimal("0.000")  # 200 VND, to the thousand
    assert funder(result, CZECH).reasons[0].evidence[0].amount is None
    past_project(czech, status=Project.Status.WITHDRAWN)
    assert kinds(funder(ranking(), CZECH))["similar"] == 20  # a withdrawn project was not funded


def test_a_valid_certificate_raises_an_ngo_and_an_expired_one_does_not():
    ngo = make_ngo("Mekong Aid", areas=[PHU_TAN])
    base = funder(ranking(), ngo.code)
    assert "certificate" not in kinds(base)
    assert any(h.startswith("Chưa có giấy đăng ký theo Nghị định 58 còn hiệu lực") for h in base.stronger)

    expired = certificate(ngo, issued=datetime.date(2022, 1, 10), expires=datetime.date(2025, 1, 9))
    found = funder(ranking(), ngo.code)
    assert found.score == base.score
    assert f"Giấy đăng ký số {expired.number} đã hết hạn ngày 09/01/2025: cần gia hạn, bao gồm Thành phố Cần Thơ và lĩnh vực “Nông, lâm, ngư nghiệp và phát triển nông thôn”." in found.stronger

    valid = certificate(ngo, provinces=["can-tho-2025"], issued=datetime.date(2025, 8, 1), expires=datetime.date(2028, 7, 31))
    found = funder(ranking(), ngo.code)
    assert found.score == base.score + scoring.CERTIFICATE  # today's Cần Thơ city covers the former Phú Tân commune
    (evidence,) = found.reasons[-1].evidence
    assert evidence.text == f"Giấy đăng ký hoạt động {valid.number} do Bộ Ngoại giao cấp ngày 01/08/2025, có hiệu lực đến ngày 31/07/2028"
    assert not [h for h in found.stronger if "giấy đăng ký" in h.lower()]
    assert "certificate" not in kinds(funder(ranking(today=datetime.date(2028, 8, 1)), ngo.code))  # the day it lapsed


def test_a_certificate_must_name_the_field_and_the_province():
    ngo = make_ngo("Mekong Aid", areas=[PHU_TAN])
    health = certificate(ngo, fields=["health"])
    found = funder(ranking(), ngo.code)
    assert "certificate" not in kinds(found)
    assert f"Giấy đăng ký số {health.number} không bao gồm lĩnh vực “Nông, lâm, ngư nghiệp và phát triển nông thôn”: cần điều chỉnh giấy đăng ký." in found.stronger
    health.delete()
    elsewhere = certificate(ngo, provinces=["hau-giang"])  # merged into Cần Thơ too, but not where Phú Tân was
    found = funder(ranking(), ngo.code)
    assert "certificate" not in kinds(found)
    assert f"Giấy đăng ký số {elsewhere.number} không bao gồm Thành phố Cần Thơ: cần giấy đăng ký có địa bàn này." in found.stronger


def test_a_certificate_running_out_within_ninety_days_asks_for_renewal():
    ngo = make_ngo("Mekong Aid")
    soon = certificate(ngo, expires=TODAY + datetime.timedelta(days=60))
    found = funder(ranking(), ngo.code)
    assert kinds(found)["certificate"] == scoring.CERTIFICATE
    assert f"Giấy đăng ký số {soon.number} hết hạn ngày 31/07/2026: cần gia hạn." in found.stronger


def test_interest_in_the_project_raises_an_ngo_and_a_declined_one_does_not():
    project = proposal()
    ngo = make_ngo("Mekong Aid", fields=["health"])
    assert ngo not in [f.ngo for f in ranking(project).funders]  # no reason at all: not listed
    interest(project, ngo, state=Interest.State.DECLINED)
    assert ngo not in [f.ngo for f in ranking(project).funders]
    interest(project, ngo, state=Interest.State.CONTACTED)
    Pledge.objects.create(project=project, ngo=ngo, amount=Decimal("20000"), currency="EUR", rate_to_vnd=Decimal("27500"),
                          rate_date=datetime.date(2026, 4, 1), pledged_on=datetime.date(2026, 4, 2))
    found = funder(ranking(project), ngo.code)
    assert found.score == scoring.INTEREST
    reason = found.reasons[0]
    assert reason.text == "Đã bày tỏ quan tâm đến dự án này"
    assert [(e.text, e.note, e.amount) for e in reason.evidence] == [
        ("Bày tỏ quan tâm ngày 12/03/2026", "đã liên hệ", None),
        ("Cam kết tài trợ ngày 02/04/2026", "20.000 EUR", Decimal("550.000")),
    ]
    assert not [h for h in found.stronger if h.startswith("Chưa ghi nhận liên hệ")]


def test_a_traditional_partner_with_a_contact_person():
    ngo = make_ngo("Mekong Aid", fields=[], relationship=NGO.Relationship.TRADITIONAL)
    NGOContact.objects.create(ngo=ngo, name="Anna Berg")
    found = funder(ranking(), ngo.code)
    assert kinds(found) == {"traditional": scoring.TRADITIONAL}
    assert found.reasons[0].text == "Là đối tác truyền thống của tỉnh"
    assert found.stronger == (
        "Lĩnh vực “Nông, lâm, ngư nghiệp và phát triển nông thôn” không có trong các lĩnh vực quan tâm ghi trong danh bạ.",
        "Chưa ghi nhận hoạt động nào tại địa bàn của dự án.",
        "Chưa có giấy đăng ký theo Nghị định 58 còn hiệu lực: cần giấy đăng ký bao gồm Thành phố Cần Thơ và lĩnh vực “Nông, lâm, ngư nghiệp và phát triển nông thôn”.",
    )


def test_areas_meet_across_the_reform():
    project = proposal()  # in the former Phú Tân commune
    local = ["can-tho-2025-xa-thuan-hoa", "soc-trang-chau-thanh"]  # the commune that took it over; its former district
    province = ["can-tho-2025", "soc-trang"]
    apart = ["can-tho-2025-xa-an-ninh", "hau-giang", "soc-trang-tp-soc-trang-phuong-3"]  # cut from the same district; another province; another town
    ngos = {code: make_ngo(code, fields=[], areas=[code]) for code in local + province + apart}
    result = ranking(project)
    assert {code: kinds(funder(result, ngo.code)).get("area") for code, ngo in ngos.items() if code not in apart} == {
        "can-tho-2025-xa-thuan-hoa": 15, "soc-trang-chau-thanh": 15, "can-tho-2025": 5, "soc-trang": 5,
    }
    assert not {ngo for ngo in (ngos[code] for code in apart)} & {f.ngo for f in result.funders}


def many_ngos(project, count):
    """``count`` NGOs, each with fields, areas, a certificate, a contact, an interest, a pledge and a funded project."""
    for index in range(count):
        ngo = make_ngo(f"NGO {index:03}", fields=["agriculture", "health"], areas=[PHU_TAN, "soc-trang"],
                       relationship=NGO.Relationship.TRADITIONAL if index % 2 else NGO.Relationship.PROSPECTIVE)
        certificate(ngo, provinces=["soc-trang", "hau-giang"])
        NGOContact.objects.create(ngo=ngo, name=f"Contact {index}")
        interest(project, ngo)
        Pledge.objects.create(project=project, ngo=ngo, amount=Decimal("100"), currency="USD", rate_to_vnd=Decimal("25000"),
                              rate_date=TODAY, pledged_on=TODAY)
        past = past_project(ngo)
        agreement(past, ngo, "1000", "USD", "25000")


def test_the_list_runs_the_same_queries_whatever_the_number_of_ngos(django_assert_num_queries):
    project = proposal()
    many_ngos(project, 2)
    # 17: the funded projects are read in two parts, those of alike work and those on the ground met, each by an index;
    # the registry as rows, not prefetched (a queryset for each NGO).
    with django_assert_num_queries(17) as few:
        assert len(ranking(project).funders) == 4
    many_ngos(project, 30)
    with django_assert_num_queries(len(few.captured_queries)):
        result = ranking(project)
        assert len(result.funders) == 32 + 2 and result.funders[0].score == 30 + 20 + 20 + 15 + 15 + 10


# The staff project page.

def page(client, user, code=SMART_FIELDS, language=None):
    client.force_login(user)
    if language:
        client.cookies["django_language"] = language
    response = client.get(reverse("projects:detail", args=[proposal(code).pk]))
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("role", ["coordinator", "reviewer", "admin"])
def test_the_coordinator_and_the_reviewers_read_the_list_on_the_project_page(client, users, role):
    australia = NGO.objects.get(code=AUSTRALIA)
    agreement(past_project(australia), australia, "50000", "USD", "25000")
    html = page(client, users[role])
    section = html[html.index('id="funders-title"'):html.index('id="timeline-title"')]
    assert "Nhà tài trợ tiềm năng" in section
    assert section.index('id="funder-tong-lanh-su-quan-uc-tphcm"') < section.index('id="funder-tong-lanh-su-quan-sec-tphcm"')
    assert "<strong>+20</strong> Đã tài trợ 1 dự án thuộc lĩnh vực" in section
    assert "1.250 triệu đồng" in section and "Điều gì giúp tăng mức phù hợp" in section


def test_the_list_in_english(client, users):
    australia = NGO.objects.get(code=AUSTRALIA)
    agreement(past_project(australia), australia, "50000", "USD", "25000")
    html = page(client, users["coordinator"], language="en")
    section = html[html.index('id="funders-title"'):html.index('id="timeline-title"')]
    assert "Likely funders" in section and "What would make the match stronger" in section
    assert "Funded 1 project in the field “Agriculture, forestry, fisheries and rural development” in the province" in section
    assert "1,250 million VND" in section and "Australian Consulate-General in Ho Chi Minh City" in section


@pytest.mark.parametrize("role", ["officer", "farmers", "viewer"])
def test_officers_and_the_leadership_do_not_see_it(client, users, role):
    # "officer" belongs to the host agency of I.1, "farmers" to another agency; both read the page, not the list.
    html = page(client, users[role])
    assert 'id="facts-title"' in html and 'id="funders-title"' not in html


def test_a_funded_project_has_no_list(client, users):
    Project.objects.filter(code=SMART_FIELDS).update(status=Project.Status.IMPLEMENTING, ngo=NGO.objects.get(code=CZECH))
    assert 'id="funders-title"' not in page(client, users["coordinator"])


def test_the_page_runs_a_constant_number_of_queries_with_many_ngos(client, users, django_assert_max_num_queries):
    many_ngos(proposal(), 30)
    client.force_login(users["coordinator"])
    url = reverse("projects:detail", args=[proposal().pk])
    with django_assert_max_num_queries(40):  # fewer with no pipeline rows: prefetches of nothing are skipped
        response = client.get(url)
    html = response.content.decode()
    # The first twenty, ranked, and the way to the rest; asked for all, all 32 in the same order.
    assert html.count('id="funder-') == 20 and "20 tổ chức đầu tiên trong 32 tổ chức." in html
    with django_assert_max_num_queries(40):
        everyone = client.get(url, {"funders": "all"}).content.decode()
    assert everyone.count('id="funder-') == 32 and "Xem tất cả" not in everyone
    shown = [line.split('id="funder-')[1].split('"')[0] for line in html.splitlines() if 'id="funder-' in line]
    assert shown == [line.split('id="funder-')[1].split('"')[0] for line in everyone.splitlines() if 'id="funder-' in line][:20]
