"""What the public pages' frame shows on every page: the programme and the department to contact."""
from django.conf import settings

from projects.models import Programme


def current_programme(today=None):
    """The programme running this year, else the latest one that has started: what the public side presents."""
    return Programme.objects.current(today)


def public_frame(request):
    """Template context for reporting/templates/public/base.html; nothing for staff pages."""
    if not getattr(request, "public_language", None):
        return {}
    return {"public_programme": current_programme(), "site_url": settings.SITE_URL.rstrip("/")}
