import datetime
import time

from django.core.management.base import BaseCommand, CommandError

from partners.localities import Basis
from reporting.builders.heading import IssueDetails
from reporting.builders.summary import build_period_summary, build_year_summary
from reporting.management.commands._export import (
    add_common_arguments,
    check_choices,
    find_programme,
    write,
)
from reporting.renderers.summary_html import summary_html
from reporting.renderers.summary_pdf import summary_pdf
from reporting.renderers.summary_xlsx import summary_xlsx

# A file opened from disk cannot reach /static/: its HTML carries the stylesheet.
RENDERERS = {"pdf": summary_pdf, "xlsx": summary_xlsx, "html": lambda summary: summary_html(summary, inline_css=True)}


class Command(BaseCommand):
    help = "Write the year-end summary of the annual reports (Báo cáo tổng hợp), or with --period that of the programme's whole period, as PDF, XLSX or HTML."

    def add_arguments(self, parser):
        add_common_arguments(parser)
        parser.add_argument("--year", help="the year of the reporting round, e.g. 2025")
        parser.add_argument("--period", action="store_true", help="the programme's whole period instead of one year")
        parser.add_argument("--number", default="", help="the report's number, e.g. 125/BC-UBND (default: left blank)")
        parser.add_argument("--date", default="", help="the report's date, YYYY-MM-DD (default: left blank)")
        parser.add_argument("--signer-title", help="the signature block's lines, separated by | (default: the programme's)")
        parser.add_argument("--signer-name", help="the signatory (default: the programme's)")
        parser.add_argument("--recipients", help="the recipients, separated by | (default: the usual ones)")
        parser.add_argument("--localities", default="", help="the table by locality by the units of this day, YYYY-MM-DD (default: the end of the year or period)")

    def handle(self, *args, **options):
        check_choices(options)
        year = _year(options["year"], options["period"])
        programme = find_programme(options["programme"])
        issue = _issue(options)
        basis = Basis(_day(options["localities"], "--localities")) if options["localities"] else None
        started = time.perf_counter()
        if year is None:
            summary = build_period_summary(programme, language=options["lang"], issue=issue, basis=basis)
            what = f"{summary.first_year}-{summary.last_year}, {summary.totals.rounds} rounds"
        else:
            summary = build_year_summary(programme, year, language=options["lang"], issue=issue, basis=basis)
            what = f"{year}, {summary.overview.accepted} of {summary.overview.obliged} reports accepted" if summary.round else f"{year}, no round opened"
        path = write(options["output"], RENDERERS[options["format"]](summary))
        self.stdout.write(f"{path}: {what}, {options['format']} in {options['lang']}, {time.perf_counter() - started:.1f} s")


def _day(value, option):
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"{option} must be a day such as 2026-01-05, not {value!r}.") from None


def _issue(options):
    day = _day(options["date"], "--date") if options["date"] else None

    def lines(value):
        return None if value is None else "\n".join(part.strip() for part in value.split("|"))

    return IssueDetails(
        number=options["number"], day=day, signer_title=lines(options["signer_title"]), signer_name=options["signer_name"],
        recipients=lines(options["recipients"]),
    )


def _year(value, period):
    # Checked here rather than by argparse so that a wrong value gives one line, not usage plus error.
    if value and period:
        raise CommandError("Give either --year or --period, not both.")
    if period:
        return None
    if not value:
        raise CommandError("Give --year YEAR for a year's summary, or --period for the programme's whole period.")
    if not value.isdigit() or not 2000 <= int(value) <= 2100:
        raise CommandError(f"--year must be a year such as 2025, not {value!r}.")
    return int(value)
