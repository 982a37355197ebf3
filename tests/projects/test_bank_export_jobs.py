"""The bank list's files past JOB_ABOVE_ROWS["xlsx"] projects: made by a job, the same file the request makes below it."""
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from socaid.jobs.models import Job
from tests.support.jobs import fetch_job_file, is_refused_to

pytestmark = pytest.mark.django_db

FILTERED = {"q": "ho dieu hoa"}  # three projects


@pytest.fixture
def coordinator_client(client, users):
    client.force_login(users["coordinator"])
    return client


@pytest.fixture
def two_rows_at_most(settings):
    settings.JOB_ABOVE_ROWS = {**settings.JOB_ABOVE_ROWS, "xlsx": 2}


def test_below_the_size_the_request_sends_the_file(coordinator_client, settings):
    settings.JOB_ABOVE_ROWS = {**settings.JOB_ABOVE_ROWS, "xlsx": 3}
    response = coordinator_client.get(reverse("projects:bank"), FILTERED | {"export": "xlsx"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert not Job.objects.exists()


def test_a_larger_list_is_made_by_a_job_from_the_same_filters(coordinator_client, users, two_rows_at_most, django_assert_max_num_queries):
    response = coordinator_client.get(reverse("projects:bank"), FILTERED | {"export": "xlsx", "o": "-number", "page": "2"})
    job = Job.objects.get()
    assert response.status_code == 302 and response.url == reverse("jobs:job", args=[job.pk])
    assert (job.kind, job.state, job.requested_by, job.total, job.done) == ("bank-list", Job.State.DONE, users["coordinator"], 3, 3)
    assert job.params == {"query": "q=ho+dieu+hoa&o=-number", "export": "xlsx"}
    with django_assert_max_num_queries(12):
        assert coordinator_client.get(response.url).status_code == 200
    name, content = fetch_job_file(coordinator_client, job)
    assert name.startswith("ngan-hang-du-an-") and name.endswith(".xlsx")
    rows = list(load_workbook(io.BytesIO(content)).active.iter_rows(min_row=3, values_only=True))
    assert [(r[1], r[9]) for r in rows] == [("V.3", 45266), ("V.2", 97666), ("V.1", 20059)]


@pytest.mark.parametrize("export", ["flat-xlsx", "flat-csv"])
def test_the_flat_list_made_by_a_job_is_the_file_the_request_makes(coordinator_client, settings, export):
    small = coordinator_client.get(reverse("projects:bank"), FILTERED | {"export": export}).content
    settings.JOB_ABOVE_ROWS = {**settings.JOB_ABOVE_ROWS, "xlsx": 2}
    coordinator_client.get(reverse("projects:bank"), FILTERED | {"export": export})
    job = Job.objects.get()
    name, content = fetch_job_file(coordinator_client, job)
    assert name.endswith("." + export.split("-")[1]) and job.state == Job.State.DONE
    if export == "flat-csv":
        assert content == small
    else:
        read = lambda data: [list(row) for row in load_workbook(io.BytesIO(data)).active.iter_rows(values_only=True)]  # noqa: E731
        assert read(content) == read(small)


def test_another_officer_may_read_neither_the_job_nor_its_file(client, users, two_rows_at_most):
    client.force_login(users["coordinator"])
    client.get(reverse("projects:bank"), FILTERED | {"export": "xlsx"})
    job = Job.objects.get()
    client.force_login(users["officer"])
    assert is_refused_to(client, job)


def test_a_job_whose_requester_lost_the_bank_fails_and_is_not_read(client, users, two_rows_at_most):
    from partners.models import Membership
    from socaid.jobs.tasks import run_job

    client.force_login(users["viewer"])
    client.get(reverse("projects:bank"), FILTERED | {"export": "xlsx"})
    job = Job.objects.get()
    Membership.objects.filter(user=users["viewer"]).delete()
    Job.objects.filter(pk=job.pk).update(state=Job.State.QUEUED, file="")
    run_job.call(str(job.pk))
    job.refresh_from_db()
    assert job.state == Job.State.FAILED and job.error == "You may no longer read the project bank."
    assert is_refused_to(client, job)
