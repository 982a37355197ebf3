"""The partial indexes that keep the public catalogue's count and the likely funders' counts off the table at
100,000 projects: their conditions match what the code asks, and PostgreSQL can answer from them."""
import pytest
from django.db import connection
from django.db.models import Count

from projects.models import Project

pytestmark = pytest.mark.django_db


def index_named(name):
    return next(index for index in Project._meta.indexes if index.name == name)


def test_the_index_of_public_projects_covers_exactly_the_public_statuses():
    # Its condition is written out in the model (the lifecycle imports the model): a status made public or private
    # without a migration would leave the catalogue counting through the table, unseen.
    from projects.lifecycle import PUBLIC
    from projects.models.proposals import PUBLIC_STATUSES

    assert sorted(PUBLIC_STATUSES) == sorted(PUBLIC)
    assert index_named("project_public_in_order").condition.children == [("status__in", PUBLIC_STATUSES)]


def plan(queryset):
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        # With a handful of rows the planner rightly scans; forbidden to, it must be able to take the index.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the plans are PostgreSQL's")
def test_postgresql_counts_from_the_indexes():
    public_by_sector = Project.objects.public().order_by().values_list("sector_id").annotate(n=Count("*"))
    assert "project_public_in_order" in plan(public_by_sector)
    committed = Project.objects.exclude(pk=1).exclude(status="withdrawn").filter(sector_id__in=[1, 2], ngo__isnull=False)
    assert "project_committed_by_sector" in plan(committed.order_by().values_list("ngo_id").annotate(n=Count("pk")))
