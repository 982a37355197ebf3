"""The benchmarks run on a database where the others ran: each makes its own data or reads only what is unambiguous."""
import io
from collections import Counter

import pytest
from django.core.management import call_command

from partners.models import Organisation
from projects.management.commands.benchmark_imports import readable_agencies
from projects.models import BudgetLine, Programme, Project

pytestmark = pytest.mark.django_db


def test_the_import_benchmark_runs_after_synthetic_banks_with_same_named_agencies():
    for code in ("bench-a", "bench-b"):  # as benchmark_exports leaves them: two synthetic provinces, one set of names
        call_command("generate_bank", projects=3, ngos=0, programme_code=code, stdout=io.StringIO())
    before = Project.objects.count()
    out = io.StringIO()
    call_command("benchmark_imports", projects=12, stdout=out)
    assert "12 projects" in out.getvalue() and "rows/s" in out.getvalue()
    assert Project.objects.count() == before  # it changes nothing


def test_the_import_benchmark_names_only_agencies_the_import_reads_back_as_themselves():
    # benchmark_exports' banks (generate_bank) name their district committees as the seed does but in lower case,
    # which the import's folded matching cannot tell apart: here a body named like the first host agency that is
    # alone with its exact name, the one the file would otherwise have named.
    for code in ("bench-export-50", "bench-export-60"):
        call_command("generate_bank", projects=3, ngos=0, programme_code=code, stdout=io.StringIO())
    names = Counter(Organisation.objects.values_list("name", flat=True))
    alone = next(agency for agency in Organisation.objects.may_host_projects().order_by("code") if names[agency.name] == 1)
    twin = alone.name.upper() if alone.name != alone.name.upper() else alone.name.lower()
    Organisation.objects.create(code="twin-of-the-first", name=twin, kind=alone.kind, admin_unit=alone.admin_unit)
    counts = [model.objects.count() for model in (Project, BudgetLine, Programme, Organisation, Project.history.model)]

    out = io.StringIO()
    call_command("benchmark_imports", projects=30, stdout=out)

    assert alone not in readable_agencies()
    lines = out.getvalue().splitlines()
    assert lines[1].startswith("import:") and lines[2].startswith("bulk_create:") and lines[3].startswith("import / bulk_create: ")
    assert [model.objects.count() for model in (Project, BudgetLine, Programme, Organisation, Project.history.model)] == counts


def test_the_page_benchmark_measures_every_page_of_a_generated_bank(settings):
    settings.BANK_TOTALS_ABOVE_PROJECTS = 20  # as at 100,000 projects: the long lists offer their totals
    call_command("generate_bank", projects=60, ngos=3, seed=9, stdout=io.StringIO())
    out = io.StringIO()
    call_command("benchmark_pages", repeat=1, stdout=out)
    report = out.getvalue()
    pages = ["bank list ", "bank list, by sector", "bank list, programme 03-ctr-ubnd-2020", "bank list, searched",
             "bank list, totals asked", "project page", "healthz"]
    assert all(name in report for name in pages) and report.count(" 200\n") == len(pages)
    assert "85 projects, 60 in synthetic-2026" in report


def test_the_page_benchmark_measures_a_project_seeking_funds(monkeypatch):
    from projects.likely_funders import SEEKING
    from projects.management.commands import benchmark_pages

    call_command("generate_bank", projects=30, ngos=2, seed=9, stdout=io.StringIO())
    measured = []
    monkeypatch.setattr(benchmark_pages.Command, "measure", lambda self, client, name, url, repeat: measured.append((name, url)) or (1.0, 1, 200))
    call_command("benchmark_pages", repeat=1, stdout=io.StringIO())
    url = dict(measured)["project page"]
    project = Project.objects.get(pk=int(url.rstrip("/").rsplit("/", 1)[1]))
    assert project.programme.code == "synthetic-2026" and project.status in SEEKING
