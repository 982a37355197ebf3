"""Times and peak memory of the appendix exports at 1,000 and 10,000 projects, beside bare WeasyPrint and openpyxl.

Each measurement runs in a forked child process, so that its peak memory is
its own. The bare baselines render the same rows as plain text cells, so the
ratio shows what the builder, templates and styling add.
"""
import io
import multiprocessing
import resource
import time

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from projects.models import Programme, Project

CODE = "bench-export-{n}"


def _bare_rows(appendix):
    for group in appendix.groups:
        yield [group.numeral, group.name, "", "", "", "", *(str(v or "") for v in group.subtotal.as_tuple()), ""]
        for row in group.rows:
            yield [row.number, row.name, row.agency, row.location, row.period, row.content, *(str(v or "") for v in row.amounts.as_tuple()), row.notes]


def _bare_pdf(appendix):
    from html import escape

    from weasyprint import HTML

    cells = "".join("<tr>" + "".join(f"<td>{escape(str(c))}</td>" for c in row) + "</tr>" for row in _bare_rows(appendix))
    # The same page size and a fixed table layout, as our template uses: the baseline does no extra layout work.
    style = "@page { size: A4 landscape; margin: 20mm 15mm 20mm 30mm } table { width: 100%; table-layout: fixed; border-collapse: collapse; font: 11pt serif } td { border: 1px solid #000; vertical-align: top }"
    return HTML(string=f"<style>{style}</style><table>{cells}</table>").write_pdf()


def _bare_xlsx(appendix):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    for row in _bare_rows(appendix):
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _measure(task, programme_code, queue):
    from reporting.builders.appendix import build_appendix
    from reporting.renderers.pdf import appendix_pdf
    from reporting.renderers.xlsx import appendix_xlsx

    connection.close()  # the child opens its own connection
    programme = Programme.objects.get(code=programme_code)
    started = time.perf_counter()
    appendix = build_appendix(programme, statuses=Project.Status.values)  # every generated project, whatever its status
    built = time.perf_counter()
    renderer = {"pdf": appendix_pdf, "xlsx": appendix_xlsx, "bare pdf": _bare_pdf, "bare xlsx": _bare_xlsx}[task]
    size = len(renderer(appendix))
    done = time.perf_counter()
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    queue.put((built - started, done - built, size, peak_mib))


class Command(BaseCommand):
    help = "Measure appendix export time and memory at 1,000 and 10,000 synthetic projects (creates synthetic programmes)."

    def add_arguments(self, parser):
        parser.add_argument("--sizes", nargs="+", type=int, default=[1000, 10000])
        parser.add_argument("--skip-pdf-above", type=int, default=None, help="skip PDFs larger than this many projects")

    def handle(self, *args, sizes, skip_pdf_above, **options):
        if "fork" not in multiprocessing.get_all_start_methods():
            raise CommandError("This benchmark needs the fork start method (Linux).")
        context = multiprocessing.get_context("fork")
        self.stdout.write(f"{connection.vendor}; seconds and peak MiB of the process; ratio = ours / bare")
        self.stdout.write(f"{'projects':>8}  {'format':<5}  {'build s':>7}  {'render s':>8}  {'MiB':>6}  {'bare s':>6}  {'bare MiB':>8}  {'ratio':>5}")
        for n in sizes:
            code = CODE.format(n=n)
            if not Programme.objects.filter(code=code).exists():
                call_command("generate_bank", projects=n, ngos=0, programme_code=code, stdout=io.StringIO())
            connection.close()
            for fmt in ("xlsx", "pdf"):
                if fmt == "pdf" and skip_pdf_above and n > skip_pdf_above:
                    continue
                ours = self._run(context, fmt, code)
                bare = self._run(context, f"bare {fmt}", code)
                ratio = (ours[0] + ours[1]) / bare[1] if bare[1] else float("nan")
                self.stdout.write(
                    f"{n:>8}  {fmt:<5}  {ours[0]:>7.1f}  {ours[1]:>8.1f}  {ours[3]:>6.0f}  {bare[1]:>6.1f}  {bare[3]:>8.0f}  {ratio:>5.2f}"
                )

    @staticmethod
    def _run(context, task, code):
        queue = context.Queue()
        process = context.Process(target=_measure, args=(task, code, queue))
        process.start()
        result = queue.get()
        process.join()
        return result
