"""The countries of NGOs proposed in reports, written as free text, become ISO 3166-1 alpha-2 codes before the column
narrows to two characters (0005). A value that names no country stops the migration with its name."""
from django.db import migrations

from partners.countries import recode_countries


def to_codes(apps, schema_editor):
    recode_countries(apps.get_model("reporting", "ReportNGO"), "proposed_country")


class Migration(migrations.Migration):
    dependencies = [
        ("reporting", "0003_line_round"),
    ]

    operations = [
        migrations.RunPython(to_codes, migrations.RunPython.noop),
    ]
