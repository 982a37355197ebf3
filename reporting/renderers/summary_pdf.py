"""The year-end and whole-period summaries as PDF, drawn by WeasyPrint from their HTML (renderers.summary_html)."""
from reporting.renderers.pdf import html_to_pdf
from reporting.renderers.summary_html import summary_html


def summary_pdf(summary) -> bytes:
    return html_to_pdf(summary_html(summary))
