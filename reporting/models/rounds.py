"""The yearly reporting round: every obliged unit reports to the coordinator before 20 December."""
import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from partners.models import Organisation
from projects.models import Programme
from socaid.province_time import PROVINCE_TZ  # the programme's deadline is the province's


def default_deadline(year):
    """20 December of ``year``, the last instant of 23:59 in Asia/Ho_Chi_Minh."""
    return datetime.datetime(year, 12, 20, 23, 59, 59, 999999, tzinfo=PROVINCE_TZ)


def default_reminders():
    return [14, 7, 1, 0]


def check_year_in_programme(programme, year):
    """A round reports on a year of its programme: the summaries, the plan and the targets know no other."""
    if not programme.start_year <= year <= programme.end_year:
        raise ValidationError(
            _("%(year)s is outside the programme %(programme)s (%(first)s–%(last)s): open the round for one of its years, or for the programme that covers %(year)s.")
            % {"year": year, "programme": programme.number, "first": programme.start_year, "last": programme.end_year},
            code="year",
        )


class ReportingRound(models.Model):
    programme = models.ForeignKey(Programme, verbose_name=_("programme"), on_delete=models.PROTECT, related_name="rounds")
    year = models.PositiveSmallIntegerField(_("year"))
    deadline = models.DateTimeField(_("deadline"))
    grace_days = models.PositiveSmallIntegerField(_("grace period (days)"), default=0)
    reminder_days = models.JSONField(_("reminders (days before the deadline)"), default=default_reminders)
    units = models.ManyToManyField(Organisation, verbose_name=_("units obliged to report"), related_name="reporting_rounds")
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("opened by"), null=True, on_delete=models.SET_NULL, related_name="+")
    opened_at = models.DateTimeField(_("opened at"), auto_now_add=True)

    class Meta:
        verbose_name = _("reporting round")
        verbose_name_plural = _("reporting rounds")
        ordering = ["-year"]
        constraints = [models.UniqueConstraint(fields=["programme", "year"], name="round_unique_year")]

    def __str__(self):
        return f"{self.programme.number} — {self.year}"

    def clean(self):
        if self.programme_id and self.year:
            try:
                check_year_in_programme(self.programme, self.year)
            except ValidationError as error:
                raise ValidationError({"year": error}) from None

    @property
    def freezes_at(self):
        """Drafts can no longer be saved or submitted after this instant, unless reopened."""
        return self.deadline + datetime.timedelta(days=self.grace_days)

    def local_deadline_date(self):
        return self.deadline.astimezone(PROVINCE_TZ).date()


class AnnualReport(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        SUBMITTED = "submitted", pgettext_lazy("annual report", "submitted")
        RETURNED = "returned", _("returned for revision")
        ACCEPTED = "accepted", _("accepted")

    round = models.ForeignKey(ReportingRound, verbose_name=_("reporting round"), on_delete=models.CASCADE, related_name="reports")
    organisation = models.ForeignKey(Organisation, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="annual_reports")
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    results = models.TextField(_("results"), blank=True)
    difficulties = models.TextField(_("difficulties and obstacles"), blank=True)
    proposals = models.TextField(_("proposals"), blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    first_submitted_at = models.DateTimeField(_("first submitted at"), null=True, blank=True)
    reopened_until = models.DateTimeField(_("reopened until"), null=True, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    class Meta:
        verbose_name = _("annual report")
        verbose_name_plural = _("annual reports")
        ordering = ["round", "organisation__name"]
        constraints = [
            models.UniqueConstraint(fields=["round", "organisation"], name="annualreport_one_per_unit_and_round"),
            models.CheckConstraint(
                condition=~Q(status__in=["submitted", "accepted"]) | Q(submitted_at__isnull=False),
                name="annualreport_submitted_has_a_time",
            ),
        ]

    def __str__(self):
        return f"{self.organisation} — {self.round.year}"

    @property
    def submitted_late(self):
        return self.first_submitted_at is not None and self.first_submitted_at > self.round.deadline


class ReportEvent(models.Model):
    class Action(models.TextChoices):
        SAVE = "save", _("draft saved")
        SUBMIT = "submit", pgettext_lazy("annual report", "submitted")
        RETURN = "return", _("returned for revision")
        ACCEPT = "accept", _("accepted")
        REOPEN = "reopen", _("reopened")
        ATTACH = "attach", _("attachment added")
        DETACH = "detach", _("attachment removed")

    report = models.ForeignKey(AnnualReport, verbose_name=_("annual report"), on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(_("at"))
    comment = models.TextField(_("comment"), blank=True)
    late = models.BooleanField(_("after the deadline"), default=False)

    class Meta:
        verbose_name = _("report event")
        verbose_name_plural = _("report events")
        ordering = ["report", "at", "pk"]


class ReminderSent(models.Model):
    """One reminder to one unit for one point of the schedule: the table that keeps reminders from repeating."""

    round = models.ForeignKey(ReportingRound, verbose_name=_("reporting round"), on_delete=models.CASCADE, related_name="reminders")
    organisation = models.ForeignKey(Organisation, verbose_name=_("unit"), on_delete=models.CASCADE, related_name="+")
    days_before = models.SmallIntegerField(_("days before the deadline"))
    sent_at = models.DateTimeField(_("sent at"))
    recipients = models.TextField(_("recipients"), blank=True)

    class Meta:
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")
        constraints = [models.UniqueConstraint(fields=["round", "organisation", "days_before"], name="reminder_once_per_point")]
