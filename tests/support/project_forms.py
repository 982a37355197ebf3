"""What the browser sends back from the project forms: the portal's edit form and the admin's change form."""
from django.urls import reverse


def edit_payload(project, **changes):
    line = project.lines.get()
    data = {
        "version": project.version,
        "programme": project.programme_id,
        "sector": project.sector_id,
        "position": project.position,
        "host_agency": project.host_agency_id,
        "name": project.name,
        "name_en": project.name_en,
        "location_text": project.location_text,
        "location_text_en": project.location_text_en,
        "start_year": project.start_year,
        "end_year": project.end_year,
        "content": project.content,
        "content_en": project.content_en,
        "counterpart_source": project.counterpart_source,
        "notes": project.notes,
        "notes_en": project.notes_en,
        "admin_units": [unit.pk for unit in project.admin_units.all()],
        "lines-TOTAL_FORMS": "1",
        "lines-INITIAL_FORMS": "1",
        "lines-MIN_NUM_FORMS": "1",
        "lines-MAX_NUM_FORMS": "1000",
        "lines-0-id": line.pk,
        "lines-0-project": project.pk,
        "lines-0-total": str(line.total),
        "lines-0-aid_sought": str(line.aid_sought),
        "lines-0-counterpart": str(line.counterpart),
    }
    return data | changes


def admin_payload(client, project, **changes):
    """The admin's change form of ``project`` as the browser would send it back, with ``changes``: its address and
    its data, for a test to post when it likes."""
    url = reverse("admin:projects_project_change", args=[project.pk])
    form = client.get(url).context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None and name not in ("source_text", "code")}
    data["admin_units"] = [unit.pk for unit in project.admin_units.all()]
    lines = list(project.lines.order_by("position"))
    data |= {"lines-TOTAL_FORMS": str(len(lines)), "lines-INITIAL_FORMS": str(len(lines)), "lines-MIN_NUM_FORMS": "1", "lines-MAX_NUM_FORMS": "1000"}
    for index, line in enumerate(lines):
        for name in ["position", "total", "aid_sought", "counterpart", "description", "description_en", "notes", "notes_en", "derivation", "derivation_en", "source_ref"]:
            value = getattr(line, name)
            data[f"lines-{index}-{name}"] = "" if value is None else value
        data[f"lines-{index}-id"] = line.pk
        data[f"lines-{index}-project"] = project.pk
    return url, data | changes


def admin_post(client, project, **changes):
    """The admin's change form of ``project`` as the browser would send it back, with ``changes``."""
    url, data = admin_payload(client, project, **changes)
    return client.post(url, data)
