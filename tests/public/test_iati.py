"""The IATI 2.03 activity file: valid against the IATI schema, one activity per public project, with the right
identifiers, statuses, organisations, sectors, locations, budgets and languages."""
from pathlib import Path

import pytest
from django.test import override_settings
from lxml import etree

from projects.models import Project, Sector
from tests.support.open_data import make_project, many_public, one_of_each_status

pytestmark = pytest.mark.django_db

URL = "/open-data/iati-activities.xml"
SCHEMA = etree.XMLSchema(etree.parse(str(Path(__file__).parent / "iati-2.03" / "iati-activities-schema.xsd")))
LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def fetched(client):
    response = client.get(URL)
    assert response.status_code == 200 and response["Content-Type"] == "application/xml"
    root = etree.fromstring(response.content)
    assert SCHEMA.validate(root), SCHEMA.error_log
    return root


def activities(root):
    return {element.findtext("iati-identifier"): element for element in root.iter("iati-activity")}


def narratives(element):
    return {narrative.get(LANG): narrative.text for narrative in element.findall("narrative")}


def test_valid_and_one_activity_per_public_project(client):
    one_of_each_status()
    root = fetched(client)
    assert root.get("version") == "2.03" and root.get("generated-datetime")
    identifiers = set(activities(root))
    assert identifiers == {f"VN-CT-SOCAID-DEMO-{code}" for code in Project.objects.public().values_list("code", flat=True)}
    assert len(identifiers) == 25 + 6
    assert not {f"VN-CT-SOCAID-DEMO-every-{status}" for status in ("draft", "proposed", "returned", "accepted", "withdrawn")} & identifiers


def test_a_seed_project(client):
    activity = activities(fetched(client))["VN-CT-SOCAID-DEMO-03-2020-i-01"]
    reporting = activity.find("reporting-org")
    assert (reporting.get("ref"), reporting.get("type")) == ("VN-CT-SOCAID-DEMO", "10")
    assert narratives(reporting) == {"vi": "Ủy ban nhân dân tỉnh Sóc Trăng", "en": "People's Committee of Sóc Trăng province"}
    assert narratives(activity.find("title")) == {"vi": "Dự án cánh đồng sản xuất thông minh", "en": "Smart rice-field production project"}
    assert set(narratives(activity.find("description"))) == {"vi", "en"}
    assert activity.find("activity-status").get("code") == "1"  # pipeline: still seeking aid
    assert [(d.get("type"), d.get("iso-date")) for d in activity.findall("activity-date")] == [("1", "2020-01-01"), ("3", "2022-12-31")]
    (host,) = activity.findall("participating-org")
    assert (host.get("role"), host.get("type"), narratives(host)["en"]) == ("4", "10", "People's Committee of Châu Thành district")
    assert activity.find("recipient-country").get("code") == "VN"
    (location,) = activity.findall("location")
    assert location.get("ref") == "31582" and narratives(location.find("name")) == {"vi": "Xã Phú Tân", "en": "Phú Tân commune"}
    assert "31582" in narratives(location.find("description"))["en"]
    assert location.find("feature-designation").get("code") == "ADM3"
    (sector,) = activity.findall("sector")
    assert (sector.get("vocabulary"), sector.get("code"), sector.get("percentage")) == ("99", "I", "100")
    assert sector.get("vocabulary-uri").endswith("/api/v1/sectors/?programme=03-ctr-ubnd-2020")
    # 5,000 million VND over 2020–2022: one budget a year (none may run longer), the shares adding up to it.
    budgets = activity.findall("budget")
    assert [(b.get("type"), b.get("status")) for b in budgets] == [("1", "1")] * 3
    assert [(b.find("period-start").get("iso-date"), b.find("period-end").get("iso-date")) for b in budgets] == [
        ("2020-01-01", "2020-12-31"), ("2021-01-01", "2021-12-31"), ("2022-01-01", "2022-12-31")
    ]
    values = [b.find("value") for b in budgets]
    assert [v.text for v in values] == ["1666666666", "1666666666", "1666666668"]
    assert {(v.get("currency"), v.get("value-date")) for v in values} == {("VND", "2020-05-06")}


def test_statuses_funders_dac_codes_and_contacts(client):
    Sector.objects.filter(programme__number="03/CTr-UBND", numeral="II").update(dac_code="16010")
    make_project("funded", position=60, status=Project.Status.IMPLEMENTING, ngo="tong-lanh-su-quan-uc-tphcm", contact_name="Nguyễn Văn A", contact_email="a@example.vn")
    make_project("done", position=61, status=Project.Status.COMPLETED, ngo="tong-lanh-su-quan-uc-tphcm")
    make_project("signed", position=62, status=Project.Status.APPROVED, ngo="tong-lanh-su-quan-uc-tphcm")
    found = activities(fetched(client))
    funded, done = found["VN-CT-SOCAID-DEMO-funded"], found["VN-CT-SOCAID-DEMO-done"]
    # Signed and approved, but the work has not started: still the pipeline.
    assert found["VN-CT-SOCAID-DEMO-signed"].find("activity-status").get("code") == "1"
    assert (funded.find("activity-status").get("code"), done.find("activity-status").get("code")) == ("2", "3")
    roles = {org.get("role"): narratives(org) for org in funded.findall("participating-org")}
    assert roles["1"]["en"] == "Australian Consulate-General in Ho Chi Minh City"
    assert {(s.get("vocabulary"), s.get("code"), s.get("percentage")) for s in funded.findall("sector")} == {("99", "II", "100"), ("1", "16010", "100")}
    contact = funded.find("contact-info")
    assert (contact.findtext("person-name/narrative"), contact.findtext("email")) == ("Nguyễn Văn A", "a@example.vn")


def test_only_the_languages_that_have_text(client):
    make_project("vietnamese-only", position=62, name="Dự án chưa dịch", content="")
    activity = activities(fetched(client))["VN-CT-SOCAID-DEMO-vietnamese-only"]
    assert narratives(activity.find("title")) == {"vi": "Dự án chưa dịch"}
    # No content: the schema requires a description, and the name is all that is known.
    assert narratives(activity.find("description")) == {"vi": "Dự án chưa dịch"}


def test_without_years_or_amounts_it_stays_valid(client):
    make_project("unknowns", position=63, start_year=None, end_year=None, aid=None, counterpart=None, units=())
    activity = activities(fetched(client))["VN-CT-SOCAID-DEMO-unknowns"]
    assert [d.get("iso-date") for d in activity.findall("activity-date")] == ["2020-01-01", "2025-12-31"]  # the programme's
    assert activity.find("budget") is None and activity.find("location") is None


@override_settings(IATI_REPORTING_ORG_REF="VN-GOV-123")
def test_the_identifier_is_the_setting(client):
    assert "VN-GOV-123-03-2020-i-01" in activities(fetched(client))


def test_a_constant_number_of_queries_no_cookie_and_get_only(client, django_assert_max_num_queries):
    many_public(50)
    with django_assert_max_num_queries(6):
        response = client.get(URL)
    assert len(etree.fromstring(response.content).findall("iati-activity")) == 75
    assert "Set-Cookie" not in response.headers and response["Cache-Control"] == "public, no-cache"
    assert client.post(URL).status_code == 405


def test_a_long_file_is_made_once_by_a_public_job_then_served_at_the_same_address(client, settings, django_assert_max_num_queries):
    from socaid.jobs.models import Job

    settings.JOB_ABOVE_ROWS = {**settings.JOB_ABOVE_ROWS, "iati": 10}
    one_of_each_status()
    response = client.get(URL)
    job = Job.objects.get()
    assert (job.kind, job.requested_by, job.state, job.done, job.total) == ("public-iati", None, Job.State.DONE, 31, 31)
    assert response.status_code == 200 and response["Content-Type"] == "application/xml" and not response.cookies
    root = etree.fromstring(b"".join(response.streaming_content))
    assert SCHEMA.validate(root), SCHEMA.error_log
    assert set(activities(root)) == {f"VN-CT-SOCAID-DEMO-{code}" for code in Project.objects.public().values_list("code", flat=True)}
    with django_assert_max_num_queries(10):
        again = client.get(URL)
    assert set(activities(etree.fromstring(b"".join(again.streaming_content)))) == set(activities(root)) and Job.objects.count() == 1
    # A change of a public project names a new file.
    project = Project.objects.public().first()
    Project.objects.filter(pk=project.pk).update(version=project.version + 1)
    client.get(URL)
    assert Job.objects.filter(kind="public-iati", state=Job.State.DONE).count() == 2


def test_while_the_file_is_made_every_visitor_follows_the_one_job(client, settings):
    import datetime

    from django.utils import timezone

    from reporting.public.rendered import public_state
    from socaid.jobs.models import Job

    settings.JOB_ABOVE_ROWS = {**settings.JOB_ABOVE_ROWS, "iati": 10}
    now = timezone.now()
    waiting = Job.objects.create(
        kind="public-iati", title="t", public_key=f"public-iati.{public_state()}", state=Job.State.RUNNING, stage="build",
        done=7, total=25, params={}, expires_at=now + datetime.timedelta(days=7), heartbeat_at=now,
    )
    for _visitor in range(2):
        response = client.get(URL)
        page = response.content.decode()
        assert response.status_code == 200 and '<meta http-equiv="refresh" content="3">' in page
        assert "no-store" in response["Cache-Control"]
        assert "<h1>Tệp IATI đang được lập</h1>" in page and "Đang ghi các hoạt động" in page and 'value="28"' in page  # 7 of 25
    assert list(Job.objects.all()) == [waiting]
