"""What a unit's annual report holds: project lines, NGOs worked with, attachments; bad input saves nothing."""
import datetime
import io
import zipfile
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from partners.models import NGO, Organisation
from reporting import services
from reporting.models import AnnualReport, ReportAttachment, ReportLine, ReportNGO
from tests.support.report_forms import report_post, started
from tests.support.rounds import open_round

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def office_file(member):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(member, "<x/>")
    return buffer.getvalue()


@pytest.fixture
def registry(db):
    return NGO.objects.create(code="mekong-green", name_original="Mekong Green Futures e.V.", country="DE")


@pytest.fixture
def round_open(programme, users):
    units = Organisation.objects.filter(code__in=["ubnd-huyen-chau-thanh", "hoi-nong-dan-soc-trang", "ubnd-tp-soc-trang"])
    return open_round(programme, users["coordinator"], units)


def url_of(round_, code):
    return reverse("reporting:report", args=[round_.pk, Organisation.objects.get(code=code).pk])


@pytest.fixture
def page(client, users, round_open, registry):
    client.force_login(users["officer"])
    url = url_of(round_open, "ubnd-huyen-chau-thanh")
    return url, started(client, url)


def report_of(round_, code="ubnd-huyen-chau-thanh"):
    return AnnualReport.objects.get(round=round_, organisation__code=code)


def line_prefix(page, code):
    for form in page.context["lines"].forms:
        if form.instance.project.code == code:
            return form.prefix
    raise AssertionError(code)


def test_a_report_has_a_line_for_each_of_the_units_projects(page, round_open):
    _url, response = page
    codes = sorted(form.instance.project.code for form in response.context["lines"].forms)
    assert codes == ["03-2020-i-01", "03-2020-iii-01"]
    assert {line.status for line in report_of(round_open).lines.all()} == {"published"}


def test_officer_saves_lines_ngos_and_an_attachment_typed_the_vietnamese_way(client, page, round_open, registry):
    url, response = page
    line = line_prefix(response, "03-2020-i-01")
    data = report_post(
        response,
        results="Đã vận động được 1 dự án",
        **{
            f"{line}-status": "implementing", f"{line}-currency": "USD", f"{line}-rate_to_vnd": "25.350",
            f"{line}-rate_date": "2025-12-01", f"{line}-rate_source": "Vietcombank, tỷ giá bán",
            f"{line}-committed_year": "50.000", f"{line}-disbursed_year": "20.000,50", f"{line}-committed_total": "50.000",
            f"{line}-disbursed_total": "20.000,50", f"{line}-counterpart_spent": "1.250", f"{line}-beneficiaries": "320",
            "ngo-0-ngo": str(registry.pk), "ngo-0-activities": "Tài trợ mô hình cánh đồng thông minh",
        },
    )
    data["attachment"] = SimpleUploadedFile("Báo cáo năm.pdf", PDF, content_type="application/pdf")
    assert client.post(url, data).status_code == 302
    saved = ReportLine.objects.get(report__round=round_open, project__code="03-2020-i-01")
    assert (saved.status, saved.currency, saved.rate_to_vnd, saved.committed_year, saved.disbursed_year) == (
        "implementing", "USD", Decimal("25350"), Decimal("50000"), Decimal("20000.50"),
    )
    assert saved.million_vnd("committed_year") == Decimal("1267.5")
    assert (saved.counterpart_spent, saved.beneficiaries) == (Decimal("1250"), 320)
    assert list(ReportNGO.objects.filter(report__round=round_open).values_list("ngo__code", "activities")) == [
        ("mekong-green", "Tài trợ mô hình cánh đồng thông minh"),
    ]
    attachment = ReportAttachment.objects.get(report__round=round_open)
    assert (attachment.name, attachment.size, attachment.content_type) == ("Báo cáo năm.pdf", len(PDF), "application/pdf")
    assert [e.action for e in report_of(round_open).events.all()] == ["save", "attach"]
    download = client.get(reverse("reporting:attachment", args=[round_open.pk, attachment.report.organisation_id, attachment.pk]))
    assert b"".join(download.streaming_content) == PDF
    assert "attachment" in download["Content-Disposition"]


def test_a_proposed_ngo_is_kept_by_name(client, page, round_open):
    url, response = page
    data = report_post(response, **{"ngo-0-proposed_name": "Helvetas Swiss Intercooperation", "ngo-0-proposed_country": "CH", "ngo-0-activities": "Khảo sát nước sạch"})
    assert client.post(url, data).status_code == 302
    entry = ReportNGO.objects.get(report__round=round_open)
    assert (entry.ngo, entry.proposed_name, entry.proposed_country) == (None, "Helvetas Swiss Intercooperation", "CH")


def test_a_proposed_ngos_country_is_chosen_from_the_list(client, page, round_open):
    url, response = page
    assert '<option value="CH">Thụy Sĩ</option>' in response.content.decode()
    data = report_post(response, **{"ngo-0-proposed_name": "Helvetas", "ngo-0-proposed_country": "Thụy Sĩ", "ngo-0-activities": "Khảo sát"})
    assert client.post(url, data).status_code == 400
    assert not ReportNGO.objects.filter(report__round=round_open).exists()


@pytest.mark.parametrize(
    "changes, field, message",
    [
        ({"committed_year": "-5"}, "committed_year", "Amounts cannot be negative."),
        ({"committed_year": "năm mươi"}, "committed_year", "Enter an amount in the line's currency"),
        ({"committed_year": "100", "committed_total": "50"}, "committed_total", "cannot be smaller than the amount of the year"),
        ({"currency": "VND", "rate_to_vnd": "25.000"}, "rate_to_vnd", "Amounts in VND need no rate"),
        ({"currency": "XYZ"}, "currency", "Select a valid choice"),
    ],
)
def test_a_bad_line_saves_nothing_and_says_why(client, page, round_open, changes, field, message):
    url, response = page
    line = line_prefix(response, "03-2020-i-01")
    with_language = {"HTTP_ACCEPT_LANGUAGE": "en"}
    client.cookies["django_language"] = "en"
    data = report_post(response, results="Không được lưu", **{f"{line}-{name}": value for name, value in changes.items()})
    answer = client.post(url, data, **with_language)
    assert answer.status_code == 400
    errors = " ".join(next(f for f in answer.context["lines"].forms if f.prefix == line).errors[field])
    assert message in errors
    report = report_of(round_open)
    assert (report.results, report.version, report.events.count()) == ("", 1, 0)
    assert not ReportLine.objects.filter(report=report).exclude(committed_year=None).exists()


def test_vietnamese_is_the_language_of_the_errors(client, page, round_open):
    url, response = page
    line = line_prefix(response, "03-2020-i-01")
    answer = client.post(url, report_post(response, **{f"{line}-committed_year": "-5"}))
    errors = next(f for f in answer.context["lines"].forms if f.prefix == line).errors
    assert errors["committed_year"] == ["Số tiền không được là số âm."]


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("virus.exe", b"MZ\x90\x00", "only PDF, Word (.docx), Excel (.xlsx) and pictures"),
        ("ghi-chu.txt", b"hello", "only PDF, Word (.docx), Excel (.xlsx) and pictures"),
        ("bao-cao.pdf", b"MZ\x90\x00 renamed", "is not a readable PDF file"),
        ("bao-cao.docx", b"\xd0\xcf\x11\xe0 password-protected OLE", "is not a readable DOCX file"),
        ("so-lieu.xlsx", office_file("word/document.xml"), "is not a readable XLSX file"),
        ("anh.png", b"GIF89a", "is not a readable PNG file"),
        ("trong.pdf", b"", "is empty"),
    ],
)
def test_an_unacceptable_file_saves_nothing_and_says_why(client, page, round_open, name, content, message):
    url, response = page
    client.cookies["django_language"] = "en"
    data = report_post(response, results="Không được lưu")
    data["attachment"] = SimpleUploadedFile(name, content)
    answer = client.post(url, data)
    assert answer.status_code == 400
    assert message in " ".join(answer.context["upload"].errors["attachment"])
    report = report_of(round_open)
    assert (report.results, report.attachments.count(), report.events.count()) == ("", 0, 0)


def test_accepted_kinds_pass_by_their_content(round_open, users):
    report = services.report_start(round_=round_open, organisation=Organisation.objects.get(code="ubnd-huyen-chau-thanh"), by=users["officer"])
    for name, content in [
        ("a.docx", office_file("word/document.xml")), ("b.xlsx", office_file("xl/workbook.xml")),
        ("c.png", b"\x89PNG\r\n\x1a\n" + b"0" * 10), ("d.JPG", b"\xff\xd8\xff\xe0" + b"0" * 10), ("e.pdf", PDF),
    ]:
        services.report_attach(report=report, by=users["officer"], upload=SimpleUploadedFile(name, content))
    assert sorted(report.attachments.values_list("content_type", flat=True)) == sorted([
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "image/png", "image/jpeg", "application/pdf",
    ])


def test_a_file_over_the_size_limit_is_refused(client, page, round_open, settings):
    settings.REPORT_ATTACHMENT_MAX_MB = 1
    url, response = page
    client.cookies["django_language"] = "en"
    data = report_post(response)
    data["attachment"] = SimpleUploadedFile("lon.pdf", b"%PDF-" + b"0" * (1024 * 1024 + 1))
    answer = client.post(url, data)
    assert answer.status_code == 400
    assert "the limit is 1 MB per file" in " ".join(answer.context["upload"].errors["attachment"])
    assert not ReportAttachment.objects.exists()


def test_the_number_of_attachments_is_limited(round_open, users, settings):
    settings.REPORT_ATTACHMENTS_PER_REPORT = 2
    report = services.report_start(round_=round_open, organisation=Organisation.objects.get(code="ubnd-huyen-chau-thanh"), by=users["officer"])
    for index in range(2):
        services.report_attach(report=report, by=users["officer"], upload=SimpleUploadedFile(f"{index}.pdf", PDF))
    with translation.override("en"), pytest.raises(ValidationError, match="at most 2 attachments"):
        services.report_attach(report=report, by=users["officer"], upload=SimpleUploadedFile("3.pdf", PDF))
    assert report.attachments.count() == 2


def test_ngo_entries_must_say_which_ngo_and_what_it_did(client, page, round_open, registry):
    url, response = page
    client.cookies["django_language"] = "en"
    both = report_post(response, **{"ngo-0-ngo": str(registry.pk), "ngo-0-proposed_name": "Khác", "ngo-0-activities": ""})
    answer = client.post(url, both)
    assert answer.status_code == 400
    errors = answer.context["ngos"].forms[0].errors
    assert "not both" in " ".join(errors["proposed_name"]) and "Say what the NGO did" in " ".join(errors["activities"])
    assert not ReportNGO.objects.exists()


def test_submitting_needs_the_rate_of_a_foreign_currency(client, page, round_open):
    url, response = page
    client.cookies["django_language"] = "en"
    line = line_prefix(response, "03-2020-i-01")
    data = report_post(
        response, results="Kết quả", difficulties="Khó khăn", proposals="Kiến nghị", submit="1",
        **{f"{line}-currency": "EUR", f"{line}-committed_year": "10000"},
    )
    follow = client.post(url, data, follow=True)
    report = report_of(round_open)
    assert report.status == "draft" and report.results == "Kết quả"  # saved, not submitted
    text = follow.content.decode()
    assert "It still lacks" in text and "the rate of EUR to VND, its date and its source" in text and "Confirm and submit" not in text
    client.post(url + "submit/", {"version": report.version})
    assert report_of(round_open).status == "draft"


def test_another_units_officer_cannot_read_or_remove_an_attachment(client, users, round_open):
    report = services.report_start(round_=round_open, organisation=Organisation.objects.get(code="ubnd-huyen-chau-thanh"), by=users["officer"])
    attachment = services.report_attach(report=report, by=users["officer"], upload=SimpleUploadedFile("x.pdf", PDF))
    client.force_login(users["farmers"])
    args = [round_open.pk, report.organisation_id, attachment.pk]
    assert client.get(reverse("reporting:attachment", args=args)).status_code == 404
    assert client.post(reverse("reporting:attachment_remove", args=args)).status_code == 404
    assert ReportAttachment.objects.filter(pk=attachment.pk).exists()


def test_a_line_of_another_report_cannot_be_slipped_in(client, users, page, round_open):
    other = services.report_start(round_=round_open, organisation=Organisation.objects.get(code="hoi-nong-dan-soc-trang"), by=users["farmers"])
    foreign = other.lines.first()
    url, response = page
    data = report_post(response, **{"line-0-id": str(foreign.pk), "line-0-committed_year": "999"})
    assert client.post(url, data).status_code == 400
    foreign.refresh_from_db()
    assert foreign.committed_year is None
    assert not ReportLine.objects.filter(committed_year=999).exists()


def test_nothing_changes_once_accepted(round_open, users):
    report = services.report_start(round_=round_open, organisation=Organisation.objects.get(code="ubnd-huyen-chau-thanh"), by=users["officer"])
    report = services.report_save(report=report, by=users["officer"], expected_version=1, results="a", difficulties="b", proposals="c")
    services.report_submit(report=report, by=users["officer"])
    services.report_accept(report=report, by=users["coordinator"])
    with pytest.raises(ValidationError):
        services.report_attach(report=report, by=users["officer"], upload=SimpleUploadedFile("x.pdf", PDF))
    line = report.lines.first()
    with pytest.raises(ValidationError):
        services.report_save(report=report, by=users["officer"], expected_version=2, lines={line.pk: {"committed_year": Decimal(5)}})
    line.refresh_from_db()
    assert line.committed_year is None and not report.attachments.exists()


def test_the_report_page_runs_a_constant_number_of_queries(client, users, round_open, registry):
    client.force_login(users["coordinator"])
    counts = {}
    for code in ("ubnd-huyen-chau-thanh", "ubnd-tp-soc-trang"):  # 2 projects, then 8
        url = url_of(round_open, code)
        report = services.report_start(round_=round_open, organisation=Organisation.objects.get(code=code), by=users["coordinator"])
        services.report_save(report=report, by=users["coordinator"], expected_version=1, ngos=[{"ngo": registry, "activities": "x"}, {"proposed_name": "Mới", "activities": "y"}])
        page = client.get(url)
        with CaptureQueriesContext(connection) as on_get:
            page = client.get(url)
        data = report_post(page, **{f"{form.prefix}-beneficiaries": "1.000" for form in page.context["lines"].forms})
        with CaptureQueriesContext(connection) as on_post:
            assert client.post(url, data).status_code == 302
        counts[code] = (len(on_get), len(on_post))
        assert len(on_get) <= 24
    assert counts["ubnd-huyen-chau-thanh"] == counts["ubnd-tp-soc-trang"]


def test_beneficiaries_are_typed_with_vietnamese_grouping(client, page, round_open):
    url, response = page
    line = line_prefix(response, "03-2020-i-01")
    assert client.post(url, report_post(response, **{f"{line}-beneficiaries": "1.200"})).status_code == 302
    assert ReportLine.objects.get(report__round=round_open, project__code="03-2020-i-01").beneficiaries == 1200
    client.cookies["django_language"] = "en"
    again = client.get(url)
    answer = client.post(url, report_post(again, **{f"{line}-beneficiaries": "1.5"}))
    assert answer.status_code == 400
    assert "Enter a whole number" in " ".join(next(f for f in answer.context["lines"].forms if f.prefix == line).errors["beneficiaries"])


def test_two_registry_ngos_swapped_between_rows_save(client, page, round_open, registry, users):
    other = NGO.objects.create(code="other-ngo", name_original="Other Aid")
    report = report_of(round_open)
    services.report_save(report=report, by=users["officer"], expected_version=1, ngos=[
        {"ngo": registry, "activities": "A"}, {"ngo": other, "activities": "B"},
    ])
    url, _response = page
    response = client.get(url)
    data = report_post(response, **{"ngo-0-ngo": str(other.pk), "ngo-1-ngo": str(registry.pk)})
    assert client.post(url, data).status_code == 302
    assert sorted(ReportNGO.objects.filter(report=report).values_list("ngo__code", "activities")) == [("mekong-green", "B"), ("other-ngo", "A")]


def test_an_attachment_refused_by_the_service_takes_the_whole_save_back(client, page, round_open, settings, users):
    settings.REPORT_ATTACHMENTS_PER_REPORT = 1
    report = report_of(round_open)
    services.report_attach(report=report, by=users["officer"], upload=SimpleUploadedFile("first.pdf", PDF))
    url, response = page
    client.cookies["django_language"] = "en"
    data = report_post(response, results="Không được lưu")
    data["attachment"] = SimpleUploadedFile("second.pdf", PDF)
    answer = client.post(url, data)
    assert answer.status_code == 400 and "at most 1 attachments" in answer.content.decode()
    report.refresh_from_db()
    assert (report.results, report.version, report.attachments.count()) == ("", 1, 1)


def test_a_project_is_reported_once_per_round_even_by_a_successor(programme, users):
    """Sở KH&ĐT merged into Sở Tài chính on 17/2/2025: in the 2024 round both report, each its own projects."""
    from projects.models import Project, Sector

    planning = Organisation.objects.get(code="so-kh-dt-soc-trang")
    finance = Organisation.objects.get(code="so-tai-chinh-soc-trang")
    sector = Sector.objects.get(programme=programme, numeral="I")
    project = Project.objects.create(code="kh-dt-project", programme=programme, sector=sector, position=90, host_agency=planning, name="Dự án của Sở KH&ĐT", status="implementing")
    round_2024 = services.round_open(programme=programme, year=2024, by=users["coordinator"], units=[planning, finance])
    december = datetime.datetime(2024, 12, 1, tzinfo=datetime.timezone.utc)
    finance_report = services.report_start(round_=round_2024, organisation=finance, by=users["coordinator"], now=december)
    planning_report = services.report_start(round_=round_2024, organisation=planning, by=users["coordinator"], now=december)
    assert project.pk not in set(finance_report.lines.values_list("project", flat=True))
    assert project.pk in set(planning_report.lines.values_list("project", flat=True))
    # In 2025 Sở KH&ĐT no longer reports: Sở Tài chính answers for its project, once.
    round_2025 = services.round_open(programme=programme, year=2025, by=users["coordinator"], units=[finance])
    in_2025 = services.report_start(round_=round_2025, organisation=finance, by=users["coordinator"], now=december.replace(year=2025))
    assert project.pk in set(in_2025.lines.values_list("project", flat=True))


def test_a_version_that_is_not_a_number_is_a_stale_form(client, page, round_open):
    url, response = page
    answer = client.post(url, report_post(response, version="abc", results="x"))
    assert answer.status_code == 400
    assert report_of(round_open).results == ""
