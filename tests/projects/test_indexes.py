"""The partial indexes that keep the public catalogue's count and the likely funders' counts off the table at
100,000 projects: their conditions match what the code asks, and PostgreSQL holds them as described."""
import pytest
from django.db import connection

from projects.models import Project
from projects.models.proposals import PUBLIC_STATUSES

pytestmark = pytest.mark.django_db


def index_named(name):
    return next(index for index in Project._meta.indexes if index.name == name)


def test_the_index_of_public_projects_covers_exactly_the_public_statuses():
    # Its condition is written out in the model (the lifecycle imports the model): a status made public or private
    # without a migration would leave the catalogue counting through the table, unseen.
    from projects.lifecycle import PUBLIC

    assert sorted(PUBLIC_STATUSES) == sorted(PUBLIC)
    assert index_named("project_public_in_order").condition.children == [("status__in", PUBLIC_STATUSES)]


def definition(name):
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = %s", [name])
        return cursor.fetchone()[0]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the definitions are PostgreSQL's")
def test_postgresql_has_them_as_the_queries_need_them():
    # Which index the planner takes depends on the rows (on a test database of a few projects it rightly takes
    # another); what is checked here is that the ones it takes at 100,000 projects (README) exist as described.
    committed = definition("project_committed_by_sector")
    assert "(sector_id, ngo_id) INCLUDE (status, id) WHERE (ngo_id IS NOT NULL)" in committed
    public = definition("project_public_in_order")
    assert "(sector_id, \"position\")" in public and all(f"'{status}'" in public for status in sorted(PUBLIC_STATUSES))
