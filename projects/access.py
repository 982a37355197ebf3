"""Who may see and do what in the project bank: the one place every view and service asks.

Roles come from the user's memberships (partners.Membership); a superuser is
the administrator. A user without a role sees nothing.
"""
from functools import cached_property

from django.core.exceptions import PermissionDenied

from partners.models import Membership
from projects.models import Project

Status = Project.Status
Role = Membership.Role

# Statuses in which the host agency's officers may still edit their proposal.
OFFICER_EDITABLE = {Status.DRAFT, Status.RETURNED}
# Statuses no one edits any more: the record is closed.
CLOSED = {Status.COMPLETED, Status.WITHDRAWN}

# action -> (statuses it starts from, status it leads to)
TRANSITIONS = {
    "submit": ({Status.DRAFT, Status.RETURNED}, Status.PROPOSED),
    "return": ({Status.PROPOSED}, Status.RETURNED),
    "accept": ({Status.PROPOSED}, Status.ACCEPTED),
    "publish": ({Status.ACCEPTED}, Status.PUBLISHED),
    "negotiate": ({Status.PUBLISHED}, Status.NEGOTIATION),
    "commit": ({Status.PUBLISHED, Status.NEGOTIATION}, Status.COMMITTED),
    "approve": ({Status.COMMITTED}, Status.APPROVED),
    "implement": ({Status.APPROVED}, Status.IMPLEMENTING),
    "complete": ({Status.IMPLEMENTING}, Status.COMPLETED),
    "withdraw": (set(Status) - CLOSED, Status.WITHDRAWN),
}
OFFICER_ACTIONS = {"submit", "withdraw"}


class Access:
    def __init__(self, user):
        self.user = user

    @cached_property
    def memberships(self):
        if not self.user.is_authenticated:
            return []
        return list(Membership.objects.filter(user=self.user).select_related("organisation"))

    def _roles(self):
        return {m.role for m in self.memberships}

    @property
    def is_admin(self):
        return self.user.is_authenticated and self.user.is_superuser

    @property
    def is_coordinator(self):
        return self.is_admin or Role.COORDINATOR in self._roles()

    @property
    def is_reviewer(self):
        return Role.REVIEWER in self._roles()

    @property
    def is_leadership(self):
        """Viewers: the provincial leadership's office, which reads the consolidated year."""
        return Role.VIEWER in self._roles()

    @property
    def can_read_summaries(self):
        """The year-end summary sets every unit's report side by side: the coordinator's and the leadership's."""
        return self.is_coordinator or self.is_leadership

    @cached_property
    def officer_organisations(self):
        return [m.organisation for m in self.memberships if m.role == Role.OFFICER]

    @property
    def can_view_bank(self):
        return self.is_admin or bool(self.memberships)

    @property
    def can_create(self):
        return self.is_coordinator or bool(self.officer_organisations)

    def owns(self, project):
        return any(org.pk == project.host_agency_id for org in self.officer_organisations)

    def can_edit(self, project):
        if project.status in CLOSED:
            return False
        return self.is_coordinator or (self.owns(project) and project.status in OFFICER_EDITABLE)

    def can_do(self, action, project):
        starts, _ = TRANSITIONS[action]
        if project.status not in starts:
            return False
        if self.is_coordinator:
            return True
        # Officers submit their own proposals and may withdraw them until the coordinator accepts one.
        return self.owns(project) and action in OFFICER_ACTIONS and project.status in OFFICER_EDITABLE | {Status.PROPOSED}

    def allowed_actions(self, project):
        return [action for action in TRANSITIONS if self.can_do(action, project)]

    def can_give_opinion(self, project):
        return (self.is_reviewer or self.is_coordinator) and project.status not in CLOSED | {Status.DRAFT}

    def reviewer_organisation(self):
        return next((m.organisation for m in self.memberships if m.role == Role.REVIEWER), None)

    def host_agency_choices(self, queryset):
        """Organisations the user may file projects for."""
        if self.is_coordinator:
            return queryset
        return queryset.filter(pk__in=[org.pk for org in self.officer_organisations])

    # The require_* methods raise PermissionDenied, which Django answers with 403.
    def require_bank(self):
        if not self.can_view_bank:
            raise PermissionDenied

    def require_create(self):
        if not self.can_create:
            raise PermissionDenied

    def require_edit(self, project):
        if not self.can_edit(project):
            raise PermissionDenied

    def require_action(self, action, project):
        if not self.can_do(action, project):
            raise PermissionDenied

    def require_opinion(self, project):
        if not self.can_give_opinion(project):
            raise PermissionDenied


def access_for(user) -> Access:
    """One Access per user object, so a request asks the database for memberships once."""
    cached = getattr(user, "_socaid_access", None)
    if cached is None:
        cached = Access(user)
        user._socaid_access = cached
    return cached
