"""Who may read and keep the NGO registry, and who may read the police's security opinions on NGOs.

- The coordinator and the administrator keep the registry: NGOs, contacts, certificates and renewals.
- Reviewers and the leadership's office (viewers) read it: they appraise proposals and read the year, and both
  need to know whom the province works with and whether its papers are in order.
- Unit officers do not open the registry: they meet the NGOs they work with by name where they need them (the
  project page, the annual report's list of NGOs worked with), and the registry's contacts and certificates are the
  coordinator's working file, not theirs.
- A security opinion (Công an tỉnh's appraisal of a new partner) is read by the coordinator, the administrator and
  reviewers of a police body only; other reviewers and the leadership's office do not see it, nor that one exists.
  The police's reviewers and the coordinator (who receives the police's written answer) record one.
"""
from django.core.exceptions import PermissionDenied

from partners.models import Organisation
from partners.roles import Role, Roles, rules_of


class RegistryAccess(Roles):
    @property
    def can_read_registry(self):
        return self.is_coordinator or self.is_reviewer or self.is_leadership

    @property
    def is_police_reviewer(self):
        return any(m.role == Role.REVIEWER and m.organisation.kind == Organisation.Kind.POLICE for m in self.memberships)

    @property
    def can_see_security_opinions(self):
        return self.is_coordinator or self.is_police_reviewer

    def police_organisations(self):
        """The bodies whose opinion the user may record: the police bodies they review for, or, for the
        coordinator, any police body (the opinion comes to them as a letter)."""
        if self.is_coordinator:
            return Organisation.objects.filter(kind=Organisation.Kind.POLICE)
        return Organisation.objects.filter(pk__in=[m.organisation_id for m in self.memberships if m.role == Role.REVIEWER and m.organisation.kind == Organisation.Kind.POLICE])

    def require_registry(self):
        if not self.can_read_registry:
            raise PermissionDenied

    def require_security_opinions(self):
        if not self.can_see_security_opinions:
            raise PermissionDenied


def registry_access(user) -> RegistryAccess:
    return rules_of(user, RegistryAccess)
