"""The background jobs' table leaves reporting for the jobs app (socaid/jobs/), which projects may use too: the
table is renamed, not copied, and the content type (with its permissions) follows it."""
from django.db import migrations


def content_type_follows(apps, schema_editor):
    apps.get_model("contenttypes", "ContentType").objects.filter(app_label="reporting", model="job").update(app_label="jobs")


def content_type_returns(apps, schema_editor):
    apps.get_model("contenttypes", "ContentType").objects.filter(app_label="jobs", model="job").update(app_label="reporting")


class Migration(migrations.Migration):

    dependencies = [
        ("reporting", "0006_background_jobs"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.AlterModelTable(name="job", table="jobs_job")],
            state_operations=[migrations.DeleteModel(name="job")],
        ),
        migrations.RunPython(content_type_follows, content_type_returns),
    ]
