"""Projects for the open-data tests: one of every status beside the seed's 25 published ones, and many at once."""
from decimal import Decimal

from partners.models import NGO, AdministrativeUnit, Organisation
from projects.lifecycle import PUBLIC
from projects.models import BudgetLine, Programme, Project, Sector
from projects.search import search_text_for

SEED_PROGRAMME = "03/CTr-UBND"


def make_project(code, *, status=Project.Status.PUBLISHED, numeral="II", position, name=None, name_en="", aid="80", counterpart="20", ngo=None, units=("soc-trang-chau-thanh-phu-tan",), **fields):
    """A project of the seed programme with one budget line (aid sought plus counterpart funds, million VND)."""
    programme = Programme.objects.get(number=SEED_PROGRAMME)
    project = Project.objects.create(
        code=code,
        programme=programme,
        sector=Sector.objects.get(programme=programme, numeral=numeral),
        position=position,
        host_agency=Organisation.objects.get(code="ubnd-huyen-chau-thanh"),
        name=name or f"Dự án thử {code}",
        name_en=name_en,
        location_text="Huyện Châu Thành",
        start_year=fields.pop("start_year", 2024),
        end_year=fields.pop("end_year", 2025),
        content=fields.pop("content", "Nội dung thử"),
        status=status,
        ngo=NGO.objects.get(code=ngo) if ngo else None,
        **fields,
    )
    total = None if aid is None or counterpart is None else Decimal(aid) + Decimal(counterpart)
    BudgetLine.objects.create(project=project, position=1, total=total, aid_sought=aid and Decimal(aid), counterpart=counterpart and Decimal(counterpart))
    project.admin_units.set(AdministrativeUnit.objects.filter(code__in=units))
    Project.objects.filter(pk=project.pk).update(search_text=search_text_for(project))
    return project


def one_of_each_status():
    """status -> a project in it, numbered from 50 in sector II."""
    return {status: make_project(f"every-{status}", status=status, position=50 + index) for index, status in enumerate(Project.Status)}


def many_public(count, *, start=100):
    return [make_project(f"many-{number}", position=start + number, status=Project.Status.PUBLISHED) for number in range(count)]


def public_codes():
    return set(Project.objects.filter(status__in=PUBLIC).values_list("code", flat=True))
