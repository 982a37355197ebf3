"""The benchmarks run on a database where the others ran: each makes its own data or reads only what is unambiguous."""
import io

import pytest
from django.core.management import call_command

from projects.models import Project

pytestmark = pytest.mark.django_db


def test_the_import_benchmark_runs_after_synthetic_banks_with_same_named_agencies():
    for code in ("bench-a", "bench-b"):  # as benchmark_exports leaves them: two synthetic provinces, one set of names
        call_command("generate_bank", projects=3, ngos=0, programme_code=code, stdout=io.StringIO())
    before = Project.objects.count()
    out = io.StringIO()
    call_command("benchmark_imports", projects=12, stdout=out)
    assert "12 projects" in out.getvalue() and "rows/s" in out.getvalue()
    assert Project.objects.count() == before  # it changes nothing


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
