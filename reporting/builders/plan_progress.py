"""The plan's tasks and their yearly progress as the dashboard and the year-end summary print them: each task's
state year by year, and what the lead units reported for a year once the coordinator accepted it (a draft or a text
awaiting review is the unit's, not the province's, until then)."""
import datetime

from django.urls import reverse
from django.utils.http import urlencode
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from projects.models import TaskProgress
from projects.plan_progress import PlanLeads, PlanProgress, recordable_years
from reporting.builders.summary.sections import marked_note, number_column
from reporting.tables import COUNT, LABEL, RECORDS, TEXT, Column, Row, Section, Table
from socaid.bilingual import printed_text

ACCEPTED = TaskProgress.State.ACCEPTED


def states_table(programme, plan, years, language, links):
    """A task per row: its lead unit today, its timing, the state of each year, and how many years were accepted
    (linked, in ``links``, to the plan's page of that task's accepted years)."""
    plan_page = reverse("projects:plan_progress")
    rows = []
    for task in plan.tasks:
        states = [plan.of(task, year) for year in years]
        query = {"programme": programme.pk, "state": ACCEPTED, "task": task.position}
        links[("tasks", task.position, "accepted")] = f"{plan_page}?{urlencode(query)}"
        rows.append(Row([
            str(task.position), printed_text(task, "content", language), plan.leads.answering_unit(task).printed_name(language, marked=True),
            printed_text(task, "timing", language), *(capfirst(p.get_state_display()) if p else "—" for p in states),
            sum(1 for p in states if p and p.state == ACCEPTED),
        ], key=task.position))
    return Table("tasks", [
        number_column(), Column("content", str(_("Task")), TEXT, 44), Column("lead", str(_("Lead unit today")), TEXT, 20),
        Column("timing", str(_("Timing")), TEXT, 14), *(Column(f"y{year}", str(year), LABEL, 11) for year in years),
        Column("accepted", str(_("Years accepted")), COUNT, 10),
    ], rows, empty=str(_("The programme has no implementation plan recorded.")))


def accepted_table(plan, year, language):
    """What the lead units reported for ``year``, as accepted; what a unit wrote has no English twin, so the English
    edition marks it [VI]."""
    columns = [
        number_column(), Column("unit", str(_("Reporting unit")), TEXT, 20), Column("done", str(_("What was done")), TEXT, 50),
        Column("difficulties", str(_("Difficulties and proposals")), TEXT, 30),
    ]
    rows = [
        Row([str(p.task.position), p.organisation.printed_name(language, marked=True), printed_text(p, "done", language),
             printed_text(p, "difficulties", language)], key=p.task.position)
        for p in plan.accepted(year)
    ]
    return Table("task_progress", columns, rows, title=str(_("Progress accepted for %(year)s") % {"year": year}),
                 empty=str(_("No progress accepted for %(year)s yet.") % {"year": year}))


def dashboard_section(programme, language, today, links):
    """The dashboard's panel: the states of every year begun, and the progress accepted for the latest of them."""
    years = recordable_years(programme, today)
    plan = PlanProgress.read(programme, leads=PlanLeads(today))
    tables = [states_table(programme, plan, years, language, links)]
    if years and plan.tasks:
        tables.append(accepted_table(plan, years[-1], language))
    return Section("tasks", _("THE PLAN'S TASKS AND THEIR YEARLY PROGRESS"), pgettext("dashboard sheet", "Plan's tasks"), tables, leads=[
        str(_("Each year the unit that leads a task (or carries it on after a reform) records what it did; the coordinator accepts it or returns it.")),
    ])


def year_section(programme, year, language):
    """The year-end summary's section: every task of the plan in its order, each with what its lead unit did in the
    year as accepted, or that nothing accepted is there."""
    plan = PlanProgress.read(programme, leads=PlanLeads(datetime.date(year, 12, 31)), years=[year])
    columns = [
        Column("task", str(_("Task")), TEXT, 40), Column("unit", str(_("Reporting unit")), TEXT, 20),
        Column("done", str(_("What was done")), TEXT, 50), Column("difficulties", str(_("Difficulties and proposals")), TEXT, 30),
    ]
    rows, missing = [], 0
    for task in plan.tasks:
        progress = plan.of(task, year)
        if progress is not None and progress.state == ACCEPTED:
            texts = [progress.organisation.printed_name(language, marked=True), printed_text(progress, "done", language), printed_text(progress, "difficulties", language)]
        else:
            missing += 1
            texts = [plan.leads.answering_unit(task).printed_name(language, marked=True), str(_("No progress accepted for the year.")), "—"]
        rows.append(Row([printed_text(task, "content", language), *texts], key=task.position))
    table = Table("plan_tasks", columns, rows, empty=str(_("The programme has no implementation plan recorded.")), layout=RECORDS)
    notes = [str(_("%(missing)s of the plan's %(count)s tasks have no accepted progress for the year.") % {"missing": missing, "count": len(plan.tasks)})] if missing else []
    notes += marked_note(table, language)
    return Section("plan_tasks", _("THE PLAN'S TASKS IN THE YEAR"), pgettext("summary sheet", "Plan's tasks"), [table], notes=notes)
