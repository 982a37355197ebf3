"""A page the public side does not have: said in the public frame and in the language of its address, never in the
staff's frame (which reads the session and offers the project bank)."""
import re

from django.shortcuts import render
from django.utils import translation
from django.views.defaults import page_not_found as staff_not_found

from reporting.public.pages import LANGUAGE_CODES, alternate_paths

PUBLIC_PATH = re.compile(rf"^/({'|'.join(LANGUAGE_CODES)})(/|$)")


def page_not_found(request, exception=None):
    language = getattr(request, "public_language", None)
    if language is None and (match := PUBLIC_PATH.match(request.path)):
        language = match.group(1)
    if language is None:
        return staff_not_found(request, exception)
    translation.activate(language)
    request.LANGUAGE_CODE = request.public_language = language
    request.public_alternates = alternate_paths(request, language)
    return render(request, "public/404.html", status=404)
