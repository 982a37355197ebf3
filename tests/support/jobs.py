"""Reading what a background job made, as its requester would, and checking that someone else cannot."""
from django.urls import reverse


def fetch_job_file(client, job):
    """The job's file as ``client`` downloads it from its page: its name and its bytes."""
    response = client.get(reverse("jobs:file", args=[job.pk]))
    assert response.status_code == 200, response.status_code
    name = response["Content-Disposition"].split("filename=")[-1].strip('"')
    return name, b"".join(response.streaming_content)


def is_refused_to(client, job):
    """Neither the job's page nor its file answers ``client``: 403 for both."""
    page = client.get(reverse("jobs:job", args=[job.pk])).status_code
    file = client.get(reverse("jobs:file", args=[job.pk])).status_code
    return (page, file) == (403, 403)
