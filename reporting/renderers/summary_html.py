"""The year-end and whole-period summaries as HTML: the browser's print preview and WeasyPrint's input.

Lays out any document made of sections of tables (reporting.tables) with one template: each column's kind says
how its values are written and aligned, its width hint how much of the table it takes. No figure is computed here.
"""
from django.utils import translation
from django.utils.text import capfirst

from reporting.formatting import printed_amount, printed_count, printed_date
from reporting.renderers.column_widths import PADDING, fitting_shares, longest_word_points
from reporting.renderers.html import render_document
from reporting.tables import AMOUNT, COUNT, DATE, LABEL, RECORDS, TEXT

# Spreadsheet character widths (the width hints' unit) across A4 landscape between the margins, 252 mm.
PAGE_CHARACTERS = 136
PAGE_POINTS = 252 / 25.4 * 72
SIZES, DENSE_SIZES = (10.5, 10.5), (9, 9.5)  # print.css: the headings' and the cells' type, in points
FULL_WIDTH = 0.8  # a table that needs this share of the page takes all of it
DENSE = 1.1  # one that needs this much more than the page is set in smaller type
CELL_CLASSES = {TEXT: "text", LABEL: "number", COUNT: "amount", AMOUNT: "amount", DATE: "number"}
FORMATS = {
    TEXT: lambda value, language: "" if value is None else str(value),
    LABEL: lambda value, language: "" if value is None else str(value),
    COUNT: printed_count,
    AMOUNT: printed_amount,
    DATE: printed_date,
}


def summary_html(summary, *, for_print=True, inline_css=False) -> str:
    """The summary as a page of its own (``for_print``), or only the document, to place inside another page."""
    context = {
        "document": summary,
        "heading": summary.heading,
        "notes": [],  # each section carries its own
        "signature": summary.signature,
        "kind": summary.kind,
        "sections": [_section(section, summary.language) for section in summary.sections],
    }
    return render_document("reporting/sections_document.html", context, summary.language, for_print, inline_css)


def _section(section, language):
    with translation.override(language):
        maps = [choropleth.html() for choropleth in section.maps]
    return {"title": section.title, "leads": section.leads, "notes": section.notes, "maps": maps, "tables": [_table(table, language) for table in section.tables]}


def _table(table, language):
    """A table's cells written out, and its width and its columns' as shares of the page: wide enough for the
    hints, the whole page if it needs most of it, and in smaller type if it needs much more than the page; and no
    column narrower than its longest word, in its heading or its cells."""
    hints = [column.fitted_width for column in table.columns]
    need = sum(hints) / PAGE_CHARACTERS
    dense = need > DENSE
    rows = [_row(table.columns, row, language) for row in [*table.rows, *table.totals]]
    width = 1 if need >= FULL_WIDTH else need
    shares = fitting_shares(hints, _longest_words(table, rows, dense), PAGE_POINTS * width)
    return {
        "title": table.title,
        "empty": "" if table.rows else table.empty,
        "records": table.layout == RECORDS,
        "header": table.header,
        "width": f"{100 * width:.0f}",
        "dense": dense,
        "columns": [{"label": column.label, "width": f"{100 * share:.2f}"} for column, share in zip(table.columns, shares)],
        "rows": rows,
    }


def _longest_words(table, rows, dense):
    """Each column's longest word in points as print.css sets the table (bold headings; figures never wrap), padding included."""
    heading, body = DENSE_SIZES if dense else SIZES
    longest = [longest_word_points([capfirst(column.label)], heading, bold=True) if table.header else 0 for column in table.columns]
    for row in rows:
        index = 0
        for cell in row["cells"]:
            if cell["span"] == 1:
                texts = [cell["text"].replace(" ", "\u00a0")] if cell["class"] == "amount" else [cell["text"]]
                longest[index] = max(longest[index], longest_word_points(texts, body, bold=True))
            index += cell["span"]
    return [points + PADDING for points in longest]


def _row(columns, row, language):
    cells = []
    for index, (column, value) in enumerate(zip(columns, row.values)):
        kind = row.kind_of(index, column)
        cells.append({"text": FORMATS[kind](value, language), "class": CELL_CLASSES[kind], "label": column.label, "span": 1, "kind": kind})
    span = row.label_span(columns)
    if span:
        first, last = span
        label = next(index for index in range(first, last + 1) if cells[index]["text"])
        merged = {**cells[label], "class": f"{row.kind}-label", "span": last - first + 1}
        cells = [*cells[:first], merged, *cells[last + 1:]]
    return {"class": f"{row.kind}-row" if row.kind else "", "cells": cells}
