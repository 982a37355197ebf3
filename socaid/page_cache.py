"""A signed-in page kept for the session that asked it, as long as the data it was made from has not changed.

The bank's list and a project's page cost tens of milliseconds at 100,000 projects, and an officer asks the same
page again and again (back from a project, another tab, a refresh). PostgreSQL names the state of the data a
request reads: its snapshot (``pg_current_snapshot()``: which transactions have committed, which are in flight),
which every transaction that writes, anywhere, changes. A page is kept under that snapshot and under everything
else it is made of: its address (the host's name too), its language, the session (the user, and through the data
their roles and units), the CSRF secret its forms carry, the province's date. It is served again only to a request
that would make it the same bytes; nothing one session kept is served to another, and nothing kept outlives a write.

A page is kept only if no transaction committed or started writing while it was made (the snapshot is read again
after the view), if it is an HTML page answered 200, and if making it touched nothing else: no cookie, no change to
the session, no message. SQLite names no such state, and a request inside a transaction (a test's) sees writes of
its own that no snapshot names: there, every page is made afresh.
"""
import hashlib
from functools import wraps

from django.conf import settings
from django.core.cache import caches
from django.core.signals import setting_changed
from django.db import connection
from django.dispatch import receiver
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import get_language

ALIAS = "pages"
MESSAGES_COOKIE = "messages"  # django.contrib.messages' CookieStorage.cookie_name


def data_state():
    """The snapshot of the data this request reads, or None where there is none to name it."""
    if not settings.PAGE_CACHE or connection.vendor != "postgresql" or connection.in_atomic_block:
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_current_snapshot()::text")
        return cursor.fetchone()[0]


def may_keep(request):
    """Whether the request's page could be kept at all, asked before the snapshot is."""
    # Without a CSRF cookie (or with a malformed one) the page's forms mint a secret, under a key never asked again.
    if request.method != "GET" or "CSRF_COOKIE" not in request.META or request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False
    return not (request.COOKIES.get(MESSAGES_COOKIE) or "_messages" in request.session)  # shown once, then gone


def page_key(request, state):
    session = request.session
    parts = [
        state, request.get_host(), request.get_full_path(), get_language(), str(timezone.localdate()),
        request.META["CSRF_COOKIE"], session.session_key or "", repr(sorted(session.items())), user_row(request.user),
    ]
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def user_row(user):
    """The user as the middleware read it, before the snapshot: a flag changed in between (superuser taken away)
    would otherwise be kept in a page under the snapshot that follows the change."""
    return repr([getattr(user, field.attname) for field in user._meta.concrete_fields]) if user.is_authenticated else ""


def keepable(request, response):
    return (
        response.status_code == 200
        and not response.streaming
        and response.get("Content-Type", "").startswith("text/html")
        and not response.cookies
        and not request.session.modified
        and not getattr(getattr(request, "_messages", None), "_queued_messages", None)
        and len(response.content) <= settings.PAGE_CACHE_MAX_KB * 1024
    )


def replay(request, kept):
    content, headers, renews_csrf = kept
    response = HttpResponse(content)
    for name, value in headers:
        response[name] = value
    if renews_csrf:  # as get_token() did when the page was made: the cookie's expiry is renewed
        request.META["CSRF_COOKIE_NEEDS_UPDATE"] = True
    return response


def cached_page(view):
    """Keep ``view``'s pages as the module says. For views whose GET reads the database and writes nothing."""

    @wraps(view)
    def page(request, *args, **kwargs):
        state = data_state() if may_keep(request) else None
        if state is None:
            return view(request, *args, **kwargs)
        key = page_key(request, state)
        kept = caches[ALIAS].get(key)
        if kept is not None:
            return replay(request, kept)
        response = view(request, *args, **kwargs)
        if keepable(request, response) and data_state() == state:
            headers = list(response.items())
            caches[ALIAS].set(key, (response.content, headers, bool(request.META.get("CSRF_COOKIE_NEEDS_UPDATE"))))
        return response

    return page


@receiver(setting_changed)
def forget_pages(**kwargs):
    """A page is made from the settings too (a page size, a limit): a test that changes one must not be served the
    page made under the other."""
    if ALIAS in settings.CACHES:
        caches[ALIAS].clear()
