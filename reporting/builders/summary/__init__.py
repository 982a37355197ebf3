"""The year-end summary of the annual reporting round, and the summary of the programme's whole period, as plain data.

One builder per document, three renderers (HTML, PDF, XLSX): every figure is computed here, in a fixed number
of queries whatever the number of units, reports and lines, and never in a renderer. Each table is described
once, here, as sections of reporting.tables.Table (typed columns, rows, totals), which the renderers lay out
without knowing one table from another.

Only accepted reports count. Each line's amounts are converted to million VND (the bank's unit) at the line's
own rate and rounded to the thousand VND (three decimals, half up) once, here, before anything is added up:
every total is then exactly the sum of the rows printed above it, in every table.
"""
from reporting.builders.summary.lines import thousandth
from reporting.builders.summary.period import build_period_summary
from reporting.builders.summary.year import build_year_summary

__all__ = ["build_period_summary", "build_year_summary", "thousandth"]
