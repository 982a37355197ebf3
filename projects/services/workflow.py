"""The steps of a proposal's life, each a function that checks the role, moves the status and writes the timeline."""
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from projects import completeness
from projects.access import access_for
from projects.lifecycle import TRANSITIONS
from projects.models import Project, ProjectEvent
from projects.notifications import notify_event
from projects.services.writing import ProjectWrite, projects_write


def _move(project, action, by, *, comment="", require_comment=False, fields=None, event_fields=None):
    project = Project.objects.select_for_update().get(pk=project.pk)
    access_for(by).require_action(action, project)
    if require_comment and not comment.strip():
        raise ValidationError({"comment": _("Please say why in the comment.")})
    if action in completeness.REQUIRED:
        lacking = completeness.missing(project, list(project.lines.all()), list(project.admin_units.all()), action)
        if lacking:
            raise ValidationError(_("The proposal still lacks: %(items)s.") % {"items": "; ".join(str(item) for item in lacking)})
    from_status = project.status
    write = ProjectWrite(project, {"status": TRANSITIONS[action][1], **(fields or {})})
    with translation.override(None):  # the step's message id: the history shows it in each reader's language
        reason = str(ProjectEvent.Action(action).label)
    projects_write([write], by=by, reason=reason)
    event = ProjectEvent.objects.create(
        project=project,
        action=action,
        from_status=from_status,
        to_status=project.status,
        actor=by,
        comment=comment.strip(),
        **(event_fields or {}),
    )
    transaction.on_commit(lambda: notify_event(event.pk))
    return project


@transaction.atomic
def project_submit(*, project, by, comment=""):
    return _move(project, "submit", by, comment=comment)


@transaction.atomic
def project_return(*, project, by, comment):
    return _move(project, "return", by, comment=comment, require_comment=True)


@transaction.atomic
def project_accept(*, project, by, comment=""):
    return _move(project, "accept", by, comment=comment)


@transaction.atomic
def project_publish(*, project, by, comment=""):
    return _move(project, "publish", by, comment=comment)


@transaction.atomic
def project_negotiate(*, project, by, comment="", ngo=None):
    return _move(project, "negotiate", by, comment=comment, event_fields={"ngo": ngo})


@transaction.atomic
def project_commit(*, project, by, ngo, comment=""):
    if ngo is None:
        raise ValidationError({"ngo": _("Say which NGO committed.")})
    return _move(project, "commit", by, comment=comment, fields={"ngo": ngo}, event_fields={"ngo": ngo})


@transaction.atomic
def project_approve(*, project, by, decision_number, decision_date, comment=""):
    if not decision_number.strip() or decision_date is None:
        raise ValidationError(_("An approval needs the decision's number and date."))
    return _move(
        project,
        "approve",
        by,
        comment=comment,
        fields={"decision_number": decision_number.strip(), "decision_date": decision_date},
        event_fields={"decision_number": decision_number.strip(), "decision_date": decision_date},
    )


@transaction.atomic
def project_implement(*, project, by, comment=""):
    return _move(project, "implement", by, comment=comment)


@transaction.atomic
def project_complete(*, project, by, comment=""):
    return _move(project, "complete", by, comment=comment)


@transaction.atomic
def project_withdraw(*, project, by, comment):
    return _move(project, "withdraw", by, comment=comment, require_comment=True)


@transaction.atomic
def project_review(*, project, by, topic, verdict, comment):
    """A reviewer's appraisal opinion; it informs the coordinator and moves nothing."""
    project = Project.objects.select_for_update().get(pk=project.pk)
    access = access_for(by)
    access.require_opinion(project)
    if not comment.strip():
        raise ValidationError({"comment": _("Please write the opinion.")})
    event = ProjectEvent.objects.create(
        project=project,
        action=ProjectEvent.Action.OPINION,
        from_status=project.status,
        to_status=project.status,
        actor=by,
        organisation=access.reviewer_organisation(),
        topic=topic,
        verdict=verdict,
        comment=comment.strip(),
    )
    transaction.on_commit(lambda: notify_event(event.pk))
    return event
