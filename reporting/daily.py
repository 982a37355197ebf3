"""What the worker does once a day, at 07:00 in the province: the deadline reminders due, the foreign NGOs'
certificates to watch (mailed to the coordinators on Mondays, when there is anything to watch), and removing the
background jobs past their keeping time with their files.

django-tasks has no scheduler: each run queues the next one before it ends, and ``manage.py schedule_daily``
queues the first when the worker starts; both look first whether a run already waits, which only the database's
queue lets them read. On another backend the task does not queue itself, and cron runs ``schedule_daily`` daily.
"""
import datetime
import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django_tasks import TaskResultStatus, task

from partners.models import Membership
from socaid.links import absolute_url
from socaid.province_time import PROVINCE_TZ

log = logging.getLogger(__name__)

RUNS_AT = datetime.time(7, 0)
WATCH_MAILED_ON = 0  # Monday: the watch changes slowly; once a week is a reminder, every day would be noise


@task()
def daily():
    try:
        return run_daily()
    finally:
        schedule_next()


def run_daily(now=None):
    """Each piece of the day's work, whatever became of the one before: what each did, or that it failed."""
    from reporting.reminders import send_due_reminders
    from socaid.jobs.services import remove_expired_jobs

    now = now or timezone.now()
    work = {
        "reminders": lambda: len(send_due_reminders(now)),
        "certificate_watch": lambda: mail_certificate_watch(now),
        "expired_jobs": lambda: remove_expired_jobs(now),
    }
    done = {}
    for name, step in work.items():
        try:
            done[name] = step()
        except Exception:
            log.exception("daily task: %s failed", name)
            done[name] = "failed"
    return done


def mail_certificate_watch(now):
    """On Mondays, the certificates to watch to every coordinator with an e-mail address, when there are any;
    the number of coordinators mailed."""
    from reporting.ngo_certificates import certificate_watch

    today = now.astimezone(PROVINCE_TZ).date()
    if today.weekday() != WATCH_MAILED_ON:
        return 0
    watch = certificate_watch(today)
    if not watch.expiring and not watch.unregistered:
        return 0
    recipients = sorted(set(
        get_user_model().objects.filter(memberships__role=Membership.Role.COORDINATOR, is_active=True).exclude(email="").values_list("email", flat=True)
    ))
    if not recipients:
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        lines = [_("Foreign NGO certificates to watch, %(date)s:") % {"date": date_format(today, "SHORT_DATE_FORMAT")}, ""]
        if watch.expiring:
            lines.append(_("Expiring in the next 90 days:"))
            lines += [f"- {registration.ngo}: {registration.number}, {date_format(registration.expires_on, 'SHORT_DATE_FORMAT')}" for registration in watch.expiring]
            lines.append("")
        if watch.unregistered:
            lines.append(_("Working in the province without a valid certificate:"))
            lines += [f"- {ngo}" for ngo in watch.unregistered]
            lines.append("")
        lines.append(_("See the list: %(link)s") % {"link": absolute_url("reporting:ngo_certificates")})
        subject = _("[socaid] Foreign NGO certificates to watch")
    send_mail(subject, "\n".join(lines), settings.DEFAULT_FROM_EMAIL, recipients)
    return len(recipients)


def next_run(now=None):
    """The next 07:00 in the province after ``now``."""
    local = (now or timezone.now()).astimezone(PROVINCE_TZ)
    run = datetime.datetime.combine(local.date(), RUNS_AT, tzinfo=PROVINCE_TZ)
    return run if run > local else run + datetime.timedelta(days=1)


def reads_its_queue():
    from django_tasks_db.backend import DatabaseBackend

    return isinstance(daily.get_backend(), DatabaseBackend)


def waiting_run():
    """When the run already queued will start, or None: on the database's queue only."""
    from django_tasks_db.models import DBTaskResult

    waiting = DBTaskResult.objects.filter(task_path=daily.module_path, status=TaskResultStatus.READY).order_by("run_after").first()
    return waiting and waiting.run_after


def schedule_next(now=None):
    """Queue the run of the next 07:00 unless one waits already; its time, or None when nothing was queued."""
    if not reads_its_queue() or waiting_run() is not None:
        return None
    at = next_run(now)
    daily.using(run_after=at).enqueue()
    return at
