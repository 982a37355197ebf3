"""A trigram index on the folded search text, on PostgreSQL: the bank's search (every query word LIKE '% word%')
reads the index instead of every project's text, so that it stays fast at 100,000 projects (issue 16). SQLite has
no such index; its search scans, as a one-province bank can afford. The extension needs a role that may create it
(docs/deploy.md)."""
from django.db import migrations

INDEX = "projects_project_search_trgm"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {INDEX} ON projects_project USING gin (search_text gin_trgm_ops)")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("projects", "0017_plan_task_progress")]
    operations = [migrations.RunPython(create, drop, elidable=False)]
