"""The catalogue as CSV: the catalogue's projects and order, headings in the address's language, plain amounts,
no text a spreadsheet would run as a formula, nothing unpublished, no cookie."""
import csv
import io

import pytest

from projects.models import Project
from tests.support.open_data import make_project, many_public, one_of_each_status

pytestmark = pytest.mark.django_db


def read(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    content = b"".join(response.streaming_content) if response.streaming else response.content  # a job's file streams
    assert content.startswith(b"\xef\xbb\xbf")  # the BOM by which Excel knows UTF-8
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    return rows[0], [dict(zip(rows[0], row)) for row in rows[1:]]


def test_headings_and_text_in_the_addresss_language(client):
    english, rows = read(client.get("/en/projects.csv"))
    assert english[:5] == ["Code", "Programme", "Sector", "No.", "Project name"]
    assert "Aid sought (million VND)" in english
    first = rows[0]
    assert (first["Code"], first["Project name"], first["Sector"], first["No."]) == ("03-2020-i-01", "Smart rice-field production project", "I. Agriculture and rural development", "I.1")
    assert (first["Official codes"], first["Start year"], first["End year"], first["Stage"]) == ("31582", "2020", "2022", "Seeking aid")
    vietnamese, rows = read(client.get("/vi/projects.csv"))
    assert vietnamese != english and vietnamese[0] == "Mã"
    assert rows[0]["Tên dự án"] == "Dự án cánh đồng sản xuất thông minh"


def test_one_row_per_public_project_of_the_running_programme(client):
    one_of_each_status()
    _headings, rows = read(client.get("/en/projects.csv"))
    codes = [row["Code"] for row in rows]
    assert len(codes) == len(set(codes)) == Project.objects.public().count() == 25 + 6
    assert not {"every-draft", "every-proposed", "every-returned", "every-accepted", "every-withdrawn"} & set(codes)


def test_filters_and_order_of_the_catalogue(client):
    one_of_each_status()
    _headings, rows = read(client.get("/en/projects.csv?stage=seeking&sort=-aid&aid_min=40000"))
    assert [(row["Code"], row["Aid sought (million VND)"]) for row in rows] == [("03-2020-v-02", "97666"), ("03-2020-v-03", "45266")]
    _headings, rows = read(client.get("/en/projects.csv?q=cang+ca"))
    assert [row["Code"] for row in rows] == ["03-2020-i-07"]
    _headings, rows = read(client.get("/en/projects.csv?stage=funded"))
    assert {row["Status"] for row in rows} == {"committed by an NGO", "approved", "implementing"}


def test_amounts_are_plain_numbers(client):
    make_project("fraction", position=60, aid="1234.5", counterpart="12000")
    _headings, rows = read(client.get("/vi/projects.csv?q=fraction"))
    (row,) = [row for row in rows if row["Mã"] == "fraction"]
    assert [row[heading] for heading in ("Tổng vốn dự án (triệu đồng)", "Vốn vận động viện trợ (triệu đồng)", "Vốn đối ứng (triệu đồng)")] == ["13234.5", "1234.5", "12000"]


def test_text_that_would_run_as_a_formula_is_guarded(client):
    make_project("formula", position=61, name='=HYPERLINK("http://evil.example","x")', name_en="+1 dial", content="@SUM(A1)", contact_name="-2+3")
    _headings, rows = read(client.get("/en/projects.csv"))
    (row,) = [row for row in rows if row["Code"] == "formula"]
    assert (row["Project name"], row["Content"], row["Contact person"]) == ("'+1 dial", "'@SUM(A1) [VI]", "'-2+3")
    _headings, rows = read(client.get("/vi/projects.csv"))
    (row,) = [row for row in rows if row["Mã"] == "formula"]
    assert row["Tên dự án"] == """'=HYPERLINK("http://evil.example","x")"""


def test_english_missing_is_marked(client):
    make_project("no-english", position=62, name="Dự án chưa dịch")
    _headings, rows = read(client.get("/en/projects.csv"))
    (row,) = [row for row in rows if row["Code"] == "no-english"]
    assert row["Project name"] == "Dự án chưa dịch [VI]"


def test_a_constant_number_of_queries_and_no_cookie(client, django_assert_max_num_queries):
    many_public(60)
    with django_assert_max_num_queries(8):
        response = client.get("/en/projects.csv?programme=all")
    _headings, rows = read(response)
    assert len(rows) == 85
    assert "Set-Cookie" not in response.headers and response["Cache-Control"] == "public, no-cache"
    assert response["Content-Disposition"] == 'attachment; filename="projects-en.csv"'


def test_a_long_list_is_made_once_per_filter_by_a_public_job(client, settings):
    from socaid.jobs.models import Job

    many_public(20)
    whole = read(client.get("/en/projects.csv?programme=all&stage=seeking&sort=-aid"))
    settings.JOB_ABOVE_ROWS = {**settings.JOB_ABOVE_ROWS, "csv": 10}
    made = client.get("/en/projects.csv?programme=all&stage=seeking&sort=-aid")
    job = Job.objects.get()
    assert (job.kind, job.requested_by, job.state, job.total) == ("public-catalogue-csv", None, Job.State.DONE, len(whole[1]))
    assert read(made) == whole and not made.cookies
    assert made["Content-Disposition"] == 'attachment; filename="projects-en.csv"'
    # The same filter with its parameters in another order, or on another page of the catalogue: the same file.
    again = client.get("/en/projects.csv?sort=-aid&page=2&stage=seeking&programme=all")
    assert read(again) == whole and Job.objects.count() == 1
    # Another filter or language is another file; a list short enough is answered at once, as before.
    client.get("/vi/projects.csv?programme=all&stage=seeking&sort=-aid")
    client.get("/en/projects.csv?programme=all&sort=name")
    assert Job.objects.count() == 3
    read(client.get("/en/projects.csv?q=cang+ca"))
    assert Job.objects.count() == 3
    # What does not filter makes no other file: parameters the catalogue does not know, values it ignores as invalid.
    junk = client.get("/en/projects.csv?programme=all&stage=seeking&sort=-aid&utm_source=x&aid_min=abc&year_from=1")
    assert read(junk) == whole and Job.objects.count() == 3


def test_visitors_start_only_so_many_public_files_at_once(client, settings):
    import datetime

    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from socaid.jobs.models import Job

    many_public(20)
    settings.JOB_ABOVE_ROWS = {**settings.JOB_ABOVE_ROWS, "csv": 10}
    settings.PUBLIC_JOBS_AT_ONCE = 2
    now = timezone.now()

    def public_job(key, state, heartbeat_at=None):
        return Job.objects.create(kind="public-catalogue-csv", title="t", public_key=key, state=state, heartbeat_at=heartbeat_at,
                                  expires_at=now + datetime.timedelta(days=1))

    public_job("a", Job.State.QUEUED)
    public_job("b", Job.State.RUNNING, heartbeat_at=now)
    # A worker lost long ago, a file finished, an officer's own export: none of them is a public file being made.
    public_job("c", Job.State.RUNNING, heartbeat_at=now - datetime.timedelta(hours=1))
    public_job("d", Job.State.DONE)
    officer = Job.objects.create(kind="public-catalogue-csv", title="t", requested_by=get_user_model().objects.create_user("officer"), state=Job.State.QUEUED,
                                 expires_at=now + datetime.timedelta(days=1))
    busy = client.get("/vi/projects.csv?programme=all")
    page = busy.content.decode()
    assert busy.status_code == 503 and busy["Retry-After"] == "60" and "no-store" in busy["Cache-Control"]
    assert "<h1>Chưa thể bắt đầu lập tệp</h1>" in page and "Hiện có nhiều tệp đang được lập" in page and '<meta http-equiv="refresh" content="60">' in page
    assert Job.objects.count() == 5 and officer.state == Job.State.QUEUED
    # Once one of them is done, the visitor's file is started.
    Job.objects.filter(public_key="a").update(state=Job.State.DONE)
    made = client.get("/vi/projects.csv?programme=all")
    assert made.status_code == 200 and made["Content-Type"].startswith("text/csv") and Job.objects.count() == 6


def test_while_the_list_is_made_the_address_follows_its_job(client, settings):
    import datetime

    from django.utils import timezone

    from reporting.public.rendered import public_state
    from socaid.jobs.models import Job

    many_public(20)
    settings.JOB_ABOVE_ROWS = {**settings.JOB_ABOVE_ROWS, "csv": 10}
    client.get("/vi/projects.csv?programme=all")
    made = Job.objects.get()
    made.delete()
    now = timezone.now()
    # A worker has the job of this filter (the tests' backend would run a new one inside the request).
    running = Job.objects.create(
        kind=made.kind, title="t", public_key=made.public_key, params=made.params, state=Job.State.RUNNING, stage="render",
        done=9, total=45, heartbeat_at=now, expires_at=now + datetime.timedelta(days=1),
    )
    response = client.get("/vi/projects.csv?programme=all")
    page = response.content.decode()
    assert response.status_code == 200 and '<meta http-equiv="refresh" content="3">' in page and "no-store" in response["Cache-Control"]
    assert "<h1>Danh mục dự án đang được lập</h1>" in page and "Đang ghi tệp" in page and 'value="20"' in page
    assert list(Job.objects.all()) == [running] and made.public_key.endswith(public_state())
