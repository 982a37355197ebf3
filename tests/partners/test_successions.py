"""Who took over from whom, followed through more than one reform: the one function every report asks."""
import datetime

import pytest

from partners.models import AdministrativeUnit, Organisation, OrganisationSuccession, UnitSuccession
from partners.successions import organisation_successions, unit_successions
from projects.models import Project
from reporting import services
from reporting.models import AnnualReport
from reporting.services.contents import unit_projects

pytestmark = pytest.mark.django_db
DAY = datetime.date


def org(code, name, **dates):
    return Organisation.objects.create(code=code, name=name, kind="department", **dates)


def unit(code, name, **dates):
    return AdministrativeUnit.objects.create(code=code, name=name, level=3, kind="commune", **dates)


def merge(model, predecessor, successor, day):
    return model.objects.create(predecessor=predecessor, successor=successor, effective_on=day)


def test_a_merger_followed_through_two_reforms_to_the_unit_of_the_day():
    first = unit("test-a", "Xã A", valid_to=DAY(2019, 12, 31))
    second = unit("test-b", "Xã B", valid_from=DAY(2020, 1, 1), valid_to=DAY(2025, 6, 30))
    third = unit("test-c", "Xã C", valid_from=DAY(2025, 7, 1))
    merge(UnitSuccession, first, second, DAY(2020, 1, 1))
    merge(UnitSuccession, second, third, DAY(2025, 7, 1))
    successions = unit_successions()
    assert successions.successors_on(first, DAY(2018, 5, 1)) == [first]  # still there
    assert successions.successors_on(first, DAY(2022, 5, 1)) == [second]
    assert successions.successors_on(first, DAY(2026, 5, 1)) == [third]
    assert {u.pk for u in successions.predecessors_by(third.pk, DAY(2026, 1, 1))} == {first.pk, second.pk}
    # A succession not yet in force on the day does not count.
    assert successions.predecessors_by(third.pk, DAY(2025, 1, 1)) == []


def test_a_split_has_several_successors_and_no_single_place():
    old = unit("test-split", "Xã Cũ", valid_to=DAY(2025, 6, 30))
    north = unit("test-north", "Phường Bắc", valid_from=DAY(2025, 7, 1))
    south = unit("test-south", "Phường Nam", valid_from=DAY(2025, 7, 1))
    merge(UnitSuccession, old, north, DAY(2025, 7, 1))
    merge(UnitSuccession, old, south, DAY(2025, 7, 1))
    successions = unit_successions()
    assert {u.pk for u in successions.successors_on(old, DAY(2026, 1, 1))} == {north.pk, south.pk}
    assert successions.successor_on(old, DAY(2026, 1, 1)) == old
    orphan = unit("test-orphan", "Xã Không Kế Thừa", valid_to=DAY(2025, 6, 30))
    assert successions.successors_on(orphan, DAY(2026, 1, 1)) == []


def test_successions_are_read_in_one_query_however_deep(django_assert_num_queries):
    chain = [unit(f"test-chain-{i}", f"Xã {i}", valid_to=DAY(2000 + i, 12, 31)) for i in range(6)]
    last = unit("test-chain-end", "Xã Cuối", valid_from=DAY(2006, 1, 1))
    for before, after in zip(chain, [*chain[1:], last]):
        merge(UnitSuccession, before, after, DAY(2000, 1, 1))
    with django_assert_num_queries(1):
        assert unit_successions().successor_on(chain[0], DAY(2026, 1, 1)) == last


def test_the_unit_two_reforms_later_reports_and_answers_for_the_first_ones_projects(programme, users):
    """Hội Nông dân tỉnh Sóc Trăng → an interim body (ended too) → Hội Nông dân thành phố Cần Thơ."""
    farmers = Organisation.objects.get(code="hoi-nong-dan-soc-trang")
    interim = org("test-interim", "Ban lâm thời", valid_from=DAY(2025, 7, 1), valid_to=DAY(2025, 9, 30))
    city = org("test-hoi-nong-dan-can-tho", "Hội Nông dân thành phố Cần Thơ", valid_from=DAY(2025, 10, 1))
    farmers.valid_to = DAY(2025, 6, 30)
    farmers.save()
    merge(OrganisationSuccession, farmers, interim, DAY(2025, 7, 1))
    merge(OrganisationSuccession, interim, city, DAY(2025, 10, 1))
    assert organisation_successions().successors_on(farmers, DAY(2025, 12, 20)) == [city]

    round_ = services.round_open(programme=programme, year=2025, by=users["coordinator"])
    codes = set(round_.units.values_list("code", flat=True))
    assert "test-hoi-nong-dan-can-tho" in codes and not codes & {"hoi-nong-dan-soc-trang", "test-interim"}
    report = AnnualReport(round=round_, organisation=city)
    farmers_projects = set(
        Project.objects.filter(host_agency=farmers, programme=programme, status__in=["accepted", "published", "implementing"]).values_list("pk", flat=True)
    )
    assert farmers_projects and farmers_projects <= set(unit_projects(report).values_list("pk", flat=True))


def test_a_predecessor_that_reports_in_the_round_answers_for_what_it_took_over(programme, users):
    """A → B → C with B reporting too: A's projects are B's to report, not C's as well."""
    farmers = Organisation.objects.get(code="hoi-nong-dan-soc-trang")
    middle = org("test-middle", "Hội giữa", valid_from=DAY(2025, 7, 1))
    last = org("test-last", "Hội sau", valid_from=DAY(2025, 7, 1))
    merge(OrganisationSuccession, farmers, middle, DAY(2025, 7, 1))
    merge(OrganisationSuccession, middle, last, DAY(2025, 7, 1))
    round_ = services.round_open(programme=programme, year=2025, by=users["coordinator"], units=[middle, last])
    farmers_projects = set(Project.objects.filter(host_agency=farmers, programme=programme).values_list("pk", flat=True))
    assert farmers_projects & set(unit_projects(AnnualReport(round=round_, organisation=middle)).values_list("pk", flat=True))
    assert not farmers_projects & set(unit_projects(AnnualReport(round=round_, organisation=last)).values_list("pk", flat=True))
