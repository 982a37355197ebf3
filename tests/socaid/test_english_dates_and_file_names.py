"""English pages write dates day first as the rest of the portal does, and English readers download files named
in English; Vietnamese readers keep the Vietnamese names."""
import datetime
import re

import pytest
from django.urls import reverse
from django.utils import formats, translation

from partners.models import Organisation
from projects.models import Project
from reporting import services

pytestmark = pytest.mark.django_db

MOMENT = datetime.datetime(2026, 11, 30, 18, 35)


def test_english_formats_put_the_day_first_and_keep_english_numbers():
    with translation.override("en"):
        assert formats.date_format(MOMENT, "SHORT_DATETIME_FORMAT") == "30/11/2026 18:35"
        assert formats.date_format(MOMENT.date(), "SHORT_DATE_FORMAT") == "30/11/2026"
        assert formats.date_format(MOMENT.date(), "DATE_FORMAT") == "30 November 2026"
        assert formats.date_format(MOMENT, "DATETIME_FORMAT") == "30 November 2026, 18:35"
        assert formats.time_format(MOMENT.time(), "TIME_FORMAT") == "18:35"
        assert formats.number_format(367902, force_grouping=True) == "367,902"
        assert formats.number_format(1.5, 1) == "1.5"
    with translation.override("vi"):
        assert formats.number_format(367902, force_grouping=True) == "367.902"


def test_the_english_pages_print_no_us_dates_and_no_double_period(client, users, programme):
    client.force_login(users["coordinator"])
    client.cookies["django_language"] = "en"
    units = list(Organisation.objects.filter(code__in=["ubnd-huyen-chau-thanh"]))
    round_ = services.round_open(programme=programme, year=2024, by=users["coordinator"], units=units)
    project = Project.objects.get(code="03-2020-ii-06")
    pages = [
        client.get(reverse("projects:detail", args=[project.pk])),
        client.get(reverse("projects:restore", args=[project.pk, project.history.earliest("history_date").history_id])),
        client.get(reverse("reporting:rounds")),
        client.get(reverse("reporting:round", args=[round_.pk])),
    ]
    text = " ".join(page.content.decode() for page in pages)
    assert not re.search(r"\b[ap]\.m\.", text)
    assert re.search(r"\b\d{2}/\d{2}/\d{4} \d{2}:\d{2}\b", text)
    assert ".." not in re.sub(r"<[^>]*>|\.\.\.|…", "", text)


def attachment_name(response):
    return re.search(r'filename="?([^";]+)', response["Content-Disposition"]).group(1)


@pytest.mark.parametrize(
    "language, names",
    [
        ("en", ["project-bank-", "project-bank-flat-", "project-bank-flat-", "project-bank-import-template.xlsx", "reporting-round-2024-"]),
        ("vi", ["ngan-hang-du-an-", "ngan-hang-du-an-phang-", "ngan-hang-du-an-phang-", "mau-nhap-ngan-hang-du-an.xlsx", "dot-bao-cao-2024-"]),
    ],
)
def test_exports_are_named_in_the_readers_language(client, users, programme, language, names):
    client.force_login(users["coordinator"])
    client.cookies["django_language"] = language
    round_ = services.round_open(programme=programme, year=2024, by=users["coordinator"], units=[])
    bank = reverse("projects:bank")
    responses = [
        client.get(bank, {"export": "xlsx"}),
        client.get(bank, {"export": "flat-xlsx"}),
        client.get(bank, {"export": "flat-csv"}),
        client.get(reverse("projects:import_template")),
        client.get(reverse("reporting:round", args=[round_.pk]), {"export": "xlsx"}),
    ]
    got = [attachment_name(response) for response in responses]
    assert all(name.startswith(prefix) for name, prefix in zip(got, names)), got
    assert [name.rsplit(".", 1)[1] for name in got] == ["xlsx", "xlsx", "csv", "xlsx", "xlsx"]
