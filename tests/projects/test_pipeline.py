"""The aid pipeline's services: who records what, the status following the pipeline, the timeline, the mails, and
conversions rounded once per entry."""
import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from partners.models import NGO, Membership, Organisation
from projects.models import Interest, Project, ProjectEvent
from projects.models.pipeline import Agreement, CounterpartFunds, Disbursement, Pledge
from projects.services import pipeline
from tests.support.bank_fixtures import make_draft

pytestmark = pytest.mark.django_db

DAY = datetime.date(2025, 3, 1)
USD = {"currency": "USD", "rate_to_vnd": Decimal("25400.5"), "rate_date": DAY, "rate_source": "Vietcombank"}


@pytest.fixture
def published(db):
    return make_draft("ubnd-huyen-chau-thanh", "Dự án công bố Châu Thành", status=Project.Status.PUBLISHED)


@pytest.fixture
def ngos(db):
    return list(NGO.objects.order_by("pk")[:2])


def rows():
    """Everything the pipeline writes, to show that a refusal wrote nothing."""
    return (Pledge.objects.count(), Agreement.objects.count(), Disbursement.objects.count(), CounterpartFunds.objects.count(),
            ProjectEvent.objects.exclude(action="create").count(), list(Project.objects.order_by("pk").values_list("status", "ngo", "decision_number")))


def agreed(project, users, ngo, **money):
    return pipeline.agreement_record(project=project, by=users["coordinator"], ngo=ngo, amount=Decimal(100_000), signed_on=DAY, **(USD | money))


def approved(project, users, ngo, **money):
    agreement = agreed(project, users, ngo, **money)
    return pipeline.agreement_approve(agreement=agreement, by=users["coordinator"], decision_number="45/QĐ-UBND",
                                      decision_date=DAY + datetime.timedelta(days=20), approval_reference="Văn bản 120/UBND-NC ngày 21/3/2025")


def test_the_status_follows_the_pipeline_with_its_timeline_and_mails(users, published, ngos, django_capture_on_commit_callbacks):
    coordinator = users["coordinator"]
    with django_capture_on_commit_callbacks(execute=True):
        pipeline.pledge_record(project=published, by=coordinator, ngo=ngos[0], amount=Decimal(120_000), pledged_on=DAY, **USD)
    published.refresh_from_db()
    assert published.status == "published"  # a pledge is no commitment
    assert mail.outbox[-1].to == ["officer@example.invalid"]

    agreement = agreed(published, users, ngos[0])
    published.refresh_from_db()
    assert (published.status, published.ngo) == ("committed", ngos[0])
    agreed(published, users, ngos[1])  # a second NGO: the project keeps its first NGO
    published.refresh_from_db()
    assert (published.status, published.ngo) == ("committed", ngos[0])

    pipeline.agreement_approve(agreement=agreement, by=coordinator, decision_number=" 45/QĐ-UBND ", decision_date=datetime.date(2025, 3, 20),
                               approval_reference="Văn bản 120/UBND-NC")
    published.refresh_from_db()
    assert (published.status, published.decision_number, published.decision_date) == ("approved", "45/QĐ-UBND", datetime.date(2025, 3, 20))

    pipeline.disbursement_record(agreement=agreement, by=coordinator, year=2025, amount=Decimal(40_000), **USD)
    pipeline.disbursement_record(agreement=agreement, by=coordinator, year=2026, amount=Decimal(30_000), currency="EUR",
                                 rate_to_vnd=Decimal("28100"), rate_date=datetime.date(2026, 2, 1))
    published.refresh_from_db()
    assert published.status == "implementing"
    events = list(published.events.timeline().values_list("action", "from_status", "to_status", "ngo"))
    assert events == [
        ("pledge", "published", "published", ngos[0].pk),
        ("agreement", "published", "committed", ngos[0].pk),
        ("agreement", "committed", "committed", ngos[1].pk),
        ("agreement_approval", "committed", "approved", ngos[0].pk),
        ("disbursement", "approved", "implementing", ngos[0].pk),
        ("disbursement", "implementing", "implementing", ngos[0].pk),
    ]
    assert published.events.get(action="agreement_approval").decision_number == "45/QĐ-UBND"
    history = published.history.order_by("history_date").values_list("status", "history_change_reason")
    assert [status for status, _reason in history][-3:] == ["committed", "approved", "implementing"]
    assert Agreement.objects.get(pk=agreement.pk).history.first().history_user == coordinator


def test_each_step_mails_the_host_agencys_officers(users, published, ngos, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        agreed(published, users, ngos[0])
    assert [m.to for m in mail.outbox] == [["officer@example.invalid"]]
    assert published.name in mail.outbox[0].body and f"/bank/{published.pk}/" in mail.outbox[0].body


def test_refusals_change_nothing(users, published, ngos, farmers_draft):
    before = rows()
    for role in ("officer", "farmers", "reviewer", "viewer", "nobody"):
        with pytest.raises(PermissionDenied):
            pipeline.pledge_record(project=published, by=users[role], ngo=ngos[0], amount=Decimal(1), pledged_on=DAY, **USD)
        with pytest.raises(PermissionDenied):
            pipeline.agreement_record(project=published, by=users[role], ngo=ngos[0], amount=Decimal(1), signed_on=DAY, **USD)
    with pytest.raises(PermissionDenied):  # a draft is offered to no NGO
        pipeline.agreement_record(project=farmers_draft, by=users["coordinator"], ngo=ngos[0], amount=Decimal(1), signed_on=DAY, **USD)
    with pytest.raises(ValidationError):
        pipeline.pledge_record(project=published, by=users["coordinator"], ngo=ngos[0], amount=Decimal(0), pledged_on=DAY, **USD)
    with pytest.raises(ValidationError):
        pipeline.pledge_record(project=published, by=users["coordinator"], ngo=ngos[0], amount=Decimal(5), pledged_on=DAY, **(USD | {"currency": "US"}))
    with pytest.raises(ValidationError):
        pipeline.pledge_record(project=published, by=users["coordinator"], ngo=ngos[0], amount=Decimal(5), pledged_on=DAY, **(USD | {"rate_to_vnd": None}))
    assert rows() == before

    agreement = agreed(published, users, ngos[0])
    before = rows()
    with pytest.raises(ValidationError):  # no money before the approval (Decree 313/2025/NĐ-CP)
        pipeline.disbursement_record(agreement=agreement, by=users["coordinator"], year=2025, amount=Decimal(1), **USD)
    with pytest.raises(ValidationError):
        pipeline.agreement_approve(agreement=agreement, by=users["coordinator"], decision_number="1/QĐ", decision_date=DAY - datetime.timedelta(days=1), approval_reference="x")
    with pytest.raises(ValidationError):
        pipeline.agreement_approve(agreement=agreement, by=users["coordinator"], decision_number="1/QĐ", decision_date=DAY, approval_reference=" ")
    with pytest.raises(PermissionDenied):
        pipeline.agreement_approve(agreement=agreement, by=users["officer"], decision_number="1/QĐ", decision_date=DAY, approval_reference="x")
    with pytest.raises(ValidationError):  # a pledge of another NGO
        other = pipeline.pledge_record(project=published, by=users["coordinator"], ngo=ngos[1], amount=Decimal(5), pledged_on=DAY, **USD)
        pipeline.agreement_record(project=published, by=users["coordinator"], ngo=ngos[0], pledge=other, amount=Decimal(1), signed_on=DAY, **USD)
    assert Agreement.objects.count() == 1

    approved_one = pipeline.agreement_approve(agreement=agreement, by=users["coordinator"], decision_number="1/QĐ", decision_date=DAY, approval_reference="x")
    before = rows()
    with pytest.raises(ValidationError):  # before the year of signing
        pipeline.disbursement_record(agreement=approved_one, by=users["coordinator"], year=2024, amount=Decimal(1), **USD)
    with pytest.raises(ValidationError):
        pipeline.agreement_approve(agreement=approved_one, by=users["coordinator"], decision_number="2/QĐ", decision_date=DAY, approval_reference="y")
    assert rows() == before


def test_a_vnd_amount_is_its_own_rate(users, published, ngos):
    pledge = pipeline.pledge_record(project=published, by=users["coordinator"], ngo=ngos[0], amount=Decimal("1500000000"), currency="vnd",
                                    rate_to_vnd=None, rate_date=None, pledged_on=DAY)
    assert (pledge.currency, pledge.rate_to_vnd, pledge.rate_date, pledge.million_vnd()) == ("VND", 1, DAY, Decimal("1500.000"))


def test_a_pledge_from_an_expression_of_interest_marks_it(users, published, ngos):
    interest = Interest.objects.create(project=published, organisation_name="MGF", country="DE", contact_name="Jana", email="j@example.org",
                                       language="en", sender_key="t")
    with pytest.raises(ValidationError):  # not linked to the registry yet: whose pledge would it be?
        pipeline.pledge_from_interest(interest=interest, by=users["coordinator"], amount=Decimal(5000), pledged_on=DAY, **USD)
    Interest.objects.filter(pk=interest.pk).update(ngo=ngos[0], state_note="Đã gặp")
    with pytest.raises(PermissionDenied):
        pipeline.pledge_from_interest(interest=interest, by=users["officer"], amount=Decimal(5000), pledged_on=DAY, **USD)
    pledge = pipeline.pledge_from_interest(interest=interest, by=users["coordinator"], amount=Decimal(5000), pledged_on=DAY, **USD)
    interest.refresh_from_db()
    assert (pledge.ngo, pledge.project, pledge.interest) == (ngos[0], published, interest)
    assert (interest.state, interest.state_note) == ("pledged", "Đã gặp")
    with pytest.raises(ValidationError):
        pipeline.pledge_from_interest(interest=interest, by=users["coordinator"], amount=Decimal(5000), pledged_on=DAY, **USD)
    assert Pledge.objects.count() == 1


def test_counterpart_funds_by_the_coordinator_and_the_finance_department(users, published, make_user):
    pipeline.counterpart_record(project=published, by=users["reviewer"], year=2026, planned=Decimal("350.5"))
    row = pipeline.counterpart_record(project=published, by=users["coordinator"], year=2026, spent=Decimal(300), notes="Quyết toán")
    assert (row.planned, row.spent, CounterpartFunds.objects.count()) == (Decimal("350.5"), Decimal(300), 1)
    event = published.events.filter(action="counterpart").order_by("pk").first()
    assert event.organisation.code == "so-tai-chinh-soc-trang"
    before = rows()
    police = make_user("police-reviewer", role=Membership.Role.REVIEWER, organisation="cong-an-soc-trang")
    assert not Organisation.objects.get(code="cong-an-soc-trang").name.startswith("Sở Tài chính")
    for user in (police, users["officer"], users["viewer"]):
        with pytest.raises(PermissionDenied):
            pipeline.counterpart_record(project=published, by=user, year=2026, planned=Decimal(1))
    with pytest.raises(ValidationError):
        pipeline.counterpart_record(project=published, by=users["coordinator"], year=2026)
    with pytest.raises(ValidationError):
        pipeline.counterpart_record(project=published, by=users["coordinator"], year=1970, planned=Decimal(1))
    assert rows() == before


def test_totals_are_the_sums_of_each_entrys_own_rounded_conversion(users, published, ngos):
    """Three disbursements whose exact VND sum would round differently from the sum of their rounded figures."""
    agreement = approved(published, users, ngos[0], currency="EUR", rate_to_vnd=Decimal("1.0007"))
    for _ in range(3):
        pipeline.disbursement_record(agreement=agreement, by=users["coordinator"], year=2025, amount=Decimal("500.00"),
                                     currency="EUR", rate_to_vnd=Decimal("1.0007"), rate_date=DAY)
    from projects.views.pipeline import pipeline_section
    from projects.access import access_for

    section = pipeline_section(access_for(users["viewer"]), published)
    each = [d.million_vnd() for d in section["disbursements"]]
    assert each == [Decimal("0.001")] * 3  # 500.35 VND each, to the thousand: one thousand
    assert section["totals"].disbursed == sum(each) == Decimal("0.003")
    assert (Decimal("1500") * Decimal("1.0007") / 1_000_000).quantize(Decimal("0.001")) == Decimal("0.002")  # the rounding avoided
    assert section["forms"] == {}  # the leadership reads; it records nothing
