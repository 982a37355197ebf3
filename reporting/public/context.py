"""What the public pages' frame shows on every page: the programme and the department to contact."""
from django.conf import settings

from projects.models import Programme


def public_frame(request):
    """Template context for reporting/templates/public/base.html; nothing for staff pages."""
    if not getattr(request, "public_language", None):
        return {}
    return {"public_programme": Programme.objects.current(), "site_url": settings.SITE_URL.rstrip("/")}
