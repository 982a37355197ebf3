from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from partners.models import NGO, Organisation
from projects.models.proposals import Project


class ProjectEventQuerySet(models.QuerySet):
    def timeline(self):
        return self.select_related("actor", "organisation", "ngo").order_by("at", "pk")


class ProjectEvent(models.Model):
    """One step of a project's workflow or a reviewer's opinion, as the timeline shows it."""

    class Action(models.TextChoices):
        CREATE = "create", _("created")
        SUBMIT = "submit", _("submitted")
        RETURN = "return", _("returned for revision")
        ACCEPT = "accept", _("accepted into the bank")
        PUBLISH = "publish", _("published to NGOs")
        NEGOTIATE = "negotiate", _("negotiation recorded")
        COMMIT = "commit", _("commitment recorded")
        APPROVE = "approve", _("approval recorded")
        IMPLEMENT = "implement", _("implementation started")
        COMPLETE = "complete", _("completed")
        WITHDRAW = "withdraw", _("withdrawn")
        OPINION = "opinion", _("appraisal opinion")
        RESTORE = "restore", _("earlier version restored")
        # The aid pipeline (projects/models/pipeline.py), step by step.
        PLEDGE = "pledge", _("pledge recorded")
        AGREEMENT = "agreement", _("aid agreement recorded")
        AGREEMENT_APPROVAL = "agreement_approval", _("aid agreement approved")
        DISBURSEMENT = "disbursement", _("disbursement recorded")
        COUNTERPART = "counterpart", _("counterpart funds recorded")

    class Topic(models.TextChoices):
        COUNTERPART = "counterpart", _("counterpart funds")
        SECURITY = "security", _("security and order")
        OTHER = "other", _("other")

    class Verdict(models.TextChoices):
        AGREE = "agree", _("agree")
        CONDITIONS = "conditions", _("agree with conditions")
        DISAGREE = "disagree", _("disagree")

    project = models.ForeignKey(Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    from_status = models.CharField(_("from status"), max_length=20, choices=Project.Status.choices, blank=True)
    to_status = models.CharField(_("to status"), max_length=20, choices=Project.Status.choices, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, on_delete=models.SET_NULL, related_name="project_events"
    )
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("on behalf of"), null=True, blank=True, on_delete=models.PROTECT, related_name="project_events"
    )
    at = models.DateTimeField(_("at"), default=timezone.now)
    comment = models.TextField(_("comment"), blank=True)
    ngo = models.ForeignKey(NGO, verbose_name=_("NGO"), null=True, blank=True, on_delete=models.PROTECT, related_name="project_events")
    decision_number = models.CharField(_("decision number"), max_length=80, blank=True)
    decision_date = models.DateField(_("decision date"), null=True, blank=True)
    topic = models.CharField(_("topic"), max_length=20, choices=Topic.choices, blank=True)
    verdict = models.CharField(_("opinion"), max_length=20, choices=Verdict.choices, blank=True)

    objects = ProjectEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("project event")
        verbose_name_plural = _("project events")
        ordering = ["project", "at"]
        indexes = [models.Index(fields=["project", "at"], name="projectevent_project_at")]

    def __str__(self):
        return f"{self.project_id} {self.get_action_display()} {self.at:%Y-%m-%d %H:%M}"
