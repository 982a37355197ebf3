"""Workflow writes on programmes and projects: one function each, one transaction each.

Views, admin actions, importers and commands call these; none writes a
project any other way.
"""
from projects.services.editing import EditConflict, project_create, project_restore, project_update
from projects.services.programmes import programme_take_over_unfunded
from projects.services.workflow import (
    project_accept,
    project_approve,
    project_commit,
    project_complete,
    project_implement,
    project_negotiate,
    project_publish,
    project_return,
    project_review,
    project_submit,
    project_withdraw,
)

__all__ = [
    "EditConflict",
    "programme_take_over_unfunded",
    "project_accept",
    "project_approve",
    "project_commit",
    "project_complete",
    "project_create",
    "project_implement",
    "project_negotiate",
    "project_publish",
    "project_restore",
    "project_return",
    "project_review",
    "project_submit",
    "project_update",
    "project_withdraw",
]
