"""Times and peak memory of the appendix exports at 1,000 and 10,000 projects, beside bare WeasyPrint and openpyxl.

Each measurement runs in a forked child process, so that its peak memory is
its own. The bare baselines render the same rows as plain text cells, so the
ratio shows what the builder, templates and styling add. The workbook has a
second baseline, "styled": openpyxl alone writing the same styled cells in the
cheapest way it allows (named styles registered once, a write-only sheet,
heights, merged ranges, widths, formulas and print settings), so that its
ratio shows what our renderer costs beyond the look itself.
"""
import io
import multiprocessing
import resource
import statistics
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


def _bare_styled_xlsx(appendix):
    """The appendix's sheet as openpyxl alone writes it with the same look: no builder's heading code, no cached
    formula results, the heights estimated inline."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, NamedStyle
    from openpyxl.styles.cell_style import StyleArray
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.cell_range import CellRange

    from projects.appendix_layout import AMOUNT_ROLES
    from reporting.renderers.xlsx import APPENDIX_WIDTHS
    from socaid import spreadsheets as s

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Sheet")
    styles = {
        "text": (s.TABLE_FONT, s.WRAPPED, s.BORDER, None, "General"),
        "label": (s.TABLE_FONT, s.CENTRED_TOP, s.BORDER, None, "General"),
        "bold text": (s.BOLD, s.WRAPPED, s.BORDER, None, "General"),
        "bold label": (s.BOLD, s.CENTRED_TOP, s.BORDER, None, "General"),
        "whole": (s.TABLE_FONT, s.RIGHT, s.BORDER, None, s.WHOLE_FORMAT),
        "fraction": (s.TABLE_FONT, s.RIGHT, s.BORDER, None, s.FRACTION_FORMAT),
        "bold whole": (s.BOLD, s.RIGHT, s.BORDER, None, s.WHOLE_FORMAT),
        "bold fraction": (s.BOLD, s.RIGHT, s.BORDER, None, s.FRACTION_FORMAT),
        "header": (s.BOLD, s.CENTRED, s.BORDER, s.HEADER_FILL, "General"),
        "title": (s.TITLE, Alignment(horizontal="center", vertical="center", wrap_text=True), None, None, "General"),
        "subtitle": (s.SUBTITLE, Alignment(horizontal="center", vertical="center", wrap_text=True), None, None, "General"),
        "filter": (s.ITALIC, Alignment(horizontal="center", vertical="center", wrap_text=True), None, None, "General"),
        "unit": (s.ITALIC, Alignment(horizontal="right", vertical="bottom", wrap_text=True), None, None, "General"),
    }
    arrays = {}
    for name, (font, alignment, border, fill, number_format) in styles.items():
        style = NamedStyle(name=name, font=font, alignment=alignment, border=border, fill=fill, number_format=number_format)
        workbook.add_named_style(style)
        arrays[name] = style.as_tuple()
    roles = appendix.roles
    width = len(roles)
    widths = APPENDIX_WIDTHS[appendix.language if appendix.language == "en" else "vi", appendix.with_content]
    for index, role in enumerate(roles, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = s.fitted_width(widths[role], appendix.columns[index - 1])
    characters = [widths[role] * 1.3 - 1 for role in roles]
    amounts = [roles.index(role) for role in AMOUNT_ROLES]
    last_text = amounts[0]
    heading = appendix.heading
    lines = [(line, "title") for line in heading.title] + [(heading.attached_to, "subtitle")] + [(line, "filter") for line in heading.filters] + [("", None), (heading.unit, "unit")]
    header = len(lines) + 1
    s.print_setup(sheet, header)
    state = {"row": 0}

    def cell(value, style, text=False):
        c = WriteOnlyCell(sheet, value=value)
        if text and value:
            c.data_type = "s"
        # What ``c.style = style`` does, without its look-up of the name in a list built anew for each cell: the
        # cheapest way to a styled cell, which our renderer takes too (socaid.spreadsheets._styled).
        c._style = StyleArray(arrays[style])
        return c

    def append(cells, merge_to=None, fit=True):
        state["row"] += 1
        row = state["row"]
        if fit:
            tallest = max((-(-len(c.value) // int(characters[index])) for index, c in enumerate(cells) if isinstance(c.value, str) and c.data_type == "s"), default=1)
            sheet.row_dimensions[row].height = round(max(tallest, 1) * 13 + 3, 1)
        if merge_to:
            sheet.merged_cells.add(CellRange(min_row=row, min_col=merge_to[0], max_row=row, max_col=merge_to[1]))
        sheet.append(cells)
        sheet.row_dimensions.pop(row, None)

    def amount(value, bold=False):
        fraction = value is not None and value != int(value)
        return cell(None if value is None else (float(value) if fraction else int(value)), ("bold " if bold else "") + ("fraction" if fraction else "whole"))

    for line, style in lines:
        append([cell(line, style, text=True)] if style else [], merge_to=(1, width) if style else None, fit=False)
    append([cell(label, "header", text=True) for label in appendix.columns])
    subtotal_rows = []
    for group in appendix.groups:
        subtotal_rows.append(state["row"] + 1)
        first, last = state["row"] + 2, state["row"] + 1 + len(group.rows)
        cells = [cell(group.numeral, "bold label", text=True), cell(group.name, "bold text", text=True)]
        cells += [cell(None, "text") for _ in range(2, last_text)]
        for index, value in zip(amounts, group.subtotal.as_tuple()):
            letter = get_column_letter(index + 1)
            cells.append(cell(f"=SUM({letter}{first}:{letter}{last})", "bold whole"))
        cells.append(cell(None, "text"))
        append(cells, merge_to=(2, last_text))
        for item in group.rows:
            texts = [item.number, item.name, item.agency, item.location, item.period] + ([item.content] if appendix.with_content else [])
            cells = [cell(value or None, "label" if index in (0, 4) else "text", text=True) for index, value in enumerate(texts)]
            cells += [amount(value) for value in item.amounts.as_tuple()]
            cells.append(cell(item.notes or None, "text", text=True))
            append(cells)
    cells = [cell(None, "text"), cell(appendix.total_label, "bold label", text=True)] + [cell(None, "text") for _ in range(2, last_text)]
    for index in amounts:
        letter = get_column_letter(index + 1)
        cells.append(cell("=SUM(" + ",".join(f"{letter}{row}" for row in subtotal_rows) + ")", "bold whole"))
    cells.append(cell(None, "text"))
    append(cells, merge_to=(2, last_text))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _measure(task, programme_code, queue, clock=time.perf_counter):
    from reporting.builders.appendix import build_appendix
    from reporting.renderers.pdf import appendix_pdf
    from reporting.renderers.xlsx import appendix_xlsx

    connection.close()  # the child opens its own connection
    programme = Programme.objects.get(code=programme_code)
    started = clock()
    appendix = build_appendix(programme, statuses=Project.Status.values)  # every generated project, whatever its status
    built = clock()
    renderer = {"pdf": appendix_pdf, "xlsx": appendix_xlsx, "bare pdf": _bare_pdf, "bare xlsx": _bare_xlsx, "styled xlsx": _bare_styled_xlsx}[task]
    size = len(renderer(appendix))
    done = clock()
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    queue.put((built - started, done - built, size, peak_mib))


class Command(BaseCommand):
    help = "Measure appendix export time and memory at 1,000 and 10,000 synthetic projects (creates synthetic programmes)."

    def add_arguments(self, parser):
        parser.add_argument("--sizes", nargs="+", type=int, default=[1000, 10000])
        parser.add_argument("--skip-pdf-above", type=int, default=None, help="skip PDFs larger than this many projects")
        parser.add_argument("--repeat", type=int, default=1, help="measure each this many times and print the medians")
        parser.add_argument(
            "--cpu", action="store_true",
            help="seconds of the process's own CPU time instead of the clock's: steadier on a machine others load",
        )

    def handle(self, *args, sizes, skip_pdf_above, repeat, cpu, **options):
        self.repeat, self.clock = repeat, time.process_time if cpu else time.perf_counter
        if "fork" not in multiprocessing.get_all_start_methods():
            raise CommandError("This benchmark needs the fork start method (Linux).")
        context = multiprocessing.get_context("fork")
        self.stdout.write(
            f"{connection.vendor}; {'CPU ' if cpu else ''}seconds and peak MiB of the process; ratio = ours (build and render) / bare; "
            "styled: openpyxl alone writing the same styled cells, and render / styled"
        )
        self.stdout.write(
            f"{'projects':>8}  {'format':<5}  {'build s':>7}  {'render s':>8}  {'MiB':>6}  {'bare s':>6}  {'bare MiB':>8}  {'ratio':>5}"
            f"  {'styled s':>8}  {'styled MiB':>10}  {'ratio':>5}"
        )
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
                line = f"{n:>8}  {fmt:<5}  {ours[0]:>7.1f}  {ours[1]:>8.1f}  {ours[3]:>6.0f}  {bare[1]:>6.1f}  {bare[3]:>8.0f}  {ratio:>5.2f}"
                if fmt == "xlsx":
                    styled = self._run(context, "styled xlsx", code)
                    line += f"  {styled[1]:>8.1f}  {styled[3]:>10.0f}  {ours[1] / styled[1]:>5.2f}"
                self.stdout.write(line)

    def _run(self, context, task, code):
        """The medians of ``repeat`` measurements, each figure on its own."""
        results = []
        for _ in range(self.repeat):
            queue = context.Queue()
            process = context.Process(target=_measure, args=(task, code, queue, self.clock))
            process.start()
            results.append(queue.get())
            process.join()
        return tuple(statistics.median(figures) for figures in zip(*results))
