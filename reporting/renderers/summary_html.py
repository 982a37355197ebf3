"""The year-end summary and the whole-period summary as HTML: the browser's print preview and WeasyPrint's input.

Formats and lays out what reporting.builders.summary gives; no figure is computed here.
"""
from decimal import Decimal

from django.utils import translation
from django.utils.formats import date_format

from projects.amounts import format_amount
from reporting.formatting import printed_amount
from reporting.renderers.html import render_document


def _shared(summary):
    """What both summaries hand the templates unchanged."""
    return {
        "document": summary,
        "heading": summary.heading,
        "notes": summary.notes,
        "signature": None,
        "kind": summary.kind,
        "titles": summary.titles,
        "columns": summary.columns,
        "empty": summary.empty,
        "nothing": summary.nothing,
        "total_label": summary.total_label,
    }


def year_summary_html(summary, *, for_print=True, inline_css=False) -> str:
    """The year's summary as a page of its own (``for_print``), or only the document, to place inside another page."""
    language = summary.language
    amount, count = _formatters(language)
    context = {
        **_shared(summary),
        "round_line": summary.round_line,
        "has_round": summary.round is not None,
        "overview": [_item(item, amount, count) for item in summary.overview.items] if summary.round is not None else [],
        "totals": [_item(item, amount, count) for item in summary.total_items],
        "sectors": [_sector(row, amount, count) for row in summary.sectors],
        "sector_total": _sector(summary.sector_total, amount, count),
        "localities": [_locality(row, amount, count) for row in summary.localities],
        "locality_total": _locality(summary.locality_total, amount, count),
        "projects": [_project(row, amount, count) for row in summary.projects],
        "project_total": _project(summary.project_total, amount, count),
        "statuses": [
            {"number": str(index), "label": row.label, "values": [count(row.reported), count(row.bank)]}
            for index, row in enumerate(summary.statuses, start=1)
        ],
        "ngos": summary.ngos,
        "new_ngos": summary.new_ngos,
        "target": summary.target,
        "late": [
            {"number": row.number, "unit": row.unit, "day": printed_date(row.submitted_on, language), "days": count(row.days_late), "state": row.state_label}
            for row in summary.late
        ],
        "not_reported": summary.not_reported,
        "narratives": summary.narratives,
    }
    return render_document("reporting/summary_document.html", context, language, for_print, inline_css)


def period_summary_html(summary, *, for_print=True, inline_css=False) -> str:
    language = summary.language
    amount, count = _formatters(language)
    context = {
        **_shared(summary),
        "years": [_year(row, amount, count) for row in summary.years],
        "year_total": _year(summary.year_total, amount, count, label=summary.total_label),
        "sectors": [_sector(row, amount, count) for row in summary.sectors],
        "sector_total": _sector(summary.sector_total, amount, count),
        "ngos": summary.ngos,
        "target": summary.target,
        "statuses": [
            {"number": str(index), "label": row.label, "values": [count(row.bank), amount(row.aid_sought)]}
            for index, row in enumerate(summary.statuses, start=1)
        ],
        "status_total": {"label": summary.status_total.label, "values": [count(summary.status_total.bank), amount(summary.status_total.aid_sought)]},
        "comparison": [_item(item, amount, count) for item in summary.comparison],
    }
    return render_document("reporting/period_document.html", context, language, for_print, inline_css)


def printed_date(day, language):
    """23/12/2025 in Vietnamese, 23 Dec 2025 in English."""
    if day is None:
        return ""
    with translation.override(language):
        return date_format(day, "j M Y" if language == "en" else "d/m/Y")


def printed_count(value, language):
    """A whole number of things, grouped as amounts are (1.250 people in Vietnamese); zero is 0, not a dash."""
    if value is None:
        return ""
    with translation.override(language):
        return format_amount(Decimal(value))


def _formatters(language):
    return (lambda value: printed_amount(value, language)), (lambda value: printed_count(value, language))


def _item(item, amount, count):
    return {"label": item.label, "value": count(item.value) if item.is_count else amount(item.value)}


def _sector(row, amount, count):
    return {
        "numeral": row.numeral,
        "name": row.name,
        "values": [
            count(row.bank_projects), amount(row.aid_sought), count(row.reported_projects),
            amount(row.committed_year), amount(row.disbursed_year), amount(row.counterpart_spent),
        ],
    }


def _locality(row, amount, count):
    figures = row.figures
    return {
        "number": row.number,
        "name": row.name,
        "kind": row.kind,
        "values": [
            count(figures.projects), amount(figures.committed_year), amount(figures.disbursed_year),
            amount(figures.counterpart_spent), count(figures.beneficiaries),
        ],
    }


def _project(row, amount, count):
    return {
        "number": row.number,
        "name": row.name,
        "agency": row.agency,
        "currency": row.currency,
        "rate": amount(row.rate),
        "rate_missing": row.rate_missing,
        "values": [
            amount(row.committed_year), amount(row.disbursed_year), amount(row.committed_total), amount(row.disbursed_total),
            amount(row.counterpart_spent), count(row.beneficiaries),
        ],
        "status": row.status,
    }


def _year(row, amount, count, label=None):
    return {
        "year": label or str(row.year),
        "opened": row.round_label,
        "values": [
            count(row.obliged), count(row.accepted), amount(row.committed_year), amount(row.disbursed_year),
            amount(row.counterpart_spent), count(row.ngos),
        ],
    }
