"""How the imports' reading layer answers files made to exhaust the server: `benchmark_crafted_imports [--scale 1]`.

Each crafted file (projects/management/crafted_files.py) is written to a temporary directory and read by the
path every import takes (read_bytes, then read_table: the limits of socaid.upload_limits, then the workbook's
values) in a forked process of its own, so that one case's peak memory does not hide the next one's. For each
it prints what the reader answered, the seconds and the process's peak resident memory (Django included). A
legitimate flat list of IMPORT_MAX_ROWS rows is read last, to show what the limits leave room for. ``--scale``
shrinks every file (the tests run it at 0.01 against lowered limits). Reads only; the database is not touched.
"""
import multiprocessing
import resource
import tempfile
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from projects.imports.flat import read_table
from projects.imports.issues import UnreadableFile
from projects.imports.workbook import read_bytes
from projects.management import crafted_files as crafted
from socaid.spreadsheets import new_workbook, to_bytes

MB = 1024 * 1024


def _cases(scale):
    size = lambda megabytes: max(1024, int(megabytes * MB * scale))  # noqa: E731
    workbook = crafted.write_workbook
    return [
        ("empty cells, 60 MB of bare <c/> (the issue's 68 KB file)", "xlsx", lambda p: workbook(p, crafted.empty_cells(size(60)))),
        ("empty cells, 600 MB of bare <c/> (the issue's 669 KB file)", "xlsx", lambda p: workbook(p, crafted.empty_cells(size(600)))),
        ("empty cells, 60 MB, each with its reference", "xlsx", lambda p: workbook(p, crafted.empty_cells(size(60), references=True))),
        ("rows of values, 600 MB", "xlsx", lambda p: workbook(p, crafted.valued_rows(size(600)))),
        ("rows of values, 60 MB, each cell with its reference", "xlsx", lambda p: workbook(p, crafted.valued_rows(size(60), references=True))),
        ("rows of values, 25 MB, two cells a row: within the cell limit", "xlsx",
         lambda p: workbook(p, crafted.valued_rows(size(25), references=True))),
        ("shared strings, 600 MB", "xlsx", lambda p: workbook(p, crafted.small_sheet(), shared_strings=crafted.shared_strings(size(600)))),
        ("shared strings, 60 MB, each string different", "xlsx",
         lambda p: workbook(p, crafted.small_sheet(), shared_strings=crafted.shared_strings(size(60), numbered=True))),
        ("deep nesting, 10 million levels", "xlsx", lambda p: workbook(p, crafted.deep_nesting(max(100, int(10_000_000 * scale))))),
        ("deep nesting, 1,000 levels (too few bytes for the compression limit)", "xlsx", lambda p: workbook(p, crafted.deep_nesting(1000))),
        ("600 MB of empty cells, the zip's headers claiming 1 KB", "xlsx", lambda p: _lying(p, size(600))),
        ("CSV, 20 MB of empty lines", "csv", lambda p: p.write_bytes(b"\n" * size(19))),
        ("CSV, one row of 10 million columns", "csv", lambda p: p.write_bytes(b"," * size(10))),
    ]


def _lying(path, size):
    crafted.write_workbook(path, crafted.empty_cells(size))
    crafted.lie_about_sizes(path, "xl/worksheets/sheet1.xml", 1024)


def _legitimate(path, rows):
    """A flat list of ``rows`` rows of 25 columns of text and numbers, as a user's own file might be."""
    wb, ws = new_workbook("Danh mục")
    ws.append([f"Cột {column}" for column in range(1, 26)])
    for row in range(rows):
        ws.append([f"Dự án {row}", row, row * 1.5] + [f"Nội dung {row}-{column}" for column in range(22)])
    path.write_bytes(to_bytes(wb))


def _read(path, answer):
    """In the child: read the file as an import does; send back what happened, the seconds and the peak MiB."""
    with translation.override("en"):
        started = time.perf_counter()
        try:
            _sheet, rows, _issues = read_table(read_bytes(path, path.name), path.name)
            outcome = f"read: {len(rows):,} rows"
        except UnreadableFile as refusal:
            outcome = f"refused: {refusal.message}"
        except Exception as error:  # noqa: BLE001  (a benchmark reports what a server would have answered 500 to)
            outcome = f"failed: {error!r}"
        seconds = time.perf_counter() - started
    answer.send((outcome, seconds, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024))
    answer.close()


class Command(BaseCommand):
    help = "Read crafted files (empty cells, shared strings, deep nesting, lying zips, huge CSVs) as an import does; time and peak memory of each."

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=float, default=1.0, help="multiply every crafted file's size (default 1: full size)")

    def handle(self, *args, **options):
        scale = options["scale"]
        # fork: the child inherits the settings as they are (a test's lowered limits) and starts at once.
        context = multiprocessing.get_context("fork")
        self.stdout.write(f"parent before the cases: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB peak")
        with tempfile.TemporaryDirectory() as directory:
            cases = _cases(scale)
            rows = max(10, int(settings.IMPORT_MAX_ROWS * scale) - 1)  # below the headings, within the row limit
            cases.append((f"legitimate flat list, {rows:,} rows of 25 columns", "xlsx", lambda p: _legitimate(p, rows)))
            for number, (label, extension, write) in enumerate(cases, start=1):
                path = Path(directory) / f"case-{number}.{extension}"
                # Written in a process of its own too: a forked reader starts from the parent's memory.
                writer = context.Process(target=write, args=(path,))
                writer.start()
                writer.join()
                if writer.exitcode:
                    raise CommandError(f"Writing the file of “{label}” failed (exit status {writer.exitcode}).")
                self.stdout.write(self._measure(context, label, path))
                path.unlink()

    def _measure(self, context, label, path):
        receiving, sending = context.Pipe(duplex=False)
        child = context.Process(target=_read, args=(path, sending))
        child.start()
        sending.close()
        try:
            outcome, seconds, peak = receiving.recv()
        except EOFError:  # the child died (out of memory) before answering
            outcome, seconds, peak = f"the reading process died (exit status {child.join() or child.exitcode})", 0, 0
        child.join()
        return f"{label} ({path.stat().st_size / 1024:,.0f} KB file): {outcome} | {seconds:.2f} s | peak {peak:.0f} MiB"
