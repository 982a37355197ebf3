import datetime

import pytest
from django.conf import settings
from django.core.cache import cache, caches
from django.contrib.auth import get_user_model
from django.utils import translation

from partners.models import Membership, Organisation
from partners.roles import ensure_role_groups
from projects.models import Programme
from partners.unit_data import load_units
from projects.seed import load_programme_fixture
from socaid import page_cache
from tests.support.bank_fixtures import farmers_draft, farmers_submitted, own_draft, unpublishable, users  # noqa: F401  (fixtures)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Every test starts from the seed programme, loaded once per session."""
    with django_db_blocker.unblock():
        load_programme_fixture()
        load_units()


@pytest.fixture(autouse=True)
def empty_cache_after_each_test():
    """The public side keeps its heavy files in the cache by the state of the public data (reporting/public/
    rendered.py); a test's rolled-back rows may leave that state as the next test finds it, with other names. The
    pages kept by socaid/page_cache.py go too: a test may change what a page is made of without a write."""
    yield
    cache.clear()
    caches[page_cache.ALIAS].clear()


@pytest.fixture(autouse=True)
def default_language_after_each_test():
    """A request in English leaves English active in the thread; the next test starts in the default language."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def programme(db):
    return Programme.objects.get(number="03/CTr-UBND")


@pytest.fixture
def make_programme(programme):
    """A later programme of the same province, issued by the same bodies."""

    def make(**fields):
        values = {
            "code": "05-ctr-ubnd-2026",
            "number": "05/CTr-UBND",
            "issued_on": datetime.date(2026, 3, 2),
            "issuer": programme.issuer,
            "province": programme.province,
            "coordinator": programme.coordinator,
            "title": "Chương trình 2026-2030",
            "start_year": 2026,
            "end_year": 2030,
        }
        return Programme.objects.create(**values | fields)

    return make


@pytest.fixture
def next_programme(programme, make_programme):
    """The programme after the seed's (2026–2030), with the seed's sectors: what a take-over needs."""
    from projects.models import Sector

    new = make_programme(predecessor=programme)
    for sector in programme.sectors.all():
        Sector.objects.create(programme=new, position=sector.position, numeral=sector.numeral, name=sector.name, field=sector.field)
    return new


@pytest.fixture
def make_user(db):
    def make(username, *, role=None, organisation=None, staff=False, superuser=False):
        user = get_user_model().objects.create_user(
            username=username, password="pw-" + username, is_staff=staff or superuser, is_superuser=superuser
        )
        if role:
            Membership.objects.create(user=user, organisation=Organisation.objects.get(code=organisation), role=role)
        return user

    return make


@pytest.fixture
def staff_client(client, make_user):
    """``client`` signed in to the admin as a staff user with ``role`` in ``organisation`` and that role's group,
    reading ``language`` when one is given; the user is ``client.user``."""

    def sign_in(role, organisation, language=None):
        user = make_user(f"staff-{role}", role=role, organisation=organisation, staff=True)
        user.groups.add(ensure_role_groups()[role])
        client.force_login(user)
        client.user = user
        if language:
            client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        return client

    return sign_in
