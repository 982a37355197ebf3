"""A later programme takes over the projects the earlier one did not get funded."""
import pytest
from django.core.exceptions import ValidationError

from projects.models import Project
from projects.services import programme_take_over_unfunded

pytestmark = pytest.mark.django_db


def test_unfunded_projects_move_with_their_budget_lines(programme, next_programme, make_user):
    Project.objects.filter(code="03-2020-i-01").update(status=Project.Status.COMPLETED)
    Project.objects.filter(code="03-2020-v-02").update(status=Project.Status.WITHDRAWN)
    coordinator = make_user("coord", role="coordinator", organisation="so-tai-chinh-can-tho")

    copies = programme_take_over_unfunded(programme=next_programme, by=coordinator)

    assert len(copies) == 23
    child = Project.objects.get(programme=next_programme, carried_over_from__code="03-2020-ii-06")
    assert [line.total for line in child.lines.order_by("position")] == [475, 120, 240, 300]
    assert child.status == Project.Status.ACCEPTED and child.sector.programme == next_programme
    assert {record.history_user for record in child.history.all()} == {coordinator}
    assert not Project.objects.filter(programme=next_programme, carried_over_from__code="03-2020-i-01").exists()
    assert programme_take_over_unfunded(programme=next_programme, by=coordinator) == []


def test_take_over_needs_a_sector_for_every_field(programme, next_programme, users):
    next_programme.sectors.filter(numeral="VI").delete()
    with pytest.raises(ValidationError):
        programme_take_over_unfunded(programme=next_programme, by=users["coordinator"])
    assert not Project.objects.filter(programme=next_programme).exists()


def test_programme_without_predecessor_cannot_take_over(programme, users):
    with pytest.raises(ValidationError):
        programme_take_over_unfunded(programme=programme, by=users["coordinator"])


def test_only_coordinators_take_over_and_drafts_stay_behind(programme, next_programme, users, own_draft):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        programme_take_over_unfunded(programme=next_programme, by=users["officer"])
    copies = programme_take_over_unfunded(programme=next_programme, by=users["coordinator"])
    assert own_draft.pk not in {c.carried_over_from_id for c in copies}
    lake = next(c for c in copies if c.carried_over_from.code == "03-2020-v-01")
    assert "ho dieu hoa" in lake.search_text and lake.events.get().action == "create"
