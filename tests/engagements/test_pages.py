"""The engagements' pages: the coordinator records a workshop and its follow-ups, others read; follow-ups due or
overdue stand out; the list filters by kind, year, NGO and project in a fixed number of queries; a project's staff
page lists its engagements; the pack downloads as a PDF for the codes asked."""
import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from projects.models import Engagement, FollowUp, Project
from tests.engagements.conftest import PRESENTED
from tests.support.translated import translated

pytestmark = pytest.mark.django_db


def days(n):
    return timezone.localdate() + datetime.timedelta(days=n)


def form_data(programme, ngos, **extra):
    return {
        "kind": "meeting", "date": "05/11/2026", "title": "Meeting with Mekong Water Trust", "place": "Sở Tài chính",
        "organiser": programme.coordinator.pk, "summary": "", "materials": "Công văn 12/STC\nSlides", "ngos": [ngos[0].pk],
        "projects": [Project.objects.get(code=PRESENTED[0]).pk], **extra,
    }


def test_the_coordinator_records_an_engagement_with_its_ngos_projects_and_history(client, users, programme, ngos):
    client.force_login(users["coordinator"])
    response = client.post(reverse("projects:engagement_create"), form_data(programme, ngos))
    engagement = Engagement.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("projects:engagement", args=[engagement.pk])
    assert engagement.date == datetime.date(2026, 11, 5) and list(engagement.ngos.all()) == [ngos[0]]
    assert [p.code for p in engagement.projects.all()] == PRESENTED[:1]
    assert engagement.material_list == ["Công văn 12/STC", "Slides"]
    assert {record.history_user for record in engagement.history.all()} == {users["coordinator"]}
    assert engagement.history.earliest().history_change_reason == "Engagement recorded"


@pytest.mark.parametrize("who", ["officer", "viewer", "reviewer"])
def test_only_the_coordinator_writes(client, users, programme, ngos, workshop, who):
    client.force_login(users[who])
    assert client.post(reverse("projects:engagement_create"), form_data(programme, ngos)).status_code == 403
    follow_up = workshop.follow_ups.get()
    assert client.post(reverse("projects:follow_up_done", args=[follow_up.pk]), {"done_on": "20/11/2026"}).status_code == 403
    assert Engagement.objects.count() == 1 and FollowUp.objects.get().done_on is None
    assert client.get(reverse("projects:engagement", args=[workshop.pk])).status_code == 200  # reading is open to every role


def test_a_follow_up_needs_someone_responsible_and_is_not_done_before_the_engagement(client, users, workshop):
    client.force_login(users["coordinator"])
    response = client.post(reverse("projects:follow_up_add", args=[workshop.pk]), {"action": "Call them", "due_date": "01/12/2026"})
    assert response.status_code == 400 and escape(translated("vi", "Name the organisation or the person responsible.")) in response.content.decode()
    assert workshop.follow_ups.count() == 1
    follow_up = workshop.follow_ups.get()
    client.post(reverse("projects:follow_up_done", args=[follow_up.pk]), {"done_on": "01/10/2026"})
    assert FollowUp.objects.get().done_on is None
    client.post(reverse("projects:follow_up_done", args=[follow_up.pk]), {"done_on": "28/10/2026"})
    assert FollowUp.objects.get().done_on == datetime.date(2026, 10, 28)


def test_due_and_overdue_follow_ups_stand_out(client, users, workshop, programme):
    FollowUp.objects.all().delete()
    for action, due in [("Late letter", -3), ("Next week's call", 7), ("Next year's visit", 200)]:
        FollowUp.objects.create(engagement=workshop, action=action, responsible_person="Chị Lan", due_date=days(due))
    FollowUp.objects.create(engagement=workshop, action="Done already", responsible_person="Anh Minh", due_date=days(-10), done_on=days(-12))
    client.force_login(users["viewer"])
    page = client.get(reverse("projects:engagements")).content.decode()
    due_box = page.split('id="due-title"')[1].split("</section>")[0]
    assert "Late letter" in due_box and "Next week&#x27;s call" in due_box
    assert "Next year" not in due_box and "Done already" not in due_box
    detail = client.get(reverse("projects:engagement", args=[workshop.pk])).content.decode()
    assert detail.count('class="follow-up-overdue"') == 1 and detail.count('class="follow-up-due"') == 1


def test_the_list_filters_by_kind_year_ngo_and_project(client, users, workshop, ngos, programme):
    other = Engagement.objects.create(kind="field_visit", date=datetime.date(2025, 3, 1), organiser=programme.coordinator, title="Visit to Phú Tân")
    other.ngos.set(ngos[1:])
    client.force_login(users["viewer"])

    def titles(**query):
        response = client.get(reverse("projects:engagements"), query)
        return sorted(engagement.title for engagement, _states in response.context["rows"])

    assert titles() == ["Visit to Phú Tân", workshop.title]
    assert titles(kind="workshop") == [workshop.title]
    assert titles(year=2025) == ["Visit to Phú Tân"]
    assert titles(ngo=ngos[0].pk) == [workshop.title]
    assert titles(ngo=ngos[1].pk) == ["Visit to Phú Tân", workshop.title]
    assert titles(project=Project.objects.get(code=PRESENTED[1]).pk) == [workshop.title]


def test_the_pages_run_a_fixed_number_of_queries(client, users, workshop, ngos, programme, django_assert_max_num_queries):
    client.force_login(users["coordinator"])
    project = Project.objects.get(code=PRESENTED[0])
    pages = [reverse("projects:engagements"), reverse("projects:engagement", args=[workshop.pk]), reverse("projects:detail", args=[project.pk])]
    counts = []
    for page in pages:
        with django_assert_max_num_queries(60) as captured:
            assert client.get(page).status_code == 200
        counts.append(len(captured))
    for number in range(6):
        engagement = Engagement.objects.create(kind="meeting", date=days(-number), organiser=programme.coordinator, title=f"Meeting {number}")
        engagement.ngos.set(ngos)
        engagement.projects.set(Project.objects.filter(code__in=PRESENTED))
        FollowUp.objects.create(engagement=engagement, action="Write", responsible_person="Chị Lan", due_date=days(number))
        FollowUp.objects.create(engagement=workshop, action=f"Call {number}", responsible_organisation=programme.coordinator, due_date=days(number))
    for page, count in zip(pages, counts):
        with django_assert_max_num_queries(count):
            assert client.get(page).status_code == 200


def test_the_project_page_lists_its_engagements(client, users, workshop):
    client.force_login(users["officer"])  # the host agency's officer of I.1
    page = client.get(reverse("projects:detail", args=[Project.objects.get(code=PRESENTED[0]).pk])).content.decode()
    section = page.split('id="engagements-title"')[1].split("</section>")[0]
    assert workshop.title in section and "Send the feasibility study of I.1" in section


def test_the_pack_downloads_for_the_codes_asked_and_refuses_a_project_not_public(client, users, workshop):
    client.force_login(users["viewer"])
    url = reverse("reporting:workshop_pack", args=[workshop.pk])
    response = client.get(url, {"projects": ",".join(PRESENTED[:2])})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf" and response.content.startswith(b"%PDF-")
    Project.objects.filter(code=PRESENTED[2]).update(status=Project.Status.ACCEPTED)
    response = client.get(url, {"projects": PRESENTED[2]}, follow=True)
    assert f"Not in the pack: {PRESENTED[2]}" in " ".join(str(m) for m in response.context["messages"]) or PRESENTED[2] in response.content.decode()


def test_a_pack_of_more_projects_than_a_request_makes_is_made_by_a_job(client, users, workshop, settings):
    import io

    from pypdf import PdfReader

    from socaid.jobs.models import Job
    from tests.support.jobs import fetch_job_file, is_refused_to

    settings.JOB_ABOVE_ROWS = {**settings.JOB_ABOVE_ROWS, "pack": 2}
    client.force_login(users["viewer"])
    response = client.get(reverse("reporting:workshop_pack", args=[workshop.pk]), {"projects": ",".join(PRESENTED)})
    job = Job.objects.get()
    assert response.status_code == 302 and response.url == reverse("jobs:job", args=[job.pk])
    assert (job.kind, job.state, job.total, job.params["codes"]) == ("workshop-pack", Job.State.DONE, 3, PRESENTED)
    name, content = fetch_job_file(client, job)
    assert name.startswith("workshop-pack-2026-10-21-") and name.endswith(".pdf")
    text = " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages).split())
    for project in Project.objects.filter(code__in=PRESENTED):
        assert " ".join(project.name_en.split())[:40] in text
    client.force_login(users["officer"])
    assert is_refused_to(client, job)
    client.force_login(users["nobody"])
    assert is_refused_to(client, job)


def test_a_pack_job_refuses_a_project_no_longer_public(client, users, workshop, settings):
    from socaid.jobs.models import Job
    from socaid.jobs.tasks import run_job

    settings.JOB_ABOVE_ROWS = {**settings.JOB_ABOVE_ROWS, "pack": 2}
    client.force_login(users["viewer"])
    client.get(reverse("reporting:workshop_pack", args=[workshop.pk]), {"projects": ",".join(PRESENTED)})
    job = Job.objects.get()
    Job.objects.filter(pk=job.pk).update(state=Job.State.QUEUED, file="")
    Project.objects.filter(code=PRESENTED[1]).update(status=Project.Status.ACCEPTED)
    run_job.call(str(job.pk))
    job.refresh_from_db()
    assert job.state == Job.State.FAILED and job.error_values == {"codes": PRESENTED[1]}
    page = client.get(reverse("jobs:job", args=[job.pk])).content.decode()
    assert '<p class="error" role="alert">' in page and PRESENTED[1] in page


def test_a_pack_has_at_most_so_many_projects(client, users, workshop, monkeypatch):
    from reporting import pack_views
    from socaid.jobs.models import Job

    monkeypatch.setattr(pack_views, "MAX_PROJECTS", 2)
    client.force_login(users["viewer"])
    response = client.get(reverse("reporting:workshop_pack", args=[workshop.pk]), {"projects": ",".join(PRESENTED)}, follow=True)
    assert "Mỗi bộ tài liệu chọn tối đa 2 dự án." in " ".join(str(m) for m in response.context["messages"])
    assert not Job.objects.exists()


def test_past_so_many_projects_the_form_takes_their_codes(client, users, programme, ngos, monkeypatch, django_assert_max_num_queries):
    from projects import engagement_forms

    monkeypatch.setattr(engagement_forms, "LISTED_PROJECTS", 3)  # a bank of 100,000 made a list of 9.5 MB
    client.force_login(users["coordinator"])
    page = client.get(reverse("projects:engagement_create")).content.decode()
    assert '<textarea name="projects"' in page and "<option" not in page.split('name="projects"', 1)[1].split("</textarea>", 1)[0]
    data = form_data(programme, ngos, projects=f" {PRESENTED[1]},{PRESENTED[0]}\n{PRESENTED[1]} ")
    with django_assert_max_num_queries(40):
        response = client.post(reverse("projects:engagement_create"), data)
    engagement = Engagement.objects.get()
    assert response.status_code == 302 and {p.code for p in engagement.projects.all()} == set(PRESENTED[:2])
    # An unknown code is named, in Vietnamese, and nothing is saved.
    response = client.post(reverse("projects:engagement_create"), form_data(programme, ngos, projects=f"{PRESENTED[0]}, 03-2020-x-99"))
    assert response.status_code == 400 and Engagement.objects.count() == 1
    assert "Không có dự án nào mang mã 03-2020-x-99." in response.content.decode()
    # The edit form shows the codes it has; no code at all is no project.
    page = client.get(reverse("projects:engagement_edit", args=[engagement.pk])).content.decode()
    shown = page.split('name="projects"', 1)[1].split("</textarea>", 1)[0]
    assert PRESENTED[0] in shown and PRESENTED[1] in shown
    response = client.post(reverse("projects:engagement_edit", args=[engagement.pk]), form_data(programme, ngos, projects=""))
    assert response.status_code == 302 and not engagement.projects.exists()
