"""Reminders of the reporting deadline, sent once per unit and point of the schedule."""
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from partners.models import Membership
from reporting.models import AnnualReport, ReminderSent, ReportingRound
from reporting.models.rounds import PROVINCE_TZ
from socaid.links import absolute_url

DONE = (AnnualReport.Status.SUBMITTED, AnnualReport.Status.ACCEPTED)


def due_point(round_, today):
    """The most recent point of the schedule reached today (days before the deadline), or None.

    Points missed on days the cron did not run are not sent late: the latest one stands for them.
    """
    left = (round_.local_deadline_date() - today).days
    reached = [days for days in round_.reminder_days if left <= days]
    if not reached or left < 0:
        return None
    return min(reached)


def send_due_reminders(now=None):
    """Send what is due; return [(round, unit, days_before, recipients)] of what was sent."""
    now = now or timezone.now()
    today = now.astimezone(PROVINCE_TZ).date()
    sent = []
    for round_ in ReportingRound.objects.filter(deadline__gte=now - timezone.timedelta(days=1)).prefetch_related("units"):
        days = due_point(round_, today)
        if days is None:
            continue
        done = set(AnnualReport.objects.filter(round=round_, status__in=DONE).values_list("organisation_id", flat=True))
        already = set(ReminderSent.objects.filter(round=round_, days_before=days).values_list("organisation_id", flat=True))
        for unit in round_.units.all():
            if unit.pk in done or unit.pk in already:
                continue
            recipients = _officers(unit)
            try:
                with transaction.atomic():
                    ReminderSent.objects.create(round=round_, organisation=unit, days_before=days, sent_at=now, recipients=", ".join(recipients))
            except IntegrityError:  # another run got there first
                continue
            if recipients:
                _mail(round_, unit, days, recipients)
            sent.append((round_, unit, days, recipients))
    return sent


def _officers(unit):
    users = get_user_model().objects.filter(
        memberships__organisation=unit, memberships__role=Membership.Role.OFFICER, is_active=True
    ).exclude(email="")
    return sorted(set(users.values_list("email", flat=True)))


def _mail(round_, unit, days, recipients):
    with translation.override(settings.LANGUAGE_CODE):
        deadline = round_.local_deadline_date().strftime("%d/%m/%Y")
        if days:
            when = _("in %(days)s days, on %(date)s") % {"days": days, "date": deadline}
        else:
            when = _("today, %(date)s") % {"date": deadline}
        subject = _("[socaid] The annual report of %(unit)s is due %(when)s") % {"unit": unit.name, "when": when}
        body = _("The annual report of %(unit)s for %(year)s is due %(when)s (23:59). Please submit it in socaid.") % {
            "unit": unit.name,
            "year": round_.year,
            "when": when,
        }
        body += "\n\n" + _("Open: %(path)s") % {"path": absolute_url("reporting:report", round_.pk, unit.pk)}
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)
