"""Records written in Vietnamese with an English twin: which text a reader of either language gets.

Every bilingual field ``x`` has its English in ``x_en``. Vietnamese readers get ``x``. English readers get
``x_en`` where someone wrote it; otherwise the Vietnamese, which documents for NGOs mark with [VI] so that
nobody takes it for a translation (proper names, such as places, need no mark).
"""
from django.utils.translation import get_language
from django.utils.translation import gettext as _

# Marks a text whose English is missing, so the Vietnamese stands in its place.
VI_MARK = " [VI]"


def in_language(obj, name, language=None, *, marked=False):
    """The field ``name`` of ``obj`` in ``language`` (the active language by default)."""
    vietnamese = getattr(obj, name) or ""
    if (language or get_language()) != "en":
        return vietnamese
    english = getattr(obj, f"{name}_en", "") or ""
    if english:
        return english
    return f"{vietnamese}{VI_MARK}" if marked and vietnamese else vietnamese


def printed_text(obj, name, language):
    """The field as a document for NGOs prints it: in English, the Vietnamese marked [VI] where no English exists."""
    return in_language(obj, name, language, marked=True)


def stored_phrase(text):
    """A phrase the portal itself stored (a loader's history reason, its timeline note) in the reader's language.

    Such phrases are stored as their English message id, marked for the catalogue with gettext_noop, because the
    reader's language is not known when they are written; text people typed has no entry and shows as typed.
    """
    return _(text) if text else text


def is_marked(text):
    """Whether ``text`` is Vietnamese standing in for missing English."""
    return str(text).endswith(VI_MARK)


def missing_english_note(texts, language):
    """The note an English document carries where Vietnamese text stands in for missing English."""
    if language == "en" and any(VI_MARK in str(text) for text in texts):
        return [str(_("[VI]: no English translation yet; the Vietnamese text is shown."))]
    return []
