"""The yearly progress of the implementation plan's tasks: what the lead unit did on its task in a year, recorded by
that unit (or by whichever unit carries it on after a reform) and reviewed by the coordinator, as the plan asks
each lead unit to report once a year."""
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from partners.models import Organisation
from projects.models.plan import PlanTask
from projects.models.proposals import PLAUSIBLE_YEARS


class TaskProgressQuerySet(models.QuerySet):
    def for_plan(self, programme):
        """The programme's records with their task, unit and people, in one query."""
        return self.filter(task__programme=programme).select_related("task__lead", "organisation", "recorded_by", "reviewed_by")


class TaskProgress(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", _("being written")
        SUBMITTED = "submitted", _("awaiting review")
        RETURNED = "returned", _("returned for changes")
        ACCEPTED = "accepted", _("accepted")

    # A reviewed year is the province's record: a task with progress is not deleted.
    task = models.ForeignKey(PlanTask, verbose_name=_("task"), on_delete=models.PROTECT, related_name="progress")
    year = models.PositiveSmallIntegerField(_("year"))
    # The unit that recorded it: the task's lead unit, or the one that carries it on after a reform.
    organisation = models.ForeignKey(Organisation, verbose_name=_("reporting unit"), on_delete=models.PROTECT, related_name="task_progress")
    done = models.TextField(_("what was done"), help_text=_("The activities carried out on the task in the year, with their results."))
    difficulties = models.TextField(_("difficulties and proposals"), blank=True)
    next_year = models.TextField(_("plan for the next year"), blank=True)
    state = models.CharField(_("state"), max_length=12, choices=State.choices, default=State.DRAFT)
    version = models.PositiveIntegerField(_("version"), default=1)
    recorded_at = models.DateTimeField(_("recorded at"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True, on_delete=models.SET_NULL, related_name="+")
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("reviewed by"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    review_note = models.TextField(_("coordinator's note"), blank=True)

    objects = TaskProgressQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("yearly progress of a plan task")
        verbose_name_plural = _("yearly progress of the plan's tasks")
        ordering = ["task", "year"]
        constraints = [
            models.UniqueConstraint(fields=["task", "year"], name="task_progress_once_a_year"),
            models.CheckConstraint(condition=Q(year__gte=PLAUSIBLE_YEARS[0], year__lte=PLAUSIBLE_YEARS[1]), name="task_progress_year_plausible"),
            models.CheckConstraint(condition=Q(state__in=["draft", "submitted", "returned", "accepted"]), name="task_progress_state_known"),
            models.CheckConstraint(condition=~Q(done=""), name="task_progress_done_written"),
            # A return says what to change; a review names its reviewer and time.
            models.CheckConstraint(condition=~Q(state="returned") | ~Q(review_note=""), name="task_progress_return_has_note"),
            models.CheckConstraint(
                condition=~Q(state__in=["returned", "accepted"]) | Q(reviewed_at__isnull=False), name="task_progress_review_dated",
            ),
        ]

    def __str__(self):
        return f"{self.task.position}. {self.year}"
