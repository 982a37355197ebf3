from django import template

from partners.ngo_access import registry_access
from partners.roles import rules_of

register = template.Library()


@register.filter
def has_role(user):
    """Whether the user holds a role: what the menu asks before offering a page every role may read."""
    return rules_of(user).has_role


@register.filter
def reads_registry(user):
    """Whether the menu offers the NGO registry (partners/ngo_access.py says who reads it)."""
    return registry_access(user).can_read_registry
