"""The demo's NGO registry, dated from the day the demo is loaded: an NGO whose certificate ends within 90 days,
one whose certificate lapsed, a renewal chain, contacts at the head office and in Vietnam, and a security opinion
of the provincial police on a new partner. Demo data only: no real organisation. Running it again adds nothing."""
import datetime

from django.db import transaction

from partners.models import NGO, ActivityField, AdministrativeUnit, NGOContact, NGORegistration, NGOSecurityOpinion, Organisation

DEMO_NOTE = "Dữ liệu minh họa (demo), không phải tổ chức có thật."
SOON = "demo-lotus-health-alliance"
LAPSED = "demo-delta-water-trust"
RENEWED = "demo-mekong-green-futures"  # fixtures/demo.json's: its current certificate gets the one it renewed


def _ngo(code, values, fields, areas):
    ngo, created = NGO.objects.get_or_create(code=code, defaults=values | {"notes": DEMO_NOTE})
    if created:
        ngo.fields.set(ActivityField.objects.filter(code__in=fields))
        ngo.areas.set(AdministrativeUnit.objects.filter(code__in=areas))
    return ngo


def _certificate(ngo, number, *, kind, issued_on, expires_on, provinces, fields, renews=None):
    registration, created = NGORegistration.objects.get_or_create(
        kind=kind, number=number, defaults={"ngo": ngo, "issued_on": issued_on, "expires_on": expires_on, "renews": renews},
    )
    if created:
        registration.provinces.set(AdministrativeUnit.objects.filter(code__in=provinces))
        registration.fields.set(ActivityField.objects.filter(code__in=fields))
    return registration


@transaction.atomic
def load_registry_demo(today: datetime.date):
    """Returns the NGO whose certificate lapsed, for the caller to put to work in the province (a pledge), or None
    before fixtures/demo.json's NGOs are loaded."""
    renewed = NGO.objects.filter(code=RENEWED).first()
    if renewed is None:
        return None
    operation = NGORegistration.Kind.OPERATION
    current = renewed.registrations.order_by("-issued_on").first()
    if current is not None and current.renews_id is None and not NGORegistration.objects.filter(number="DEMO-HĐ-000/BNG").exists():
        first = _certificate(renewed, "DEMO-HĐ-000/BNG", kind=operation, issued_on=datetime.date(2021, 3, 1), expires_on=datetime.date(2024, 2, 29), provinces=["soc-trang"], fields=["environment"])
        current.renews = first
        current.save(update_fields=["renews"])
    soon = _ngo(SOON, {"name_original": "Lotus Health Alliance", "name": "Liên minh Y tế Hoa Sen", "name_en": "Lotus Health Alliance", "acronym": "LHA",
                       "kind": NGO.Kind.NGO, "country": "AU", "relationship": NGO.Relationship.TRADITIONAL}, ["health"], ["soc-trang-cu-lao-dung"])
    _certificate(soon, "DEMO-HĐ-003/BNG", kind=operation, issued_on=today - datetime.timedelta(days=1035), expires_on=today + datetime.timedelta(days=60), provinces=["soc-trang", "can-tho-2025"], fields=["health"])
    NGOContact.objects.get_or_create(ngo=soon, name="Grace Li", defaults={"office": NGOContact.Office.HEAD_OFFICE, "position": "Executive Director", "address": "Melbourne, Australia", "email": "grace.li@lotus-health.example"})
    NGOContact.objects.get_or_create(ngo=soon, name="Trần Văn Bình", defaults={"office": NGOContact.Office.VIETNAM, "position": "Điều phối viên dự án", "address": "Quận Ninh Kiều, TP. Cần Thơ", "email": "binh.tran@lotus-health.example", "is_primary": True})
    lapsed = _ngo(LAPSED, {"name_original": "Delta Water Trust", "name": "Quỹ Nước sạch Đồng bằng", "name_en": "Delta Water Trust", "acronym": "DWT",
                           "kind": NGO.Kind.FOUNDATION, "country": "NL", "relationship": NGO.Relationship.PROSPECTIVE}, ["environment"], ["soc-trang-tran-de"])
    _certificate(lapsed, "DEMO-HĐ-004/BNG", kind=operation, issued_on=today - datetime.timedelta(days=1000), expires_on=today - datetime.timedelta(days=30), provinces=["soc-trang"], fields=["environment"])
    police = Organisation.objects.filter(code="cong-an-soc-trang").first()
    if police is not None:
        NGOSecurityOpinion.objects.get_or_create(
            ngo=lapsed, given_by=police, reference="DEMO-125/CAT-PA03",
            defaults={"given_on": today - datetime.timedelta(days=200), "verdict": NGOSecurityOpinion.Verdict.CONDITIONS,
                      "text": "Đồng ý để tổ chức tham gia vận động viện trợ trên địa bàn, với điều kiện báo cáo định kỳ 6 tháng về hoạt động và nhân sự nước ngoài đến làm việc."},
        )
    return lapsed
