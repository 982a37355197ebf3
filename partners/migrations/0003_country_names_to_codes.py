"""The registry's countries, written as free text ("Thụy Sĩ", "Switzerland", "Mỹ"), become ISO 3166-1 alpha-2 codes
before the column narrows to two characters (0004). A value that names no country stops the migration with its name."""
from django.db import migrations

from partners.countries import recode_countries


def to_codes(apps, schema_editor):
    for name in ("NGO", "HistoricalNGO"):
        recode_countries(apps.get_model("partners", name), "country")


class Migration(migrations.Migration):
    dependencies = [
        ("partners", "0002_short_name_is_local_usage"),
    ]

    operations = [
        migrations.RunPython(to_codes, migrations.RunPython.noop),
    ]
