"""Rules the database keeps whatever writes to it, and the messages clean() gives."""
import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from partners.models import NGO, NGORegistration
from projects.models import BudgetLine, Project

pytestmark = pytest.mark.django_db


@pytest.fixture
def lake():
    return Project.objects.get(programme__number="03/CTr-UBND", sector__numeral="V", position=1)


def add_line(project, **amounts):
    with transaction.atomic():
        return BudgetLine.objects.create(project=project, position=9, **amounts)


@pytest.mark.parametrize("field", ["total", "aid_sought", "counterpart"])
def test_negative_amounts_are_refused(lake, field):
    amounts = {"total": Decimal("10"), "aid_sought": Decimal("10"), "counterpart": Decimal("0")}
    amounts[field] = Decimal("-1")
    with pytest.raises(IntegrityError):
        add_line(lake, **amounts)
    assert lake.lines.count() == 1


def test_total_must_be_aid_plus_counterpart_when_all_are_known(lake):
    with pytest.raises(IntegrityError):
        add_line(lake, total=Decimal("10"), aid_sought=Decimal("6"), counterpart=Decimal("3"))
    line = add_line(lake, total=Decimal("10"), aid_sought=Decimal("6"), counterpart=None)
    assert line.counterpart is None


def test_clean_shows_the_difference(lake):
    line = BudgetLine(project=lake, position=9, total=Decimal("10"), aid_sought=Decimal("6"), counterpart=Decimal("3"))
    with pytest.raises(ValidationError) as raised:
        line.full_clean()
    assert "1" in str(raised.value)


def test_end_year_cannot_precede_start_year(lake):
    lake.start_year, lake.end_year = 2024, 2023
    with pytest.raises(IntegrityError), transaction.atomic():
        lake.save()


def test_two_projects_cannot_share_a_number_in_a_sector(lake):
    duplicate = Project(
        code="dup", programme=lake.programme, sector=lake.sector, position=lake.position, host_agency=lake.host_agency, name="x"
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()


def test_sector_of_another_programme_is_refused(lake, make_programme):
    from projects.models import Sector

    other = make_programme()
    foreign_sector = Sector.objects.create(programme=other, position=1, numeral="I", name="Nông nghiệp")
    lake.sector = foreign_sector
    with pytest.raises(ValidationError) as raised:
        lake.full_clean()
    assert "sector" in raised.value.message_dict


def test_certificate_cannot_expire_before_issue():
    ngo = NGO.objects.create(code="t", name_original="Test NGO")
    with pytest.raises(IntegrityError), transaction.atomic():
        NGORegistration.objects.create(
            ngo=ngo, kind="operation", number="1", issued_on=datetime.date(2025, 1, 1), expires_on=datetime.date(2024, 1, 1)
        )


def test_operation_certificate_runs_at_most_three_years():
    ngo = NGO.objects.create(code="t", name_original="Test NGO")
    reg = NGORegistration(ngo=ngo, kind="operation", number="1", issued_on=datetime.date(2024, 2, 29), expires_on=datetime.date(2027, 3, 1))
    with pytest.raises(ValidationError) as raised:
        reg.full_clean()
    assert "expires_on" in raised.value.message_dict
    reg.expires_on = datetime.date(2027, 2, 28)
    reg.full_clean()
    office = NGORegistration(
        ngo=ngo, kind="representative_office", number="2", issued_on=datetime.date(2024, 1, 1), expires_on=datetime.date(2028, 12, 31)
    )
    office.full_clean()


def test_exact_thousandths_pass_on_every_database(lake):
    # SQLite adds these as floats (28740.904 + 5659 = 34399.903999...); the check compares thousandths.
    line = add_line(lake, total=Decimal("34399.904"), aid_sought=Decimal("28740.904"), counterpart=Decimal("5659"))
    assert line.pk
    with pytest.raises(IntegrityError):
        with transaction.atomic():
            BudgetLine.objects.create(project=lake, position=10, total=Decimal("1.001"), aid_sought=Decimal("1"), counterpart=Decimal("0"))


def test_sums_of_thousandths_stay_exact(lake):
    from projects.models import Project

    for position in (9, 10, 11):
        with transaction.atomic():
            BudgetLine.objects.create(project=lake, position=position, total=Decimal("0.1"), aid_sought=Decimal("0.1"), counterpart=Decimal("0"))
    total = Project.objects.with_totals().get(pk=lake.pk).total
    assert total == Decimal("20059.3")
