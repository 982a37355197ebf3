import time

from django.core.management.base import BaseCommand

from reporting.builders.plan import build_plan
from reporting.management.commands._export import add_common_arguments, add_signature_argument, check_choices, find_programme, write
from reporting.renderers.html import plan_html
from reporting.renderers.pdf import plan_pdf
from reporting.renderers.xlsx import plan_xlsx

RENDERERS = {"pdf": plan_pdf, "xlsx": plan_xlsx, "html": lambda plan: plan_html(plan, inline_css=True)}


class Command(BaseCommand):
    help = "Write the implementation plan (Phụ lục kế hoạch thực hiện) as PDF, XLSX or HTML."

    def add_arguments(self, parser):
        add_common_arguments(parser)
        add_signature_argument(parser)

    def handle(self, *args, **options):
        check_choices(options)
        programme = find_programme(options["programme"])
        started = time.perf_counter()
        plan = build_plan(programme, language=options["lang"], signature=options["signature"])
        path = write(options["output"], RENDERERS[options["format"]](plan))
        self.stdout.write(f"{path}: {len(plan.rows)} tasks, {options['format']} in {options['lang']}, {time.perf_counter() - started:.1f} s")
