"""Writes on engagements and their follow-up actions: the coordinator records them.

Each function checks the role, runs in one transaction, locks the row it changes and leaves a version in the
record's history with its author and a reason (a message id: the history shows it in each reader's language).
"""
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from partners.roles import rules_of
from projects.models import Engagement, FollowUp

ENGAGEMENT_FIELDS = ("kind", "date", "place", "organiser", "title", "summary", "materials")
FOLLOW_UP_FIELDS = ("action", "responsible_organisation", "responsible_person", "due_date")


def _saved(record, by, reason):
    record._history_user = by
    record._change_reason = reason
    record.full_clean()
    record.save()
    return record


def _fill(record, fields, allowed):
    unknown = set(fields) - set(allowed)
    if unknown:
        raise ValueError(f"Not fields of {type(record).__name__} the service writes: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(record, name, value.strip() if isinstance(value, str) else value)


@transaction.atomic
def engagement_create(*, fields, ngos=(), projects=(), by):
    rules_of(by).require_coordinator()
    engagement = Engagement(updated_by=by)
    _fill(engagement, fields, ENGAGEMENT_FIELDS)
    _saved(engagement, by, gettext_noop("Engagement recorded"))
    engagement.ngos.set(ngos)
    engagement.projects.set(projects)
    return engagement


@transaction.atomic
def engagement_update(*, engagement, fields, ngos, projects, by):
    rules_of(by).require_coordinator()
    engagement = Engagement.objects.select_for_update().get(pk=engagement.pk)
    _fill(engagement, fields, ENGAGEMENT_FIELDS)
    engagement.updated_by = by
    _saved(engagement, by, gettext_noop("Engagement changed"))
    engagement.ngos.set(ngos)
    engagement.projects.set(projects)
    return engagement


@transaction.atomic
def follow_up_add(*, engagement, fields, by):
    rules_of(by).require_coordinator()
    follow_up = FollowUp(engagement=engagement)
    _fill(follow_up, fields, FOLLOW_UP_FIELDS)
    return _saved(follow_up, by, gettext_noop("Follow-up action added"))


@transaction.atomic
def follow_up_done(*, follow_up, done_on, by):
    """Mark the action done on ``done_on`` (not before the engagement it follows), or open again with None."""
    rules_of(by).require_coordinator()
    follow_up = FollowUp.objects.select_for_update().select_related("engagement").get(pk=follow_up.pk)
    if done_on is not None and done_on < follow_up.engagement.date:
        raise ValidationError({"done_on": _("An action cannot be done before the engagement it follows.")})
    follow_up.done_on = done_on
    return _saved(follow_up, by, gettext_noop("Marked done") if done_on else gettext_noop("Opened again"))
