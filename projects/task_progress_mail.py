"""E-mail about the plan's yearly progress, sent once a step is saved: the coordinators hear of a submission, the
person who recorded it of the review. In the portal's language, as the other workflow mail."""
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mass_mail
from django.utils import translation
from django.utils.translation import gettext as _

from partners.roles import Role
from projects.interest_mail import coordinator_addresses, one_line
from projects.models import TaskProgress
from socaid.links import absolute_url


def _progress(progress_id):
    return TaskProgress.objects.select_related("task", "organisation", "recorded_by", "reviewed_by").get(pk=progress_id)


def _send(progress, to, subject, lines):
    if not to:
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        heading = _("Task %(position)s of the plan, %(year)s") % {"position": progress.task.position, "year": progress.year}
        subject = one_line(f"[socaid] {heading}: {subject()}")
        body = "\n".join([
            _("Task: %(content)s") % {"content": progress.task.content},
            _("Year: %(year)s") % {"year": progress.year},
            _("Unit: %(unit)s") % {"unit": progress.organisation.name},
            _("State: %(state)s") % {"state": progress.get_state_display()},
            *[text for text in (line() for line in lines) if text],
            _("Open: %(path)s") % {"path": absolute_url("projects:task_progress", task=progress.task_id, year=progress.year)},
        ])
    return send_mass_mail([(subject, body, settings.DEFAULT_FROM_EMAIL, [address]) for address in to])


def notify_submitted(progress_id):
    progress = _progress(progress_id)
    by = progress.recorded_by
    to = [address for address in coordinator_addresses() if not by or address != by.email]
    return _send(progress, to, lambda: _("submitted for review"), [
        lambda: _("By: %(user)s") % {"user": by.get_full_name() or by.username if by else "—"},
    ])


def unit_addresses(progress):
    """The reporting unit's officers and reviewers, and whoever recorded the text: the review is the unit's news,
    whoever typed it. Never the reviewer."""
    users = get_user_model().objects.filter(
        is_active=True, memberships__organisation=progress.organisation_id, memberships__role__in=(Role.OFFICER, Role.REVIEWER),
    )
    addresses = set(users.exclude(email="").values_list("email", flat=True))
    recorder, reviewer = progress.recorded_by, progress.reviewed_by
    if recorder and recorder.is_active and recorder.email:
        addresses.add(recorder.email)
    if reviewer:
        addresses.discard(reviewer.email)
    return sorted(addresses)


def notify_unit(progress_id):
    progress = _progress(progress_id)
    to = unit_addresses(progress)
    note = progress.review_note
    return _send(progress, to, lambda: progress.get_state_display(), [
        lambda: _("Coordinator's note: %(note)s") % {"note": note} if note else "",
    ])
