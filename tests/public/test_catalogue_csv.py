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
    assert response.content.startswith(b"\xef\xbb\xbf")  # the BOM by which Excel knows UTF-8
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
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
