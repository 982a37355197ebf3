import django.db.models.deletion
from django.db import migrations, models


def fill_round(apps, schema_editor):
    ReportLine = apps.get_model("reporting", "ReportLine")
    for line in ReportLine.objects.select_related("report"):
        line.round_id = line.report.round_id
        line.save(update_fields=["round"])


class Migration(migrations.Migration):
    dependencies = [
        ("reporting", "0002_report_lines_ngos_attachments"),
    ]

    operations = [
        migrations.AddField(
            model_name="reportline",
            name="round",
            field=models.ForeignKey(
                editable=False, null=True, on_delete=django.db.models.deletion.CASCADE, related_name="+",
                to="reporting.reportinground", verbose_name="reporting round",
            ),
        ),
        migrations.RunPython(fill_round, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="reportline",
            name="round",
            field=models.ForeignKey(
                editable=False, on_delete=django.db.models.deletion.CASCADE, related_name="+",
                to="reporting.reportinground", verbose_name="reporting round",
            ),
        ),
        migrations.AddConstraint(
            model_name="reportline",
            constraint=models.UniqueConstraint(fields=("round", "project"), name="reportline_project_once_per_round"),
        ),
    ]
