import time

from django.core.management.base import BaseCommand, CommandError

from projects.models import Project
from reporting.builders.appendix import build_appendix
from reporting.management.commands._export import add_common_arguments, add_signature_argument, check_choices, find_programme, write
from reporting.renderers.html import appendix_html
from reporting.renderers.pdf import appendix_pdf
from reporting.renderers.xlsx import appendix_xlsx

# A file opened from disk cannot reach /static/: its HTML carries the stylesheet.
RENDERERS = {"pdf": appendix_pdf, "xlsx": appendix_xlsx, "html": lambda appendix: appendix_html(appendix, inline_css=True)}


class Command(BaseCommand):
    help = "Write the appendix of proposed projects (Danh mục dự án) as PDF, XLSX or HTML."

    def add_arguments(self, parser):
        add_common_arguments(parser)
        parser.add_argument(
            "--status", action="append", default=[],
            help="only projects in this status (repeatable), e.g. published; by default those accepted into the bank and further "
            "along, not withdrawn (in English: published)",
        )
        parser.add_argument("--sector", help="only this sector, by its numeral (I, II…)")
        parser.add_argument("--no-content", action="store_true", help="leave out the content column")
        add_signature_argument(parser)

    def handle(self, *args, **options):
        check_choices(options)
        programme = find_programme(options["programme"])
        statuses = options["status"]
        unknown = sorted(set(statuses) - set(Project.Status.values))
        if unknown:
            raise CommandError(f"Unknown status {', '.join(unknown)}; use one of {', '.join(Project.Status.values)}.")
        sector = None
        if options["sector"]:
            sector = programme.sectors.filter(numeral=options["sector"].upper()).first()
            if sector is None:
                known = ", ".join(programme.sectors.values_list("numeral", flat=True))
                raise CommandError(f"Programme {programme.number} has no sector {options['sector']!r}; its sectors are {known}.")
        started = time.perf_counter()
        appendix = build_appendix(
            programme,
            language=options["lang"],
            with_content=not options["no_content"],
            statuses=statuses or None,
            sector=sector,
            signature=options["signature"],
        )
        path = write(options["output"], RENDERERS[options["format"]](appendix))
        self.stdout.write(
            f"{path}: {appendix.project_count} projects, {appendix.row_count} rows, {options['format']} in {options['lang']}, "
            f"{time.perf_counter() - started:.1f} s"
        )
