"""The e-mail to whoever asked for a job that took longer than a minute: they may have left the page."""
from django.conf import settings
from django.core.mail import send_mail
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from socaid.links import absolute_url


def mail_if_slow(job):
    from socaid.jobs.models import Job

    user = job.requested_by
    if user is None or not user.email or job.seconds < settings.JOB_MAIL_AFTER_SECONDS:
        return False
    if job.state not in (Job.State.DONE, Job.State.FAILED):
        return False
    # Once, even when two ends of the job (a retry) race to it.
    if not Job.objects.filter(pk=job.pk, mailed=False).update(mailed=True):
        return False
    with translation.override(job.language):
        link = absolute_url("jobs:job", job.pk)
        if job.state == Job.State.DONE:
            subject = _("Ready: %(title)s") % {"title": job.title}
            body = _("The file you asked for is ready:\n\n%(title)s\n%(link)s\n\nIt is kept until %(until)s; find it under “My exports”.")
        else:
            subject = _("Failed: %(title)s") % {"title": job.title}
            body = _("The job you started failed:\n\n%(title)s\n%(reason)s\n\nTry again from its page:\n%(link)s")
        until = date_format(timezone.localtime(job.expires_at), "SHORT_DATETIME_FORMAT")
        body = body % {"title": job.title, "link": link, "until": until, "reason": job.reason}
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
    return True
