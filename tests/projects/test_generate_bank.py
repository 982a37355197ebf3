"""The synthetic bank used for measuring pages: sound amounts, searchable names, no accidental second copy."""
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from partners.models import NGO, AdministrativeUnit, Organisation
from projects.models import BudgetLine, Programme, Project
from projects.search import matching

pytestmark = pytest.mark.django_db

CODE = "synthetic-test"


def generate(*extra):
    call_command("generate_bank", "--projects", "120", "--ngos", "5", "--programme-code", CODE, *extra, stdout=None)


def counts():
    return [model.objects.count() for model in (Programme, Project, BudgetLine, Organisation, AdministrativeUnit, NGO)]


def test_creates_the_projects_asked_for_in_a_programme_of_their_own():
    generate()
    programme = Programme.objects.get(code=CODE)
    assert programme.projects.count() == 120
    assert programme.sectors.count() == 6
    assert not Project.objects.filter(programme=programme, lines=None).exists()
    assert NGO.objects.filter(code__startswith=CODE).count() == 5


def test_budget_lines_add_up_and_are_never_negative():
    generate()
    lines = BudgetLine.objects.filter(project__programme__code=CODE)
    assert lines.count() >= 120
    for line in lines:
        amounts = [line.total, line.aid_sought, line.counterpart]
        assert all(value is None or value >= 0 for value in amounts)
        if None not in amounts:
            assert line.total == line.aid_sought + line.counterpart


def test_search_text_is_filled_and_folded():
    generate()
    projects = Project.objects.filter(programme__code=CODE)
    assert not projects.filter(search_text="").exists()
    lakes = set(projects.filter(name__startswith="Hồ điều hòa").values_list("pk", flat=True))
    assert lakes
    assert lakes <= set(projects.filter(matching("ho dieu hoa")).values_list("pk", flat=True))


def test_second_run_is_refused_and_changes_nothing():
    generate()
    before = counts()
    with pytest.raises(CommandError, match="--replace"):
        generate()
    assert counts() == before


def test_replace_generates_the_programme_again():
    generate()
    codes = set(Project.objects.filter(programme__code=CODE).values_list("code", flat=True))
    generate("--replace")
    assert Project.objects.filter(programme__code=CODE).count() == 120
    assert set(Project.objects.filter(programme__code=CODE).values_list("code", flat=True)) == codes
