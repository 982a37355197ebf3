import pytest
from django.contrib.auth import get_user_model

from partners.models import Membership, Organisation
from projects.models import Programme
from projects.seed import load_programme_fixture


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Every test starts from the seed programme, loaded once per session."""
    with django_db_blocker.unblock():
        load_programme_fixture()


@pytest.fixture
def programme(db):
    return Programme.objects.get(number="03/CTr-UBND")


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
