"""A message as a reader of a given language reads it, for tests that assert a page's or an e-mail's wording."""
from django.utils import translation
from django.utils.translation import gettext


def translated(language, message):
    with translation.override(language):
        return gettext(message)
