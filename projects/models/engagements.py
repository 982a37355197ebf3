"""Engagements: the workshops, meetings, field visits and letters through which the province works with NGOs on its
projects (task 2 of the plan), and the follow-up actions each leaves behind."""
import datetime

from django.conf import settings
from django.db import models
from django.db.models import Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from partners.models import NGO, Organisation
from projects.models.proposals import Project

# A follow-up still open whose due date falls within this many days is shown as due, before it is overdue.
DUE_WITHIN_DAYS = 14


class EngagementQuerySet(models.QuerySet):
    def for_list(self):
        """With the organiser, the NGOs, the projects and the follow-ups, in a fixed number of queries."""
        return (
            self.select_related("organiser")
            .prefetch_related(
                Prefetch("ngos", queryset=NGO.objects.order_by("name_original")),
                Prefetch("projects", queryset=Project.objects.select_related("sector").order_by("sector__position", "position")),
                Prefetch("follow_ups", queryset=FollowUp.objects.select_related("responsible_organisation").order_by("due_date", "pk")),
            )
            .order_by("-date", "-pk")
        )


class Engagement(models.Model):
    """One contact with NGOs about the province's projects: who organised it, when and where, who came, what was
    presented, what was handed out, and what was agreed to do next (FollowUp)."""

    class Kind(models.TextChoices):
        WORKSHOP = "workshop", _("workshop")
        MEETING = "meeting", _("meeting")
        FIELD_VISIT = "field_visit", _("field visit")
        CORRESPONDENCE = "correspondence", _("correspondence")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    date = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=300, blank=True)
    organiser = models.ForeignKey(Organisation, verbose_name=_("organiser"), on_delete=models.PROTECT, related_name="engagements")
    title = models.CharField(_("title"), max_length=300)
    summary = models.TextField(_("summary"), blank=True, help_text=_("What was presented, said and agreed."))
    ngos = models.ManyToManyField(NGO, verbose_name=_("NGOs attending or concerned"), blank=True, related_name="engagements")
    projects = models.ManyToManyField(Project, verbose_name=_("projects presented or concerned"), blank=True, related_name="engagements")
    # References to the documents handed out or exchanged (number, title, where the file is kept), one a line: the
    # files themselves stay in the department's document system.
    materials = models.TextField(_("materials"), blank=True, help_text=_("One document a line: its number or title, and where it is kept."))
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("updated by"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    objects = EngagementQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[ngos, projects])

    class Meta:
        verbose_name = _("engagement")
        verbose_name_plural = _("engagements")
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["kind", "date"], name="engagement_kind_date")]
        constraints = [models.CheckConstraint(condition=~Q(title=""), name="engagement_titled")]

    def __str__(self):
        return f"{self.title} ({self.date:%d/%m/%Y})"

    @property
    def material_list(self):
        return [line.strip() for line in self.materials.splitlines() if line.strip()]


class FollowUpQuerySet(models.QuerySet):
    def open(self):
        return self.filter(done_on__isnull=True)

    def due_by(self, day):
        """Open follow-ups due on or before ``day``: overdue ones included."""
        return self.open().filter(due_date__lte=day)


class FollowUp(models.Model):
    """Something to do after an engagement, by an organisation or a named person, by a date; done on a date."""

    engagement = models.ForeignKey(Engagement, verbose_name=_("engagement"), on_delete=models.CASCADE, related_name="follow_ups")
    action = models.TextField(_("action to take"))
    responsible_organisation = models.ForeignKey(
        Organisation, verbose_name=_("responsible organisation"), null=True, blank=True, on_delete=models.PROTECT, related_name="follow_ups"
    )
    responsible_person = models.CharField(_("responsible person"), max_length=200, blank=True)
    due_date = models.DateField(_("due date"))
    done_on = models.DateField(_("done on"), null=True, blank=True)

    objects = FollowUpQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("follow-up action")
        verbose_name_plural = _("follow-up actions")
        ordering = ["due_date", "pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(action=""), name="followup_action_given"),
            models.CheckConstraint(
                condition=Q(responsible_organisation__isnull=False) | ~Q(responsible_person=""),
                name="followup_someone_responsible",
                violation_error_message=_("Name the organisation or the person responsible."),
            ),
        ]

    def __str__(self):
        return self.action[:80]

    def state(self, today=None):
        """"done", "overdue", "due" (within DUE_WITHIN_DAYS) or "open": how the pages mark it."""
        if self.done_on:
            return "done"
        today = today or timezone.localdate()
        if self.due_date < today:
            return "overdue"
        if self.due_date <= today + datetime.timedelta(days=DUE_WITHIN_DAYS):
            return "due"
        return "open"

    @property
    def responsible(self):
        names = [str(self.responsible_organisation) if self.responsible_organisation else "", self.responsible_person]
        return ", ".join(name for name in names if name)
