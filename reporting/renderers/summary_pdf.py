"""The year-end summary and the whole-period summary as PDF, drawn by WeasyPrint from their HTML (renderers.summary_html)."""
from reporting.renderers.pdf import html_to_pdf
from reporting.renderers.summary_html import period_summary_html, year_summary_html


def year_summary_pdf(summary) -> bytes:
    return html_to_pdf(year_summary_html(summary))


def period_summary_pdf(summary) -> bytes:
    return html_to_pdf(period_summary_html(summary))
