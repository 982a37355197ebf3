from django import template

from reporting.access import access_for

register = template.Library()


@register.filter
def reads_dashboard(user):
    """Whether the menu offers the dashboard: the coordinator, the leadership and the administrator."""
    return access_for(user).can_read_dashboard
