"""Projects coded in the portal's earlier style get the seed's: 03-ctr-ubnd-2020-iii-02 becomes 03-2020-iii-02.

The writing service used to code a new project from the programme's code (03-ctr-ubnd-2020-iii-02) and a take-over
from the programme's code and the old project's (05-ctr-ubnd-2026-03-2020-i-01), while the seed's projects read
03-2020-i-01. Every project whose code starts with its programme's code gets the code the service now makes: the
programme's number and first year, the sector's numeral and the number, with -2, -3... where that code is taken.
The rules are copied here, as a migration must not change when the service does.
"""
from django.db import migrations
from django.utils.text import slugify


def _prefix(programme):
    return f"{slugify(programme.number.split('/')[0]) or programme.code}-{programme.start_year}"


def recode(apps, schema_editor):
    Project = apps.get_model("projects", "Project")
    taken = set(Project.objects.values_list("code", flat=True))
    projects = Project.objects.select_related("programme", "sector").order_by("programme__start_year", "sector__position", "position", "pk")
    for project in projects:
        if not project.code.startswith(f"{project.programme.code}-"):
            continue
        taken.discard(project.code)
        base = f"{_prefix(project.programme)}-{project.sector.numeral.lower()}-{project.position:02d}"[:72]
        code, n = base, 1
        while code in taken:
            n += 1
            code = f"{base}-{n}"
        taken.add(code)
        if code != project.code:
            Project.objects.filter(pk=project.pk).update(code=code)


class Migration(migrations.Migration):
    dependencies = [("projects", "0006_programme_signer_title_en")]

    operations = [migrations.RunPython(recode, migrations.RunPython.noop)]
