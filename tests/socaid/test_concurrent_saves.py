"""Many people saving project forms at the same moment, against a real server: every save is accepted (302) or
refused as stale (409), never a server error, and every accepted edit is in the project's history."""
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from socaid.visitor import Visitor
from tests.support.live_site import fresh_database, run_python, running_server

PEOPLE = 20
PASSWORD = "concurrent-saves"
SEED = f"""
import json
from django.contrib.auth import get_user_model
from partners.models import Membership, Organisation
from projects.seed import load_programme_fixture
from tests.support.bank_fixtures import make_draft
load_programme_fixture()
agency = Organisation.objects.get(code="ubnd-huyen-chau-thanh")
for number in range({PEOPLE}):
    user = get_user_model().objects.create_user(f"live-{{number}}", password="{PASSWORD}")
    Membership.objects.create(user=user, organisation=agency, role="officer")
print(json.dumps([make_draft(agency.code, f"{{number:02d}} Dự án lưu đồng thời").pk for number in range(11)]))
"""
EDITS = """
import json
from projects.models import Project
print(json.dumps({str(project.pk): [record.name for record in project.history.filter(history_change_reason="Edited")]
                  for project in Project.objects.filter(pk__in=%r)}))
"""


@pytest.fixture
def site(django_db_blocker, tmp_path):
    with django_db_blocker.unblock(), fresh_database(tmp_path) as database_url:
        projects = run_python(database_url, SEED)
        with running_server(database_url, tmp_path / "server.log") as base_url:
            yield database_url, base_url, projects


def _save_together(base_url, saves):
    """Each (person, project, new name): sign in, open the form, then all press Save at once; the answers."""
    start = threading.Barrier(len(saves))

    def save(person, project, name):
        visitor = Visitor(base_url)
        visitor.sign_in(f"live-{person}", PASSWORD)
        path = f"/bank/{project}/edit/"
        fields = [(key, name if key == "name" else value) for key, value in visitor.form(path, "project-form")]
        start.wait(timeout=60)
        return visitor.request(path, fields)[0]

    with ThreadPoolExecutor(len(saves)) as pool:
        return list(pool.map(lambda args: save(*args), saves))


def test_simultaneous_saves_answer_302_or_409_and_lose_no_accepted_edit(site):
    database_url, base_url, projects = site
    shared, *own = projects
    one_project = [(person, shared, f"Bản sửa {person}") for person in range(PEOPLE)]
    ten_projects = [(person, project, f"Bản sửa riêng {person}") for person, project in enumerate(own)]

    together = _save_together(base_url, one_project)
    apart = _save_together(base_url, ten_projects)

    assert set(together) <= {302, 409}, together
    assert together.count(302) == 1, "all opened the same version: one save is accepted, the others are stale"
    assert apart == [302] * len(own), apart
    edits = run_python(database_url, EDITS % projects)
    accepted = sorted(name for (_, _, name), status in zip(one_project, together) if status == 302)
    assert sorted(edits[str(shared)]) == accepted
    for (_, project, name) in ten_projects:
        assert edits[str(project)] == [name]
