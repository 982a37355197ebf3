"""What every public page shares: the language taken from its URL, anonymous access, caching that shows a change at once."""
from functools import wraps

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.middleware.http import ConditionalGetMiddleware
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.utils.decorators import decorator_from_middleware
from django.utils.translation.trans_real import parse_accept_lang_header
from django.views.decorators.http import require_http_methods

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]


class LanguageConverter:
    """The first segment of every public URL: the reader's language, so that a shared link shares it."""

    regex = "|".join(LANGUAGE_CODES)

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


def alternate_paths(request, language):
    """The same page in every language: its path with the language segment swapped, the query kept."""
    path = request.get_full_path()
    prefix = f"/{language}/"
    rest = path[len(prefix) :] if path.startswith(prefix) else path.lstrip("/")
    return {code: f"/{code}/{rest}" for code in LANGUAGE_CODES}


_conditional_get = decorator_from_middleware(ConditionalGetMiddleware)


def public_page(view=None, *, methods=("GET", "HEAD")):
    """A page of the public side, reached at /<lang>/…: anyone may read it, in the language its URL names.

    Its answer may be kept by browsers and proxies but is checked again on every use (no-cache with an ETag of
    its content): a slow connection gets a 304 instead of the page, and a change of the project shows at once.
    It reads no session and sets no cookie, so one cached copy serves every reader. Any method but ``methods``
    gets 405: a page to read is read with GET.
    """
    if view is None:
        return lambda view: public_page(view, methods=methods)

    @login_not_required
    @require_http_methods(list(methods))
    @_conditional_get
    @wraps(view)
    def wrapped(request, *args, lang, **kwargs):
        translation.activate(lang)
        request.LANGUAGE_CODE = lang
        request.public_language = lang
        request.public_alternates = alternate_paths(request, lang)
        return _with_cache_policy(request, view(request, *args, **kwargs))

    return wrapped


def _with_cache_policy(request, response):
    """A read's answer may be kept anywhere, checked again (ETag) on every use."""
    if request.method in ("GET", "HEAD") and response.status_code == 200 and not response.has_header("Cache-Control"):
        patch_cache_control(response, public=True, no_cache=True)
    return response


def public_file(view):
    """A public answer outside any language (/sitemap.xml, /robots.txt, the IATI file): cached like a public page."""
    return login_not_required(require_http_methods(["GET", "HEAD"])(revalidated(view)))


def preferred_language(request):
    """The language a reader arriving at / gets: the one they chose before, else their browser's first choice
    among ours, else Vietnamese."""
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    if chosen in LANGUAGE_CODES:
        return chosen
    for code, _quality in parse_accept_lang_header(request.META.get("HTTP_ACCEPT_LANGUAGE", "")):
        base = code.split("-")[0].lower()
        if base in LANGUAGE_CODES:
            return base
    return settings.LANGUAGE_CODE


def revalidated(view):
    """public_page's caching for an address without a language (the files, the API): anyone may keep a copy but
    checks it again on every use, by its ETag."""

    @_conditional_get
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        # Not in any language (both are inside, or none): socaid.middleware leaves out Vary: Accept-Language.
        request.language_neutral = True
        return _with_cache_policy(request, view(request, *args, **kwargs))

    return wrapped
