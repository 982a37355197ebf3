"""Full addresses of the portal's pages, for what is read outside the browser (e-mails)."""
from django.conf import settings
from django.urls import reverse


def absolute_url(viewname, *args, **kwargs):
    return settings.SITE_URL + reverse(viewname, args=args or None, kwargs=kwargs or None)
