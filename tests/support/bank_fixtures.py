"""Users of every role and draft projects of two host agencies, for the project-bank tests."""
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model

from partners.models import Membership, Organisation
from projects.models import BudgetLine, Programme, Project, Sector
from projects.search import search_text_for

ROLES = {
    "coordinator": ("coordinator", "so-tai-chinh-can-tho"),
    "officer": ("officer", "ubnd-huyen-chau-thanh"),
    "farmers": ("officer", "hoi-nong-dan-soc-trang"),
    "reviewer": ("reviewer", "so-tai-chinh-soc-trang"),
    "viewer": ("viewer", "vp-ubnd-soc-trang"),
}


@pytest.fixture
def users(db):
    User = get_user_model()
    made = {"admin": User.objects.create_user("admin-user", is_superuser=True, is_staff=True, email="admin@example.invalid")}
    for name, (role, org) in ROLES.items():
        user = User.objects.create_user(f"{name}-user", email=f"{name}@example.invalid", first_name=name.title())
        Membership.objects.create(user=user, organisation=Organisation.objects.get(code=org), role=role)
        made[name] = user
    made["nobody"] = User.objects.create_user("nobody-user")
    return made


def make_draft(agency_code, name, *, status=Project.Status.DRAFT, position=None):
    programme = Programme.objects.get(number="03/CTr-UBND")
    sector = Sector.objects.get(programme=programme, numeral="I")
    project = Project.objects.create(
        code=f"test-{agency_code}-{name[:10]}".lower().replace(" ", "-"),
        programme=programme,
        sector=sector,
        position=position or 90 + Project.objects.filter(sector=sector).count(),
        host_agency=Organisation.objects.get(code=agency_code),
        name=name,
        location_text="Huyện Châu Thành",
        start_year=2024,
        end_year=2025,
        content="Nội dung thử",
        status=status,
    )
    BudgetLine.objects.create(project=project, position=1, total=Decimal("100"), aid_sought=Decimal("80"), counterpart=Decimal("20"))
    Project.objects.filter(pk=project.pk).update(search_text=search_text_for(project))
    return project


@pytest.fixture
def own_draft(db):
    return make_draft("ubnd-huyen-chau-thanh", "Dự án nháp Châu Thành")


@pytest.fixture
def farmers_draft(db):
    return make_draft("hoi-nong-dan-soc-trang", "Dự án nháp Hội Nông dân")


@pytest.fixture
def farmers_submitted(db):
    return make_draft("hoi-nong-dan-soc-trang", "Dự án đã gửi Hội Nông dân", status=Project.Status.PROPOSED)


@pytest.fixture
def unpublishable(db):
    """What an officer may add in sector I that a published document leaves out: a draft, a proposal still being
    appraised and a withdrawn project, each worth 100 / 80 / 20."""
    return [
        make_draft("hoi-nong-dan-soc-trang", "Dự án nháp chưa gửi"),
        make_draft("hoi-nong-dan-soc-trang", "Dự án đang thẩm định", status=Project.Status.PROPOSED),
        make_draft("hoi-nong-dan-soc-trang", "Dự án đã rút", status=Project.Status.WITHDRAWN),
    ]
