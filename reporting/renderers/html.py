"""The printed documents as HTML: the browser's print preview and WeasyPrint's input are the same page.

The renderer formats and lays out; every figure comes from the builder (reporting.builders), none is computed here.

The standalone page links its stylesheet with ``{% static %}``, which a browser fetches from the site; the PDF
renderer serves that same URL to WeasyPrint from the local file (reporting.renderers.pdf). A page written to a
file and opened without the site can carry the stylesheet inline instead (``inline_css=True``).
"""
from functools import lru_cache
from pathlib import Path

from django.template.loader import render_to_string
from django.utils import translation

from projects.appendix_layout import AMOUNT_ROLES
from reporting.formatting import printed_amount
from reporting.line_breaks import heading_words

STYLESHEET = "reporting/print.css"
STYLESHEET_PATH = Path(__file__).resolve().parent.parent / "static" / STYLESHEET
# How a text column's cells are set, where not as plain text.
CELL_CLASSES = {"number": "number", "period": "text period", "content": "text content"}


def appendix_html(appendix, *, for_print=True, inline_css=False) -> str:
    """The appendix as a page of its own (``for_print``), or only the document, to place inside another page."""
    language = appendix.language
    roles = appendix.roles
    first_amount, after_amounts = roles.index(AMOUNT_ROLES[0]), len(roles) - roles.index(AMOUNT_ROLES[-1]) - 1
    context = {
        "document": appendix,
        "heading": appendix.heading,
        "signature": appendix.signature,
        "notes": appendix.notes,
        "columns": appendix.columns,
        "column_classes": ["col-amount" if role in AMOUNT_ROLES else f"col-{role}" for role in roles],
        "with_content": appendix.with_content,
        "groups": [
            {
                "numeral": group.numeral,
                "name": group.name,
                "subtotal": _amounts(group.subtotal, language),
                "rows": [{"row": row, "cells": _cells(row, roles, language)} for row in group.rows],
            }
            for group in appendix.groups
        ],
        "total": _amounts(appendix.total, language),
        "total_label": appendix.total_label,
        "sector_span": first_amount - 1,
        "total_span": first_amount,
        "after_amounts": range(after_amounts),
        "kind": "appendix",
    }
    return render_document("reporting/appendix_document.html", context, language, for_print, inline_css)


def plan_html(plan, *, for_print=True, inline_css=False) -> str:
    context = {
        "document": plan,
        "heading": plan.heading,
        "signature": plan.signature,
        "notes": plan.notes,
        "columns": plan.columns,
        "rows": plan.rows,
        "kind": "plan",
    }
    return render_document("reporting/plan_document.html", context, plan.language, for_print, inline_css)


def stylesheet_text() -> str:
    return _stylesheet(STYLESHEET_PATH.stat().st_mtime_ns)


@lru_cache(maxsize=2)
def _stylesheet(_mtime):
    return STYLESHEET_PATH.read_text(encoding="utf-8")


def _amounts(amounts, language):
    return [printed_amount(value, language) for value in amounts.as_tuple()]


def _cells(row, roles, language):
    """(CSS class, text) of each cell of an appendix row, in the layout's order."""
    return [
        ("amount", printed_amount(row.amounts.get(role), language)) if role in AMOUNT_ROLES else (CELL_CLASSES.get(role, "text"), getattr(row, role))
        for role in roles
    ]


def render_document(template, context, language, for_print, inline_css):
    context = {
        **context,
        "heading_words": heading_words(language),
        "language": language,
        "standalone": for_print,
        "stylesheet": STYLESHEET,
        "inline_css": stylesheet_text() if inline_css else "",
    }
    with translation.override(language):
        return render_to_string(template, context)
