from django import template
from django.utils.html import format_html
from django.utils.translation import get_language

from projects.amounts import format_amount
from socaid.bilingual import in_language, printed_text, stored_phrase

register = template.Library()


@register.filter
def amount(value):
    """An amount in million VND in the page's language; an unknown one shows as a dash for screen readers too."""
    text = format_amount(value)
    return text if text else format_html('<span class="unknown" title="{0}">—</span>', "?")


@register.filter
def sort_link_state(current, key):
    """'asc', 'desc' or '' for the column ``key`` given the list's ordering parameter."""
    if current == key:
        return "asc"
    if current == f"-{key}":
        return "desc"
    return ""


@register.filter
def toggled(current, key):
    return f"-{key}" if current == key else key


@register.filter
def person(user):
    """A user's full name, else their username; a dash when the record has no user (loaded by a command)."""
    if user is None:
        return "—"
    return user.get_full_name() or user.username


@register.filter
def localized(obj, field):
    """The English text of ``field`` when the page is in English and one exists; the Vietnamese otherwise."""
    return in_language(obj, field) if obj else ""  # a relation that is not set reaches the template as ""


@register.filter
def printed(obj, field):
    """Like ``localized``, with the Vietnamese marked [VI] where the English is missing: for texts, not names."""
    return printed_text(obj, field, get_language()) if obj else ""


@register.filter
def phrase(text):
    return stored_phrase(text)
