from django.conf import settings
from django.contrib.auth import middleware as auth_middleware
from django.middleware.locale import LocaleMiddleware
from django.shortcuts import render
from django.utils import translation


class ChosenLanguageMiddleware(LocaleMiddleware):
    """Vietnamese unless the user chose English with the language switch.

    Django's LocaleMiddleware follows the browser's Accept-Language, which on
    the English-language office PCs common in departments would hide the
    portal's default language.
    """

    def process_request(self, request):
        code = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if code not in dict(settings.LANGUAGES):
            code = settings.LANGUAGE_CODE
        translation.activate(code)
        request.LANGUAGE_CODE = translation.get_language()

    def process_response(self, request, response):
        # A public page's language is in its URL (reporting.public.pages), not in the request's headers: saying it
        # varies on Accept-Language would keep caches from sharing it.
        if language := getattr(request, "public_language", None):
            response.headers.setdefault("Content-Language", language)
            return response
        if getattr(request, "language_neutral", False):  # the IATI file, the sitemap, the API
            return response
        return super().process_response(request, response)


def largest_file_mb():
    """The largest file the portal accepts anywhere: a report's attachment or a spreadsheet to import."""
    return max(settings.REPORT_ATTACHMENT_MAX_MB, settings.IMPORT_MAX_MB)


def announced_body_too_large(request):
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return False
    # The form's other fields are bounded by Django's in-memory limit.
    return length > largest_file_mb() * 1024 * 1024 + settings.DATA_UPLOAD_MAX_MEMORY_SIZE


class RequestSizeLimitMiddleware:
    """413 for a request announcing a body bigger than any upload allowed, before anything reads it.

    Reading request.POST (the CSRF check does, for anyone holding a CSRF cookie) streams an upload to a
    temporary file first, so a size check in a view comes after the disk is already written.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if announced_body_too_large(request):
            return render(request, "413.html", {"limit": largest_file_mb()}, status=413)
        return self.get_response(request)


class LoginRequiredMiddleware(auth_middleware.LoginRequiredMiddleware):
    """Django's, asking the view before the session: Django's reads request.user first, so every public page read
    the session and its answer said "Vary: Cookie", which keeps caches from serving one copy to every reader."""

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not getattr(view_func, "login_required", True):
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)


def content_security_policy(response):
    """settings.SECURE_CSP as a header. A page that its own site may frame (the documents' previews, marked with
    Django's xframe_options_sameorigin) may be framed by the same origin here too: one decorator says it for both."""
    policy = dict(settings.SECURE_CSP)
    if response.get("X-Frame-Options", "").upper() == "SAMEORIGIN":
        policy["frame-ancestors"] = ["'self'"]
    return "; ".join(" ".join([directive, *sources]) for directive, sources in policy.items())


class ContentSecurityPolicyMiddleware:
    """The Content-Security-Policy header on every response: scripts and everything else only from the portal's own
    files, no inline script, no plug-in, no framing by another site, forms sent only to the portal.

    Django 6.0 has this middleware itself (django.middleware.csp), reading the same setting in the same shape:
    moving to it is replacing this class's name in MIDDLEWARE."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", content_security_policy(response))
        return response
