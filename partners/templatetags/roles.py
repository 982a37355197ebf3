from django import template

from partners.roles import rules_of

register = template.Library()


@register.filter
def has_role(user):
    """Whether the user holds a role: what the menu asks before offering a page every role may read."""
    return rules_of(user).has_role
