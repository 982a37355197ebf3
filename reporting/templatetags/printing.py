"""The printed documents' template filters (reporting/templates/reporting/*_document.html)."""
from django import template

from reporting import line_breaks

register = template.Library()


@register.filter
def kept_whole(text, phrases):
    """``{{ heading.attached_to|kept_whole:heading.whole }}``: the text, none of the phrases broken across lines."""
    return line_breaks.kept_whole(text, phrases or ())
