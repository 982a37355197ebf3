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
