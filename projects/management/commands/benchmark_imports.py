"""How fast the flat import is, read and planned, then saved by the writing service: `benchmark_imports --projects 10000`.

Beside it, in the same run, the same rows written by a plain ``bulk_create`` of the projects and their budget lines
and nothing else (no file, no checks, no history, units, timeline or search text): the floor the import is measured
against. Everything happens in one transaction that is rolled back at the end: the bank is left as it was.
"""
import time
from decimal import Decimal

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import translation

from partners.models import Organisation
from projects.imports.columns import BANK_COLUMNS, headings
from projects.imports.flat import plan_bank_file
from projects.imports.matching import Matcher
from projects.models import BudgetLine, Programme, Project, Sector
from projects.services import import_apply
from projects.services.writing import agency_errors
from socaid.spreadsheets import new_workbook, to_bytes

START, END = 2021, 2025
AGENCIES = 20


class Rollback(Exception):
    pass


def readable_agencies(count=AGENCIES):
    """Host agencies that the file can name by name and the import reads back as themselves, as the import's own
    matcher folds names: synthetic banks (generate_bank, which benchmark_exports runs) add bodies whose names differ
    from the seed's and from each other's only in case, which the file could not tell apart."""
    matcher = Matcher(Organisation.objects.all(), "code", "name", "short_name", "name_en")
    hosts = Organisation.objects.may_host_projects().order_by("code")
    return [agency for agency in hosts if matcher.find(agency.name) == agency and not agency_errors(agency, START, END)][:count]


class Command(BaseCommand):
    help = "Import N synthetic projects through the flat-list import beside a plain bulk_create of them; changes nothing."

    def add_arguments(self, parser):
        parser.add_argument("--projects", type=int, default=10_000)

    def handle(self, *args, **options):
        count = options["projects"]
        seed = Programme.objects.order_by("start_year").first()
        agencies = readable_agencies()
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
        rows = [self.row(i, programme, sectors, agencies) for i in range(count)]
        content = self.workbook(rows)
        self.stdout.write(f"{count} projects, a budget line each, in a {len(content) / 1024 / 1024:.1f} MB workbook")

        plain = self.bulk_create(rows, programme)

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
        self.stdout.write(
            f"bulk_create: {plain:7.1f} s  {count / plain:8.0f} rows/s  (the same projects and lines, nothing else)"
        )
        self.stdout.write(f"import / bulk_create: {plain / imported:.0%}")

    def bulk_create(self, rows, programme):
        """Seconds a plain bulk_create of the rows' projects and lines takes, rolled back before the import."""
        try:
            with transaction.atomic():
                started = time.perf_counter()
                projects = Project.objects.bulk_create([
                    Project(programme=programme, code=row["code"], sector=row["sector"], position=row["position"],
                            host_agency=row["host_agency"], name=row["name"], start_year=row["start_year"],
                            end_year=row["end_year"], content=row["content"], status=Project.Status.ACCEPTED)
                    for row in rows
                ])
                BudgetLine.objects.bulk_create([
                    BudgetLine(project=project, position=row["line"], total=Decimal(row["total"]),
                               aid_sought=Decimal(row["aid_sought"]), counterpart=Decimal(row["counterpart"]))
                    for project, row in zip(projects, rows)
                ])
                seconds = time.perf_counter() - started
                raise Rollback
        except Rollback:
            return seconds

    @staticmethod
    def row(i, programme, sectors, agencies):
        return {
            "code": f"bench-{i}", "programme": programme.number, "sector": sectors[i % len(sectors)],
            "position": i // len(sectors) + 1, "host_agency": agencies[i % len(agencies)], "name": f"Dự án thử nghiệm {i}",
            "start_year": START, "end_year": END, "content": "Nội dung thử nghiệm của dự án.", "line": 1,
            "total": 1500, "aid_sought": 1200, "counterpart": 300,
        }

    @staticmethod
    def workbook(rows):
        workbook, sheet = new_workbook("bank", write_only=True)
        sheet.append(headings())
        keys = [key for key, _heading in BANK_COLUMNS]
        names = {"sector", "host_agency"}  # as people type them: the sector's and the agency's names
        for row in rows:
            sheet.append([row[key].name if key in names else row.get(key) for key in keys])
        return to_bytes(workbook)
