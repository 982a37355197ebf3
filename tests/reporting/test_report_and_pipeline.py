"""The annual report and the aid pipeline: a started report's lines prefilled from the pipeline, and an accepted
report's disbursements of the year that the pipeline lacks recorded in it."""
import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from partners.models import NGO, Organisation
from projects.models import Project
from projects.models.pipeline import Disbursement
from projects.services import pipeline
from reporting import services
from reporting.models import AnnualReport, ReportLine
from tests.support.bank_fixtures import make_draft
from tests.support.rounds import open_round

pytestmark = pytest.mark.django_db

AGENCY = "ubnd-huyen-chau-thanh"
SIGNED = datetime.date(2024, 5, 2)


def money(currency, rate):
    return {"currency": currency, "rate_to_vnd": Decimal(rate), "rate_date": SIGNED, "rate_source": "Vietcombank"}


@pytest.fixture
def funded(users):
    """A project of the unit with an approved agreement in USD and disbursements in 2024 and 2025."""
    project = make_draft(AGENCY, "Dự án có viện trợ", status=Project.Status.PUBLISHED)
    coordinator = users["coordinator"]
    agreement = pipeline.agreement_record(project=project, by=coordinator, ngo=NGO.objects.order_by("pk").first(), amount=Decimal(100000),
                                          signed_on=SIGNED, **money("USD", 25000))
    pipeline.agreement_approve(agreement=agreement, by=coordinator, decision_number="9/QĐ", decision_date=SIGNED, approval_reference="VB 9")
    return project, agreement


def line_of(report, project):
    return ReportLine.objects.get(report=report, project=project)


def started(programme, users):
    round_ = open_round(programme, users["coordinator"], [Organisation.objects.get(code=AGENCY)], year=2025)
    return services.report_start(round_=round_, organisation=Organisation.objects.get(code=AGENCY), by=users["officer"])


def test_a_started_report_is_prefilled_from_the_pipeline(programme, users, funded):
    project, agreement = funded
    coordinator = users["coordinator"]
    pipeline.disbursement_record(agreement=agreement, by=coordinator, year=2024, amount=Decimal(40000), **money("USD", 24500))
    pipeline.disbursement_record(agreement=agreement, by=coordinator, year=2025, amount=Decimal(30000), **money("USD", 25400))
    pipeline.disbursement_record(agreement=agreement, by=coordinator, year=2026, amount=Decimal(5000), **money("USD", 26000))  # after the year
    pipeline.counterpart_record(project=project, by=coordinator, year=2025, planned=Decimal(20), spent=Decimal("12.5"))
    line = line_of(started(programme, users), project)
    assert (line.currency, line.rate_to_vnd, line.rate_source) == ("USD", 25000, "Vietcombank")
    assert (line.committed_year, line.committed_total, line.disbursed_year, line.disbursed_total) == (0, 100000, 30000, 70000)
    assert line.counterpart_spent == Decimal("12.5")


def test_several_currencies_are_prefilled_in_vnd_at_each_entrys_own_rate(programme, users, funded):
    project, agreement = funded
    pipeline.disbursement_record(agreement=agreement, by=users["coordinator"], year=2025, amount=Decimal("1000.33"), **money("EUR", "27123.4567"))
    line = line_of(started(programme, users), project)
    disbursement = Disbursement.objects.get()
    assert (line.currency, line.rate_to_vnd) == ("VND", None)
    assert line.disbursed_year == line.disbursed_total == disbursement.million_vnd() * 1_000_000 == Decimal(27_132_000)  # 27 132 407,44 VND, to the thousand
    assert line.committed_total == agreement.million_vnd() * 1_000_000 == Decimal(2_500_000_000)


def test_accepting_a_report_records_the_disbursement_the_pipeline_lacks(programme, users, funded, django_capture_on_commit_callbacks):
    project, agreement = funded
    other = make_draft(AGENCY, "Dự án đã có giải ngân", status=Project.Status.PUBLISHED)
    other_agreement = pipeline.agreement_record(project=other, by=users["coordinator"], ngo=NGO.objects.order_by("pk").first(),
                                                amount=Decimal(5000), signed_on=SIGNED, **money("USD", 25000))
    pipeline.agreement_approve(agreement=other_agreement, by=users["coordinator"], decision_number="10/QĐ", decision_date=SIGNED, approval_reference="VB")
    pipeline.disbursement_record(agreement=other_agreement, by=users["coordinator"], year=2025, amount=Decimal(1000), **money("USD", 25000))
    report = started(programme, users)
    ReportLine.objects.filter(report=report).update(disbursed_year=Decimal(2000), disbursed_total=Decimal(2000), currency="USD",
                                                    rate_to_vnd=Decimal(25300), rate_date=datetime.date(2025, 9, 1))
    AnnualReport.objects.filter(pk=report.pk).update(status=AnnualReport.Status.SUBMITTED, submitted_at=timezone.now(), first_submitted_at=timezone.now())
    with pytest.raises(PermissionDenied):
        services.report_accept(report=report, by=users["officer"])
    assert Disbursement.objects.count() == 1
    services.report_accept(report=report, by=users["coordinator"])
    fed = Disbursement.objects.get(agreement=agreement)
    assert (fed.year, fed.amount, fed.currency, fed.rate_to_vnd) == (2025, 2000, "USD", 25300)
    assert fed.notes == f"Theo báo cáo năm 2025 của {report.organisation.name}."
    assert Disbursement.objects.filter(agreement=other_agreement).count() == 1  # the pipeline knew its year already
    project.refresh_from_db()
    assert project.status == "implementing" and project.events.filter(action="disbursement").count() == 1
