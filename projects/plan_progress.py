"""Who answers for each task of the implementation plan today, and the plan's grid of tasks by year with their
progress: the reads behind the plan's page, the progress form and the dashboard's panel.

A task names the lead unit of the year the plan was issued; a reform may have merged that unit away. The unit that
carries it on today (partners.successions) records its progress, and so does a member of the old unit whose own
unit was carried on into it: people keep the membership they had."""
from dataclasses import dataclass
from functools import cached_property

from django.utils import timezone

from partners.roles import Role
from partners.successions import organisation_successions
from projects.models import PlanTask, TaskProgress

# Roles whose members record their unit's progress; the leadership's office (viewers) only reads.
RECORDING_ROLES = (Role.OFFICER, Role.REVIEWER, Role.COORDINATOR)


class PlanLeads:
    """The units that answer for each lead unit on ``today``, from one reading of the successions."""

    def __init__(self, today=None):
        self.today = today or timezone.localdate()
        self._carriers = {}

    @cached_property
    def successions(self):
        return organisation_successions()

    def carriers(self, organisation):
        """The pks of ``organisation`` and of the units that carry it on today."""
        if organisation.pk not in self._carriers:
            self._carriers[organisation.pk] = {organisation.pk} | {o.pk for o in self.successions.successors_on(organisation, self.today)}
        return self._carriers[organisation.pk]

    def answering_unit(self, task):
        """The unit that answers for the task today: its lead unit, or the one successor that carries it on."""
        return self.successions.successor_on(task.lead, self.today)

    def is_member_of_lead(self, memberships, task):
        """Whether a membership's unit answers for the task: the unit is the lead or carries it on, or the unit was
        carried whole into one that does (a merger). A member of a unit split between several answers for none of
        the pieces: which one they now work in is not known."""
        lead = self.carriers(task.lead)
        return any(m.role in RECORDING_ROLES and (m.organisation_id in lead or self.unit_today(m.organisation).pk in lead) for m in memberships)

    def unit_today(self, organisation):
        """The one unit ``organisation`` went into whole, by today; itself where it is valid, was split, or left
        no successor."""
        successors = self.successions.successors_on(organisation, self.today)
        whole = all(s.extent == s.Extent.WHOLE for s in self.successions.following[organisation.pk])
        return successors[0] if len(successors) == 1 and whole else organisation


def recordable_years(programme, today=None):
    """The programme's years that have begun: a year's progress is written during or after it."""
    this_year = (today or timezone.localdate()).year
    return list(range(programme.start_year, min(programme.end_year, this_year) + 1))


@dataclass
class PlanProgress:
    """A programme's tasks and their progress, read once (two queries, and the successions when a lead is asked)."""

    tasks: list
    progress: dict  # (task pk, year) -> TaskProgress
    leads: PlanLeads

    @classmethod
    def read(cls, programme, *, leads=None, years=None):
        records = TaskProgress.objects.for_plan(programme)
        if years is not None:
            records = records.filter(year__in=years)
        return cls(
            tasks=list(PlanTask.objects.filter(programme=programme).select_related("lead").order_by("position")),
            progress={(p.task_id, p.year): p for p in records},
            leads=leads or PlanLeads(),
        )

    def of(self, task, year):
        return self.progress.get((task.pk, year))

    def accepted(self, year):
        """The year's progress the coordinator accepted, in the order of the tasks."""
        found = (self.of(task, year) for task in self.tasks)
        return [p for p in found if p is not None and p.state == TaskProgress.State.ACCEPTED]


@dataclass
class PlanRow:
    task: PlanTask
    answering: object  # the unit that answers for it today
    cells: list  # per year of the grid: (year, its TaskProgress or None)
    mine: bool  # the user's unit answers for it


def plan_grid(programme, *, rules, leads=None, years=None, state=None, position=None, mine_only=False):
    """The programme's tasks the user may see, each with its progress by year; ``state`` keeps the tasks with a
    year in that state (``"missing"``: a year with nothing recorded), ``position`` the task of that number."""
    leads = leads or PlanLeads()
    years = years if years is not None else recordable_years(programme, leads.today)
    plan = PlanProgress.read(programme, leads=leads, years=years)
    rows = []
    for task in plan.tasks:
        if position and task.position != position:
            continue
        mine = leads.is_member_of_lead(rules.memberships, task)
        if not (rules.reads_whole_plan or mine) or (mine_only and not mine):
            continue
        cells = [(year, plan.of(task, year)) for year in years]
        if state == "missing" and all(cell for _year, cell in cells):
            continue
        if state and state != "missing" and not any(cell and cell.state == state for _year, cell in cells):
            continue
        rows.append(PlanRow(task, leads.answering_unit(task), cells, mine))
    return years, rows
