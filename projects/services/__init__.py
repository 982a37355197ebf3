"""Writes on programmes and projects: one function each, one transaction each.

Views, the admin, importers and commands call these; all of them write projects and budget lines through
projects.services.writing, and nothing else writes them.
"""
from projects.services.editing import (
    EditConflict,
    project_admin_lock,
    project_admin_save,
    project_create,
    project_restore,
    project_update,
    projects_admin_delete,
)
from projects.services.imports import import_apply
from projects.services.programmes import programme_start, programme_take_over_unfunded
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
    "import_apply",
    "programme_start",
    "programme_take_over_unfunded",
    "project_admin_lock",
    "project_admin_save",
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
    "projects_admin_delete",
]
