"""A long piece of work done off the request path (socaid/jobs/): who asked, what for, how far it got, and the
file it made. The queue itself is the Tasks API's (django-tasks); this is what the user sees under "my exports"."""
import datetime
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from socaid.jobs.kinds import KINDS


class JobQuerySet(models.QuerySet):
    def of(self, user):
        """The jobs ``user`` asked for and may still find: not expired."""
        return self.filter(requested_by=user, expires_at__gt=timezone.now()).order_by("-created_at")

    def expired(self, now=None):
        return self.filter(expires_at__lte=now or timezone.now())

    def lost(self, now=None):
        """Running jobs whose worker has not been heard of for JOB_LOST_SECONDS: it was stopped or killed."""
        silent_since = (now or timezone.now()) - datetime.timedelta(seconds=settings.JOB_LOST_SECONDS)
        return self.filter(state=Job.State.RUNNING, heartbeat_at__lt=silent_since)

    def public_in_hand(self, now=None):
        """The public files being made or waiting to be: not lost, not expired. Their number is capped
        (PUBLIC_JOBS_AT_ONCE), since any visitor may start one."""
        now = now or timezone.now()
        silent_since = now - datetime.timedelta(seconds=settings.JOB_LOST_SECONDS)
        return self.filter(requested_by__isnull=True, expires_at__gt=now, state__in=[Job.State.QUEUED, Job.State.RUNNING]).exclude(
            state=Job.State.RUNNING, heartbeat_at__lt=silent_since,
        )

    def public_file(self, key):
        """The newest job for the public file named ``key`` that is still useful: waiting, running or done."""
        return (
            self.filter(public_key=key, expires_at__gt=timezone.now(), state__in=[Job.State.QUEUED, Job.State.RUNNING, Job.State.DONE])
            .order_by("-created_at").first()
        )


class Job(models.Model):
    class State(models.TextChoices):
        QUEUED = "queued", _("Waiting for a worker")
        RUNNING = "running", _("Running")
        DONE = "done", _("Finished")
        FAILED = "failed", _("Failed")
        CANCELLED = "cancelled", _("Cancelled")

    FINISHED = (State.DONE, State.FAILED, State.CANCELLED)

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(_("kind"), max_length=40)
    title = models.CharField(_("title"), max_length=300)
    # Nobody for a public file (the published appendix), which anyone may download.
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("requested by"), on_delete=models.CASCADE, null=True, blank=True, related_name="jobs",
    )
    public_key = models.CharField(max_length=200, blank=True, db_index=True)
    params = models.JSONField(default=dict)
    language = models.CharField(_("language"), max_length=8, default="vi")
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.QUEUED)
    cancel_requested = models.BooleanField(default=False)
    # The stage (a key of the kind's STAGES) and rows done of rows; total 0 while the size is not known yet.
    stage = models.CharField(max_length=20, blank=True)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    attempts = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(_("asked at"), default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    expires_at = models.DateTimeField(_("kept until"))
    file = models.CharField(max_length=300, blank=True)  # its name in the default storage
    file_name = models.CharField(_("file"), max_length=200, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    # What the job leaves besides a file (an import's outcome), and why it failed: an English message with its
    # values, translated when shown, so that each reader reads it in their own language.
    outcome = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)
    error_values = models.JSONField(default=dict, blank=True)
    mailed = models.BooleanField(default=False)
    # The queue's own id of the task that runs it, to ask the queue whether it still has it (services.requeue_if_lost).
    task_id = models.CharField(max_length=64, blank=True)

    objects = JobQuerySet.as_manager()

    class Meta:
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["requested_by", "-created_at"], name="job_requester_idx")]
        constraints = [
            models.CheckConstraint(condition=Q(state__in=["queued", "running", "done", "failed", "cancelled"]), name="job_state_valid"),
            models.CheckConstraint(condition=Q(total=0) | Q(done__lte=models.F("total")), name="job_done_within_total"),
            models.CheckConstraint(condition=Q(state="done") | Q(file=""), name="job_file_only_when_done"),
            models.CheckConstraint(condition=~Q(state="failed") | ~Q(error=""), name="job_failure_has_reason"),
            models.CheckConstraint(condition=Q(requested_by__isnull=False) | ~Q(public_key=""), name="job_has_reader"),
        ]

    def __str__(self):
        return f"{self.title} ({self.get_state_display()})"

    @property
    def is_lost(self):
        """Running, but its worker has gone silent: shown as failed, and may be tried again."""
        if self.state != self.State.RUNNING or self.heartbeat_at is None:
            return False
        return timezone.now() - self.heartbeat_at > datetime.timedelta(seconds=settings.JOB_LOST_SECONDS)

    @property
    def is_finished(self):
        return self.state in self.FINISHED or self.is_lost

    @property
    def can_retry(self):
        return self.state in (self.State.FAILED, self.State.CANCELLED) or self.is_lost

    @property
    def can_cancel(self):
        if self.state not in (self.State.QUEUED, self.State.RUNNING) or self.cancel_requested or self.is_lost:
            return False
        return not self.in_final_stage

    @property
    def final_stages(self):
        """The stages of its kind that no cancel can stop (socaid.jobs.kinds.JobKind.final_stages)."""
        kind = KINDS.get(self.kind)
        return kind.final_stages if kind is not None else frozenset()

    @property
    def in_final_stage(self):
        return self.state == self.State.RUNNING and self.stage in self.final_stages

    @property
    def percent(self):
        if self.state == self.State.DONE:
            return 100
        return int(100 * self.done / self.total) if self.total else 0

    @property
    def reason(self):
        """Why it failed, in the reader's language."""
        if self.is_lost:
            return gettext("The worker making this file stopped before it finished; nothing was kept. Try again.")
        if not self.error:
            return ""
        message = gettext(self.error)
        return message % self.error_values if self.error_values else message

    @property
    def seconds(self):
        end = self.finished_at or timezone.now()
        return (end - self.created_at).total_seconds()
