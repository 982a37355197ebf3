"""The demo's aid pipelines, at every stage, on projects of the running programme offered to NGOs, and the
leadership's demo account (the viewer of Văn phòng UBND thành phố Cần Thơ, which reads the consolidated year).

Every record goes through the pipeline's services, as the coordinator would make it, so that the projects' statuses
and timelines follow. Dated from the year the demo is loaded in; each part is made once, so that running the demo
again changes nothing."""
import datetime
import json
from decimal import Decimal
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from partners.models import NGO, AdministrativeUnit, Membership, Organisation
from partners.roles import ensure_role_groups
from projects.demo import DEMO_FIXTURE
from projects.models import Interest, Project
from projects.models.pipeline import Agreement, Pledge
from projects.services.pipeline import (
    agreement_approve,
    agreement_record,
    counterpart_record,
    disbursement_record,
    pledge_from_interest,
)

LEADERSHIP = "lanhdao"
LEADERSHIP_OFFICE = {
    "code": "vp-ubnd-can-tho",
    "name": "Văn phòng Ủy ban nhân dân thành phố Cần Thơ",
    "name_en": "Office of the People's Committee of Cần Thơ city",
    "short_name": "Văn phòng UBND thành phố",
    "kind": Organisation.Kind.DEPARTMENT,
    "valid_from": datetime.date(2025, 7, 1),  # the merged city's bodies exist from the reform
}
# Made-up rates, marked as such: the demo's figures are no real transfers.
RATE_SOURCE = "Vietcombank – tỷ giá bán (minh họa)"
USD_RATE, EUR_RATE = Decimal(25950), Decimal(29480)


@transaction.atomic
def load_pipeline_demo(programme, today=None):
    """Pipelines on the running programme's projects still sought, and the leadership's account; what it did."""
    today = today or timezone.localdate()
    done = []
    if leadership_account():
        done.append(LEADERSHIP)
    if programme is None or programme.predecessor_id is None:
        return done
    if Pledge.objects.filter(project__programme=programme).exists() or Agreement.objects.filter(project__programme=programme).exists():
        return done
    coordinator = get_user_model().objects.get(username="dieuphoi")
    finance = get_user_model().objects.get(username="taichinh")
    ngos = {ngo.code: ngo for ngo in NGO.objects.filter(code__in=["demo-mekong-green-futures", "demo-children-first-foundation"])}
    if len(ngos) < 2:
        return done
    children, mekong = ngos["demo-children-first-foundation"], ngos["demo-mekong-green-futures"]
    # The project the public demo committed by hand to Mekong Green Futures gets its agreement, approval and money;
    # two projects offered to NGOs that nobody has written about yet get a pledge and a signed agreement (the public
    # demo's expressions of interest stay as they are).
    funded = programme.projects.filter(status=Project.Status.COMMITTED, ngo=mekong).first()
    sought = list(programme.projects.filter(status=Project.Status.PUBLISHED, interests__isnull=True).in_appendix_order()[:2])
    if funded is None or len(sought) < 2:
        return done
    signed, pledged = sought
    last_year = today.year - 1

    # An expression of interest that became a pledge.
    interest = Interest.objects.create(
        project=pledged, ngo=children, organisation_name=children.name_original, country=children.country, contact_name="James Holt",
        email="j.holt@example.org", support=["funding"], language="en", sender_key="demo",
        message="Our board approved a contribution to this project; we will send the pledge letter.",
        received_at=timezone.now() - datetime.timedelta(days=40),
    )
    pledge_from_interest(interest=interest, by=coordinator, amount=Decimal(60000), currency="USD", rate_to_vnd=USD_RATE,
                         rate_date=today - datetime.timedelta(days=20), rate_source=RATE_SOURCE, pledged_on=today - datetime.timedelta(days=20),
                         notes="Thư cam kết tài trợ của tổ chức (minh họa).")

    # A signed agreement awaiting the province's approval.
    agreement_record(project=signed, by=coordinator, ngo=children, amount=Decimal(85000), currency="GBP", rate_to_vnd=Decimal(33150),
                     rate_date=today - datetime.timedelta(days=10), rate_source=RATE_SOURCE, signed_on=today - datetime.timedelta(days=10),
                     notes="Đang trình phê duyệt theo Nghị định 313/2025/NĐ-CP.")

    # An approved agreement, with two years of disbursements (in USD, then in EUR) and the counterpart funds.
    agreement = agreement_record(project=funded, by=coordinator, ngo=mekong, amount=Decimal(150000), currency="EUR", rate_to_vnd=Decimal(28900),
                                 rate_date=datetime.date(last_year, 3, 10), rate_source=RATE_SOURCE, signed_on=datetime.date(last_year, 3, 12))
    agreement_approve(agreement=agreement, by=coordinator, decision_number="215/QĐ-UBND", decision_date=datetime.date(last_year, 4, 18),
                      approval_reference=f"Quyết định 215/QĐ-UBND ngày 18/4/{last_year} của UBND thành phố Cần Thơ (minh họa)")
    disbursement_record(agreement=agreement, by=coordinator, year=last_year, amount=Decimal(70000), currency="USD", rate_to_vnd=USD_RATE,
                        rate_date=datetime.date(last_year, 6, 2), rate_source=RATE_SOURCE, notes="Đợt 1.")
    disbursement_record(agreement=agreement, by=coordinator, year=today.year, amount=Decimal(55000), currency="EUR", rate_to_vnd=EUR_RATE,
                        rate_date=datetime.date(today.year, 2, 20), rate_source=RATE_SOURCE, notes="Đợt 2.")
    counterpart_record(project=funded, by=finance, year=last_year, planned=Decimal(450), notes="Bố trí trong dự toán ngân sách (minh họa).")
    counterpart_record(project=funded, by=coordinator, year=last_year, spent=Decimal("412.5"))
    counterpart_record(project=funded, by=finance, year=today.year, planned=Decimal(380))
    done.append("pipelines")
    return done


def leadership_account():
    """The leadership's viewer at Văn phòng UBND thành phố Cần Thơ (the office made when the data lack it); True
    when the account was created now. An account that exists keeps its password and settings."""
    User = get_user_model()
    if User.objects.filter(username=LEADERSHIP).exists():
        return False
    office = Organisation.objects.filter(name=LEADERSHIP_OFFICE["name"]).first() or Organisation.objects.filter(code=LEADERSHIP_OFFICE["code"]).first()
    if office is None:
        office = Organisation(
            **LEADERSHIP_OFFICE, admin_unit=AdministrativeUnit.objects.filter(code="can-tho-2025").first(),
            parent=Organisation.objects.filter(code="ubnd-can-tho").first(),
            notes="Tạo bởi dữ liệu minh họa (demo) cho tài khoản lãnh đạo.",
        )
        office._change_reason = "Demo data"
        office.save()
    password = json.loads(Path(DEMO_FIXTURE).read_text(encoding="utf-8"))["password"]
    user = User(username=LEADERSHIP, first_name="Lãnh đạo", last_name="UBND thành phố", email="lanhdao@socaid.invalid")
    user.set_password(password)
    user.save()
    Membership.objects.create(user=user, organisation=office, role=Membership.Role.VIEWER)
    user.groups.add(ensure_role_groups()["viewer"])
    return True
