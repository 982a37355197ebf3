"""The one rule for control characters in stored text.

A backspace pasted into a form or a bell in a spreadsheet cell is invisible on the page but makes openpyxl refuse
the whole workbook it lands in, so no text keeps one: every save drops them (``without_controls_in``, connected to
every model's pre_save in partners.apps, and called by the bulk writes that send no signal), the importers' cell
reader drops them, and the spreadsheet writers drop any that were stored before this rule.
"""
import functools
import re
import unicodedata

from django.db import models

# C0 and C1 controls and DEL; tab, line feed and carriage return are dealt with apart.
CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
LINE_BREAKS = re.compile(r"\r\n?")


def without_controls(text):
    """``text`` without control characters but tab and line breaks, CR LF and CR as LF. Line breaks stay in a
    CharField too: a signer's title lines are one. Anything but a str is returned as it is."""
    if not isinstance(text, str) or text.isprintable():  # no control character, no line break: most texts, at once
        return text
    return CONTROLS.sub("", LINE_BREAKS.sub("\n", text))


def without_controls_in(instance):
    """Every text field of a model instance without control characters."""
    for attname in _text_fields(type(instance)._meta):
        value = getattr(instance, attname)
        cleaned = without_controls(value)
        if cleaned is not value:
            setattr(instance, attname, cleaned)


@functools.cache
def _text_fields(meta):
    """A model's text fields, found once per model: an import cleans tens of thousands of rows."""
    return tuple(field.attname for field in meta.concrete_fields if isinstance(field, (models.CharField, models.TextField)))


def drop_controls_before_saving(sender, instance, raw=False, **kwargs):
    if not raw:
        without_controls_in(instance)


def fold(text: str) -> str:
    """'Đèn đường' -> 'den duong': lower case, without marks; đ is a letter of its own, folded to d."""
    text = (text or "").replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).lower().split())
