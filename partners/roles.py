"""Who a user is in the province: the roles their memberships give them, and the admin groups behind the roles.

Roles come from the user's memberships (Membership); a superuser is the administrator. A user without a role
sees nothing. What a role may do with a project lives in projects/access.py, with a report or a round in
reporting/access.py; both build on ``Roles``.

The Django admin checks model permissions, which the groups made by ``ensure_role_groups`` give: the coordinators'
group changes the domain's records, the readers' group only views them. The admin knows no per-agency rules, so
the demo makes only the coordinator and the administrator staff; an officer made staff reads there and changes
nothing.
"""
from functools import cached_property

from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied

from partners.models import Membership

Role = Membership.Role
DOMAIN_APPS = ("partners", "projects", "reporting")

COORDINATORS = "Điều phối viên"
READERS = "Chỉ xem"


def memberships_of(user):
    """The user's memberships with their organisations, read once per user object however many rules ask."""
    if not user.is_authenticated:
        return []
    cached = getattr(user, "_socaid_memberships", None)
    if cached is None:
        cached = list(Membership.objects.filter(user=user).select_related("organisation"))
        user._socaid_memberships = cached
    return cached


class Roles:
    def __init__(self, user):
        self.user = user

    @cached_property
    def memberships(self):
        return memberships_of(self.user)

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
    def has_role(self):
        return self.is_admin or bool(self.memberships)

    @cached_property
    def officer_organisations(self):
        return [m.organisation for m in self.memberships if m.role == Role.OFFICER]

    def is_officer_of(self, organisation_id):
        return any(org.pk == organisation_id for org in self.officer_organisations)

    def reviewer_organisation(self):
        return next((m.organisation for m in self.memberships if m.role == Role.REVIEWER), None)

    # The require_* methods raise PermissionDenied, which Django answers with 403.
    def require_role(self):
        """Staff of any role: what every one of them may read (the administrative units, as the bank)."""
        if not self.has_role:
            raise PermissionDenied

    def require_coordinator(self):
        if not self.is_coordinator:
            raise PermissionDenied


def rules_of(user, rules=Roles):
    """The user's ``rules`` (Roles, or an app's Access built on it), made once per user object and request."""
    made = user.__dict__.setdefault("_socaid_rules", {})
    if rules not in made:
        made[rules] = rules(user)
    return made[rules]


def ensure_role_groups():
    """Create or refresh the groups; safe to call repeatedly."""
    domain = Permission.objects.filter(content_type__app_label__in=DOMAIN_APPS)
    coordinators, _ = Group.objects.get_or_create(name=COORDINATORS)
    readers, _ = Group.objects.get_or_create(name=READERS)
    _set_if_changed(coordinators, domain)
    _set_if_changed(readers, domain.filter(codename__startswith="view_"))
    return {"coordinator": coordinators, "officer": readers, "reviewer": readers, "viewer": readers}


def _set_if_changed(group, permissions):
    wanted = set(permissions.values_list("pk", flat=True))
    if set(group.permissions.values_list("pk", flat=True)) != wanted:
        group.permissions.set(wanted)
