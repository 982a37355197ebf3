"""E-mail about workflow steps, sent after the step is committed."""
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mass_mail
from django.utils import translation
from django.utils.translation import gettext as _

from partners.models import Membership
from projects.models import ProjectEvent
from socaid.links import absolute_url

# Steps the coordinators want to hear about; the rest go to the host agency's officers.
TO_COORDINATORS = {ProjectEvent.Action.SUBMIT, ProjectEvent.Action.OPINION, ProjectEvent.Action.WITHDRAW}


def recipients(event):
    User = get_user_model()
    if event.action in TO_COORDINATORS:
        users = User.objects.filter(memberships__role=Membership.Role.COORDINATOR)
    else:
        users = User.objects.filter(memberships__role=Membership.Role.OFFICER, memberships__organisation=event.project.host_agency_id)
    emails = users.filter(is_active=True).exclude(email="").exclude(pk=event.actor_id).values_list("email", flat=True)
    return sorted(set(emails))


def notify_event(event_id):
    event = ProjectEvent.objects.select_related("project", "actor").get(pk=event_id)
    to = recipients(event)
    if not to:
        return 0
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("[socaid] %(project)s: %(action)s") % {"project": event.project.name[:80], "action": event.get_action_display()}
        body = "\n".join(
            line
            for line in [
                _("Project: %(name)s") % {"name": event.project.name},
                _("Step: %(action)s") % {"action": event.get_action_display()},
                _("By: %(user)s") % {"user": event.actor.get_full_name() or event.actor.username if event.actor else "—"},
                _("Comment: %(comment)s") % {"comment": event.comment} if event.comment else "",
                _("Open: %(path)s") % {"path": absolute_url("projects:detail", event.project_id)},
            ]
            if line
        )
    return send_mass_mail([(subject, body, settings.DEFAULT_FROM_EMAIL, [address]) for address in to])
