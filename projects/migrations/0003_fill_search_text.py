from django.db import migrations


def fill(apps, schema_editor):
    from projects.search import search_text_for

    Project = apps.get_model("projects", "Project")
    for project in Project.objects.select_related("host_agency").iterator():
        Project.objects.filter(pk=project.pk).update(search_text=search_text_for(project))


class Migration(migrations.Migration):
    dependencies = [("projects", "0002_workflow_search_and_versions")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
