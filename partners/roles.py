"""The Django permission groups behind the roles of Membership, kept in one place.

The admin site checks model permissions; these groups give them. Row-level rules
(an officer edits only their own organisation's projects) live with the views
that need them.
"""
from django.contrib.auth.models import Group, Permission

DOMAIN_APPS = ("partners", "projects", "reporting")

COORDINATORS = "Điều phối viên"
READERS = "Chỉ xem"


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
