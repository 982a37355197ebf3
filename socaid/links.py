"""Full addresses of the portal's pages, for what is read outside the browser (e-mails)."""
from django.conf import settings
from django.urls import reverse


def absolute_url(viewname, *args, **kwargs):
    return settings.SITE_URL + reverse(viewname, args=args or None, kwargs=kwargs or None)


def pk_address(viewname):
    """pk -> the address of ``viewname`` for that pk, reversed once: a page of a thousand links spent a tenth of its
    time in reverse(). The view must take the pk as its one argument."""
    marker = "987654321987654321"
    head, tail = reverse(viewname, args=[marker]).split(marker)
    return lambda pk: f"{head}{pk}{tail}"
