"""A workshop of the seed's coordinating department where three published seed projects were presented to two NGOs."""
import datetime

import pytest

from partners.models import NGO, Organisation
from projects.models import Engagement, FollowUp, Project

PRESENTED = ["03-2020-i-01", "03-2020-ii-06", "03-2020-iii-01"]


@pytest.fixture
def ngos(db):
    return [
        NGO.objects.create(code="mekong-water", name_original="Mekong Water Trust", name="Quỹ Nước Mê Kông", name_en="Mekong Water Trust", country="NL"),
        NGO.objects.create(code="kinder-hilfe", name_original="Kinderhilfe Vietnam e.V.", name_en="Children's Aid Vietnam", acronym="KHV", country="DE"),
    ]


@pytest.fixture
def workshop(db, ngos, programme):
    engagement = Engagement.objects.create(
        kind=Engagement.Kind.WORKSHOP, date=datetime.date(2026, 10, 21), place="Hội trường UBND thành phố Cần Thơ",
        organiser=programme.coordinator, title="Workshop on water and schools for NGOs", summary="Ba dự án được giới thiệu.",
    )
    engagement.ngos.set(ngos)
    engagement.projects.set(Project.objects.filter(code__in=PRESENTED))
    FollowUp.objects.create(engagement=engagement, action="Send the feasibility study of I.1", responsible_organisation=programme.coordinator,
                            due_date=datetime.date(2026, 11, 10))
    return engagement


@pytest.fixture
def host_agency(db):
    return Organisation.objects.get(code="ubnd-huyen-chau-thanh")
