"""How fast the flat import is, read and planned, then saved by the writing service: `benchmark_imports --projects 10000`.

Everything happens in one transaction that is rolled back at the end: the bank is left as it was.
"""
import time
from collections import Counter

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import translation

from partners.models import Organisation
from projects.imports.columns import BANK_COLUMNS, headings
from projects.imports.flat import plan_bank_file
from projects.models import Programme, Sector
from projects.services import import_apply
from socaid.spreadsheets import new_workbook, to_bytes


class Rollback(Exception):
    pass


class Command(BaseCommand):
    help = "Import N synthetic projects through the flat-list import and time its steps; changes nothing."

    def add_arguments(self, parser):
        parser.add_argument("--projects", type=int, default=10_000)

    def handle(self, *args, **options):
        count = options["projects"]
        seed = Programme.objects.order_by("start_year").first()
        # The file names its host agencies as people type them, by name: only names that one organisation bears can
        # be read back (generate_bank, which benchmark_exports runs, makes a set of same-named ones per programme).
        names = Counter(Organisation.objects.values_list("name", flat=True))
        hosts = Organisation.objects.may_host_projects().order_by("code").values_list("name", flat=True)
        agencies = [name for name in hosts if names[name] == 1][:20]
        if seed is None or not agencies:
            raise CommandError("Load the seed first: manage.py demo.")
        try:
            with transaction.atomic(), translation.override("vi"):
                self.measure(seed, agencies, count)
                raise Rollback
        except Rollback:
            pass

    def measure(self, seed, agencies, count):
        programme = Programme.objects.create(
            code="benchmark-import", number="BENCH/IMPORT", issued_on=seed.issued_on, issuer=seed.issuer, province=seed.province,
            coordinator=seed.coordinator, title="Benchmark", start_year=seed.start_year, end_year=seed.end_year,
        )
        sectors = [Sector.objects.create(programme=programme, position=s.position, numeral=s.numeral, name=s.name, name_en=s.name_en)
                   for s in Sector.objects.filter(programme=seed).order_by("position")]
        content = self.workbook(programme, sectors, agencies, count)
        self.stdout.write(f"{count} projects, a budget line each, in a {len(content) / 1024 / 1024:.1f} MB workbook")

        started = time.perf_counter()
        plan = plan_bank_file(content, "benchmark.xlsx", programme)
        planned = time.perf_counter()
        if plan.errors:
            raise CommandError(f"The synthetic file has errors: {plan.errors[0].message}")
        import_apply(plan=plan, by=None)
        saved = time.perf_counter()
        imported = saved - started
        save = saved - planned
        self.stdout.write(
            f"import: {imported:7.1f} s  {count / imported:8.0f} rows/s  (read and plan {planned - started:.1f} s, "
            f"save {save:.1f} s = {count / save:.0f} rows/s with checks, history, units, lines, timeline and search text)"
        )

    def workbook(self, programme, sectors, agencies, count):
        workbook, sheet = new_workbook("bank", write_only=True)
        sheet.append(headings())
        keys = [key for key, _heading in BANK_COLUMNS]
        for i in range(count):
            values = {
                "code": f"bench-{i}", "programme": programme.number, "sector": sectors[i % len(sectors)].name,
                "position": i // len(sectors) + 1, "host_agency": agencies[i % len(agencies)], "name": f"Dự án thử nghiệm {i}",
                "start_year": 2021, "end_year": 2025, "content": "Nội dung thử nghiệm của dự án.", "line": 1,
                "total": 1500, "aid_sought": 1200, "counterpart": 300,
            }
            sheet.append([values.get(key) for key in keys])
        return to_bytes(workbook)
