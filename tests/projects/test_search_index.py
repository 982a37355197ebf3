"""The bank's search reads a trigram index on PostgreSQL, for Django's own SQL (LIKE on the folded text)."""
import pytest
from django.db import connection

from projects.models import Project
from projects.search import matching

pytestmark = pytest.mark.django_db


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigram index exists on PostgreSQL only")
def test_the_search_can_use_the_trigram_index():
    query = Project.objects.filter(matching("trường học")).order_by().values("pk")
    sql, params = query.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'projects_project_search_trgm'")
        assert "gin_trgm_ops" in cursor.fetchone()[0]
        # With a handful of rows the planner rightly scans; forbidden to, it must be able to take the index.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "projects_project_search_trgm" in plan, plan
    assert list(query)  # the seed has school projects: through the index the same answer

