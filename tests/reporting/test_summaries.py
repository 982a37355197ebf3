"""The year-end summary of the reporting round and the whole-period summary: figures, localities, editions, page, command.

Expected figures are computed here from the ReportLine rows themselves (amount × rate / 1,000,000, rounded half up
to the thousand VND), never with the builder's helpers; a few are also written out by hand.
"""
import datetime
import io
import re
from collections import Counter, defaultdict
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.db.models import Sum
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.text import capfirst
from openpyxl import load_workbook
from pypdf import PdfReader

from partners.models import NGO, AdministrativeUnit, Organisation
from projects.models import BudgetLine, Project, Sector
from reporting.builders.summary import build_period_summary, build_year_summary
from reporting.models import AnnualReport, ReportingRound, ReportLine, ReportNGO
from reporting.models.rounds import default_deadline
from reporting.renderers.summary_html import summary_html
from reporting.renderers.summary_pdf import summary_pdf
from reporting.renderers.summary_xlsx import summary_xlsx
from tests.support.rounds import HCM, at

pytestmark = pytest.mark.django_db
NOW = datetime.datetime(2025, 1, 10, 9, tzinfo=HCM)  # after the 2024 round closed
UNITS = [
    "ubnd-huyen-chau-thanh", "hoi-nong-dan-soc-trang", "so-nn-ptnt-soc-trang", "ubnd-tp-soc-trang",
    "so-kh-cn-soc-trang", "ubnd-huyen-cu-lao-dung", "ubnd-tx-nga-nam",
]
AUSTRALIA = "tong-lanh-su-quan-uc-tphcm"
CZECH = "tong-lanh-su-quan-sec-tphcm"
# Where each project of the 2024 round stands, as the province was divided in 2024 (districts still existed).
LOCALITY_2024 = {
    "03-2020-i-01": "Huyện Châu Thành",  # Xã Phú Tân, a commune of Huyện Châu Thành
    "03-2020-iii-01": "Huyện Châu Thành",  # the district itself
    "03-2020-i-07": "Huyện Trần Đề",  # Thị trấn Trần Đề
    "03-2020-ii-02": "whole province",
    "03-2020-v-06": "whole province",
    "03-2020-i-05": "whole province",
    "03-2020-i-04": "several",  # two districts, set below
    "03-2020-i-06": "unspecified",  # no unit, set below
}



def org(code):
    return Organisation.objects.get(code=code)


def million(line, name):
    """The expected figure, written out independently of the builder: amount × rate / 10^6, half up to 0.001."""
    amount = getattr(line, name)
    if amount is None:
        return None
    if name == "counterpart_spent":
        return amount
    rate = Decimal(1) if line.currency == "VND" else line.rate_to_vnd
    if rate is None:
        return None
    return (amount * rate / Decimal(1_000_000)).quantize(Decimal("0.001"), rounding=ROUND_HALF_UP)


def total(lines, name):
    return sum((million(line, name) for line in lines if million(line, name) is not None), Decimal(0))


def make_round(programme, year, codes):
    round_ = ReportingRound.objects.create(programme=programme, year=year, deadline=default_deadline(year))
    round_.units.set(Organisation.objects.filter(code__in=codes))
    return round_


def make_report(round_, code, status, sent=None, results="Đã triển khai kế hoạch năm.", **narrative):
    return AnnualReport.objects.create(
        round=round_, organisation=org(code), status=status, submitted_at=sent, first_submitted_at=sent,
        results=results, difficulties=narrative.get("difficulties", "Thiếu vốn đối ứng."), proposals=narrative.get("proposals", "Bố trí vốn kịp thời."),
    )


def make_line(report, project, currency="VND", rate=None, status="implementing", **amounts):
    return ReportLine.objects.create(
        report=report, project=Project.objects.get(code=project), currency=currency,
        rate_to_vnd=None if rate is None else Decimal(rate), status=status,
        **{name: None if value is None else Decimal(value) if name != "beneficiaries" else value for name, value in amounts.items()},
    )


@pytest.fixture
def rounds(programme):
    """2023: one accepted report (naming the Czech consulate). 2024: every state a report can be in."""
    r2023 = make_round(programme, 2023, ["so-nn-ptnt-soc-trang"])
    earlier = make_report(r2023, "so-nn-ptnt-soc-trang", "accepted", at(2023, 12, 10, 9))
    make_line(earlier, "03-2020-i-05", committed_year="400000000", disbursed_year="100000000", counterpart_spent="10")
    ReportNGO.objects.create(report=earlier, ngo=NGO.objects.get(code=CZECH), activities="Khảo sát dự án.")

    Project.objects.get(code="03-2020-i-04").admin_units.set(AdministrativeUnit.objects.filter(code__in=["soc-trang-chau-thanh", "soc-trang-ke-sach"]))
    Project.objects.get(code="03-2020-i-06").admin_units.clear()

    r2024 = make_round(programme, 2024, UNITS)
    chau_thanh = make_report(r2024, "ubnd-huyen-chau-thanh", "accepted", at(2024, 12, 15, 9), results="=SUM(A1) đã tính")
    make_line(chau_thanh, "03-2020-i-01", committed_year="1500000000", disbursed_year="1234567890", committed_total="3000000000",
              disbursed_total="2000000000", counterpart_spent="100.5", beneficiaries=300)
    make_line(chau_thanh, "03-2020-iii-01", "USD", "25450", status="committed", committed_year="12345.67", disbursed_year="10000",
              committed_total="20000", disbursed_total="15000", counterpart_spent="20", beneficiaries=120)
    ReportNGO.objects.create(report=chau_thanh, ngo=NGO.objects.get(code=AUSTRALIA), activities="Tài trợ giếng nước.")
    ReportNGO.objects.create(report=chau_thanh, proposed_name="Tổ chức Hành động vì Trẻ em", proposed_country="GB", activities="Khảo sát trường học.")

    farmers = make_report(r2024, "hoi-nong-dan-soc-trang", "accepted", at(2024, 12, 23, 10))  # three days late
    make_line(farmers, "03-2020-ii-02", "EUR", "27000.5", committed_year="1000.55", disbursed_year="500.25", beneficiaries=50)
    make_line(farmers, "03-2020-v-06", "USD", None, committed_year="1000", counterpart_spent="5.25", beneficiaries=10)  # no rate
    ReportNGO.objects.create(report=farmers, proposed_name="TO CHUC HANH DONG VI TRE EM", activities="Tập huấn.")
    ReportNGO.objects.create(report=farmers, ngo=NGO.objects.get(code=AUSTRALIA), activities="Hỗ trợ cầu.")

    agriculture = make_report(r2024, "so-nn-ptnt-soc-trang", "accepted", at(2024, 12, 20, 23, 59))
    make_line(agriculture, "03-2020-i-04", committed_year="2000000000")
    make_line(agriculture, "03-2020-i-05", committed_year="500000000", disbursed_year="250000000", counterpart_spent="30")
    make_line(agriculture, "03-2020-i-06", committed_year="100000000", disbursed_year="1000500")  # 1.0005 → 1.001, half up
    make_line(agriculture, "03-2020-i-07", "AUD", "16500.25", committed_year="20000", disbursed_year="5000")
    ReportNGO.objects.create(report=agriculture, ngo=NGO.objects.get(code=CZECH), activities="Tư vấn kỹ thuật.")
    ReportNGO.objects.create(report=agriculture, proposed_name="tổng lãnh sự quán úc tại tp. hồ chí minh", activities="Khảo sát.")

    # Not counted: returned, draft, submitted but not yet accepted.
    returned = make_report(r2024, "ubnd-tp-soc-trang", "returned", at(2024, 12, 10, 9))
    make_line(returned, "03-2020-v-01", committed_year="9999000000", disbursed_year="9999000000")
    ReportNGO.objects.create(report=returned, proposed_name="Tổ chức Không Được Tính", activities="x")
    draft = make_report(r2024, "so-kh-cn-soc-trang", "draft")
    make_line(draft, "03-2020-ii-01", committed_year="7777000000")
    submitted = make_report(r2024, "ubnd-tx-nga-nam", "submitted", at(2024, 12, 19, 9))
    make_line(submitted, "03-2020-v-04", committed_year="5555000000")
    # UBND huyện Cù Lao Dung sends nothing.
    return {2023: r2023, 2024: r2024}


def accepted_lines(round_):
    return list(ReportLine.objects.filter(report__round=round_, report__status="accepted").select_related("project__sector"))


def summary_2024(programme, language="vi"):
    return build_year_summary(programme, 2024, language=language, now=NOW)


def rows_of(summary, table):
    """The table's rows as dicts keyed by its columns' keys."""
    return summary.table(table).records()


def by_key_pairs(summary, table):
    """(what the row stands for, the row as a dict), in the table's order."""
    found = summary.table(table)
    return [(row.key, record) for row, record in zip(found.rows, found.records())]


def by_key(summary, table):
    """The table's rows by what each stands for (a status, a year)."""
    return dict(by_key_pairs(summary, table))


def total_of(summary, table):
    return summary.table(table).total()


# --- The builder ------------------------------------------------------------------------------------------------


def test_totals_are_the_accepted_lines_converted_and_rounded_line_by_line(rounds, programme):
    summary = summary_2024(programme)
    lines = accepted_lines(rounds[2024])
    assert len(lines) == 8
    figures = summary.totals
    for name in ("committed_year", "disbursed_year", "committed_total", "disbursed_total", "counterpart_spent"):
        assert getattr(figures, name) == total(lines, name), name
    # Written out by hand: 1,500 + 314.197 (12,345.67 USD × 25,450) + 27.015 (1,000.55 EUR × 27,000.5) + 2,000 + 500 + 100
    # + 330.005 (20,000 AUD × 16,500.25); the line in USD without a rate stays out.
    assert figures.committed_year == Decimal("4771.217")
    # 1,234.568 + 254.5 + 13.507 + 250 + 1.001 (1,000,500 VND, half up) + 82.501
    assert figures.disbursed_year == Decimal("1836.077")
    assert figures.counterpart_spent == Decimal("155.75")
    assert figures.beneficiaries == 480 and figures.projects == 8
    notes = [note for section in summary.sections for note in section.notes]
    assert any("Hội Nông dân" in note and "Đèn đường" in note for note in notes)  # the line without a rate is named


def test_returned_draft_and_unaccepted_reports_are_left_out(rounds, programme):
    summary = summary_2024(programme)
    html = summary_html(summary)
    for excluded in ("9.999", "7.777", "5.555", "Không Được Tính"):
        assert excluded not in html
    assert {row["name"] for row in rows_of(summary, "projects")}.isdisjoint(
        set(Project.objects.filter(code__in=["03-2020-v-01", "03-2020-ii-01", "03-2020-v-04"]).values_list("name", flat=True))
    )
    assert [row["unit"] for row in rows_of(summary, "narratives")] == [
        "Hội Nông dân tỉnh Sóc Trăng", "Sở Nông nghiệp và Phát triển nông thôn tỉnh Sóc Trăng", "Ủy ban nhân dân huyện Châu Thành",
    ]


def test_overview_tells_accepted_on_time_and_late_from_sent_but_not_accepted_and_not_sent(rounds, programme):
    """A report sent and then returned was once listed among the units that have not sent theirs, while the round
    page said "sent on 10/12/2024, on time"."""
    summary = summary_2024(programme)
    overview = summary.overview
    assert (overview.obliged, overview.accepted, overview.on_time, overview.late, overview.not_accepted, overview.not_sent) == (7, 3, 2, 1, 2, 2)
    assert [row["value"] for row in rows_of(summary, "overview")] == [7, 2, 1, 2, 2, 3]
    assert [(row["unit"], row["submitted_on"], row["days_late"]) for row in rows_of(summary, "late")] == [("Hội Nông dân tỉnh Sóc Trăng", datetime.date(2024, 12, 23), 3)]
    with translation.override("vi"):
        missing, returned, waiting = (capfirst(translation.gettext(label)) for label in ("missing", "returned for revision", "submitted on time"))
    assert [(row["unit"], row["submitted_on"], state, row["state"]) for state, row in by_key_pairs(summary, "not_accepted")] == [
        ("Ủy ban nhân dân thành phố Sóc Trăng", datetime.date(2024, 12, 10), "returned", returned),
        ("Ủy ban nhân dân thị xã Ngã Năm", datetime.date(2024, 12, 19), "submitted_on_time", waiting),
    ]
    assert "không được tính" in summary.table("not_accepted").title
    assert [(row["unit"], state, row["state"]) for state, row in by_key_pairs(summary, "not_reported")] == [
        ("Sở Khoa học và Công nghệ tỉnh Sóc Trăng", "missing", missing),  # a draft when the round closed
        ("Ủy ban nhân dân huyện Cù Lao Dung", "missing", missing),
    ]


def test_by_sector_sums_the_lines_of_each_sector_and_adds_up(rounds, programme):
    summary = summary_2024(programme)
    by_sector = defaultdict(list)
    for line in accepted_lines(rounds[2024]):
        by_sector[line.project.sector.numeral].append(line)
    sectors = rows_of(summary, "sectors")
    assert [row["number"] for row in sectors] == ["I", "II", "III", "IV", "V", "VI"]
    for row in sectors:
        numeral, lines = row["number"], by_sector[row["number"]]
        assert row["committed_year"] == total(lines, "committed_year"), numeral
        assert row["disbursed_year"] == total(lines, "disbursed_year"), numeral
        assert row["counterpart_spent"] == total(lines, "counterpart_spent"), numeral
        assert row["reported_projects"] == len({line.project_id for line in lines})
        bank = BudgetLine.objects.filter(project__programme=programme, project__sector__numeral=numeral)
        assert row["aid_sought"] == bank.aggregate(s=Sum("aid_sought"))["s"]
        assert row["bank_projects"] == Project.objects.filter(programme=programme, sector__numeral=numeral).count()
    assert [row["committed_year"] for row in sectors][:3] == [Decimal("4430.005"), Decimal("27.015"), Decimal("314.197")]
    assert total_of(summary, "sectors")["committed_year"] == sum(row["committed_year"] for row in sectors) == Decimal("4771.217")
    assert total_of(summary, "sectors")["aid_sought"] == Decimal(306950)  # the appendix's grand total of aid to be mobilised
    projects = rows_of(summary, "projects")
    assert total_of(summary, "projects")["committed_year"] == sum(row["committed_year"] for row in projects if row["committed_year"])


def test_by_locality_2024_groups_by_district_and_adds_up(rounds, programme):
    summary = summary_2024(programme)
    with translation.override("vi"):
        labels = {key: translation.gettext(msgid) for key, msgid in (
            ("whole province", "Whole province"), ("several", "Several localities"), ("unspecified", "Locality not specified"))}
    expected = defaultdict(list)
    for line in accepted_lines(rounds[2024]):
        expected[labels.get(LOCALITY_2024[line.project.code], LOCALITY_2024[line.project.code])].append(line)
    rows = {row["name"]: row for row in rows_of(summary, "localities")}
    assert set(rows) == set(expected)
    for name, lines in expected.items():
        assert rows[name]["committed_year"] == total(lines, "committed_year"), name
        assert rows[name]["disbursed_year"] == total(lines, "disbursed_year"), name
        assert rows[name]["projects"] == len(lines)
    assert rows["Huyện Châu Thành"]["committed_year"] == Decimal("1814.197")
    assert [row.kind for row in summary.table("localities").rows][-3:] == ["province", "several", "unspecified"]
    committed = total_of(summary, "localities")["committed_year"]
    assert sum(row["committed_year"] for row in rows.values()) == committed == summary.totals.committed_year


def test_after_the_districts_ended_a_commune_counts_under_itself_or_its_successor(programme):
    """2022: districts. 2026: communes, Xã Phú Tân through its successor (the new Xã Thuận Hoà kept its code),
    Phường 4 (whose successor the data does not name) and the split Huyện Châu Thành under their own names."""
    names = {}
    for year in (2022, 2026):
        report = make_report(make_round(programme, year, ["ubnd-tp-soc-trang"]), "ubnd-tp-soc-trang", "accepted", at(year, 12, 1, 9))
        make_line(report, "03-2020-v-01", committed_year="1000000")  # Phường 4 of Thành phố Sóc Trăng
        make_line(report, "03-2020-i-01", committed_year="2000000")  # Xã Phú Tân of Huyện Châu Thành
        make_line(report, "03-2020-iii-01", committed_year="4000000")  # Huyện Châu Thành itself
        summary = build_year_summary(programme, year, now=at(year + 1, 1, 10))
        names[year] = {row["name"]: row["committed_year"] for row in rows_of(summary, "localities")}
    assert names[2022] == {"Huyện Châu Thành": Decimal(6), "Thành phố Sóc Trăng": Decimal(1)}
    assert names[2026]["Xã Thuận Hoà"] == Decimal(2)
    ended = {name: value for name, value in names[2026].items() if name != "Xã Thuận Hoà"}
    assert sorted(ended.values()) == [Decimal(1), Decimal(4)]
    assert any(name.startswith("Phường 4") and "30/06/2025" in name for name in ended)
    # The district went in parts into several new communes: its project counts once, under none of them.
    assert "Nhiều xã, phường thuộc Huyện Châu Thành cũ" in ended


def test_ngos_of_the_year_new_ones_and_the_target(rounds, programme):
    summary = summary_2024(programme)
    australia, czech = NGO.objects.get(code=AUSTRALIA), NGO.objects.get(code=CZECH)
    # The proposed name written twice, and the Australian consulate named three times (once as a proposed name), count once.
    ngos = {row["name"]: row for row in rows_of(summary, "ngos")}
    assert sorted(ngos) == sorted([australia.name, czech.name, "Tổ chức Hành động vì Trẻ em"])
    children = ngos["Tổ chức Hành động vì Trẻ em"]
    assert children["country"] == "Vương quốc Anh" and children["units"] == "Hội Nông dân tỉnh Sóc Trăng; Ủy ban nhân dân huyện Châu Thành"
    new = {row["name"]: row["note"] for row in rows_of(summary, "new_ngos")}
    assert sorted(new) == sorted([australia.name, "Tổ chức Hành động vì Trẻ em"])  # Czech: named in 2023
    with translation.override("vi"):
        assert new["Tổ chức Hành động vì Trẻ em"] == capfirst(translation.gettext("proposed for the registry"))
    target = summary.target
    assert (target.achieved, target.value, target.comparison, target.target_year, target.met) == (3, Decimal(20), "gt", 2025, False)


def test_projects_by_status(rounds, programme):
    summary = summary_2024(programme)
    reported = Counter(line.status for line in accepted_lines(rounds[2024]))
    bank = Counter(Project.objects.filter(programme=programme).values_list("status", flat=True))
    statuses = by_key(summary, "statuses")
    assert {status: row["reported"] for status, row in statuses.items() if row["reported"]} == dict(reported) == {"implementing": 7, "committed": 1}
    assert {status: row["bank"] for status, row in statuses.items() if row["bank"]} == dict(bank)


def test_a_year_without_a_round_still_prints_the_bank(programme):
    summary = build_year_summary(programme, 2021, now=NOW)
    assert summary.round is None and "2021" in summary.round_line
    assert summary.totals.committed_year == 0 and rows_of(summary, "projects") == []
    assert summary.sections[0].tables == []  # no units to list as late or missing
    assert total_of(summary, "sectors")["aid_sought"] == Decimal(306950) and total_of(summary, "sectors")["bank_projects"] == 25
    html = summary_html(summary)
    assert summary.round_line in html and "306.950" in html


def test_period_sums_the_years_never_the_cumulative_figures(rounds, programme):
    period = build_period_summary(programme, now=NOW)
    years = by_key(period, "years")
    assert list(years) == list(range(2020, 2026))
    first, second = build_year_summary(programme, 2023, now=NOW), summary_2024(programme)
    assert years[2023]["committed_year"] == Decimal(400) and years[2024]["committed_year"] == Decimal("4771.217")
    assert (years[2024]["obliged"], years[2024]["accepted"], years[2024]["ngos"]) == (7, 3, 3)
    period_total = total_of(period, "years")
    assert period_total["committed_year"] == period.totals.committed == Decimal("5171.217")
    assert period_total["disbursed_year"] == first.totals.disbursed_year + second.totals.disbursed_year
    for row, one, two in zip(rows_of(period, "sectors"), rows_of(first, "sectors"), rows_of(second, "sectors")):
        assert row["committed_year"] == one["committed_year"] + two["committed_year"]
        assert row["counterpart_spent"] == one["counterpart_spent"] + two["counterpart_spent"]
    # Czech in 2023 and 2024, the Australian consulate and the proposed NGO in 2024: three, not 1 + 3.
    assert period_total["ngos"] == len(rows_of(period, "ngos")) == 3 and period.target.achieved == 3
    assert {row["name"]: row["years"] for row in rows_of(period, "ngos")}[NGO.objects.get(code=CZECH).name] == "2023, 2024"
    assert total_of(period, "statuses")["bank"] == 25 and total_of(period, "statuses")["aid_sought"] == Decimal(306950)


# --- The renderers ----------------------------------------------------------------------------------------------


def pdf_text(pdf):
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages))


def test_pdf_prints_the_accepted_figures_in_each_editions_way(rounds, programme):
    vietnamese = pdf_text(summary_pdf(summary_2024(programme, "vi")))
    english = pdf_text(summary_pdf(summary_2024(programme, "en")))
    for figure in ("4.771,217", "1.836,077", "1.234,568", "314,197", "155,75"):
        assert figure in vietnamese
    for figure in ("4,771.217", "1,836.077", "1,234.568", "314.197", "155.75"):
        assert figure in english
    assert "4,771.217" not in vietnamese and "4.771,217" not in english
    assert "Ủy ban nhân dân huyện Châu Thành" in vietnamese and "People's Committee of Châu Thành district" in english
    assert "9.999" not in vietnamese


def test_xlsx_has_the_figures_as_numbers_and_text_as_text(rounds, programme):
    summary = summary_2024(programme)
    workbook = load_workbook(io.BytesIO(summary_xlsx(summary)), data_only=True)  # the totals' stored results
    assert len(workbook.sheetnames) == 11 and workbook.sheetnames[:3] == ["Tình hình báo cáo", "Tổng hợp", "Theo lĩnh vực"]
    sectors = workbook.worksheets[2]
    rows = {row[0].value: row for row in sectors.iter_rows() if row[0].value in ("I", "II")}
    assert [cell.value for cell in rows["I"][2:8]] == [8, 81916, 5, 4430.005, 1568.07, 130.5]
    assert all(cell.data_type == "n" for cell in rows["I"][2:8])
    sector_total = next(row for row in sectors.iter_rows() if row[1].value == total_of(summary, "sectors")["name"])
    assert [cell.value for cell in sector_total[2:8]] == [25, 306950, 8, 4771.217, 1836.077, 155.75]
    projects = workbook.worksheets[4]
    usd = next(row for row in projects.iter_rows() if row[3].value == "USD" and row[4].value)
    assert (usd[4].value, usd[5].value, usd[6].value) == (25450, 314.197, 254.5)
    narratives = workbook.worksheets[7]
    formula_like = next(cell for row in narratives.iter_rows() for cell in row if isinstance(cell.value, str) and cell.value.startswith("=SUM"))
    assert formula_like.data_type == "s"
    late = workbook.worksheets[0]
    assert any(cell.value == datetime.datetime(2024, 12, 23) for row in late.iter_rows() for cell in row)
    period = load_workbook(io.BytesIO(summary_xlsx(build_period_summary(programme, now=NOW))), data_only=True).worksheets[0]
    year_2024 = next(row for row in period.iter_rows() if row[0].value == "2024")
    assert [cell.value for cell in year_2024[2:8]] == [7, 3, 4771.217, 1836.077, 155.75, 3]


@pytest.mark.parametrize("period", [False, True])
def test_a_large_summary_written_row_by_row_is_the_same_workbook(rounds, programme, settings, period):
    """Past XLSX_WRITE_ONLY_ABOVE_ROWS the workbook is written in openpyxl's write-only mode; lowered here to the
    seed's size, every sheet comes out the same in every cell, formula, cached result, look, merged range, height
    and print setting, the formulas that name a table of a later sheet included."""
    from unittest import mock

    from openpyxl import Workbook

    from socaid import spreadsheets
    from tests.support.workbook_print import everything_of

    summary = build_period_summary(programme, now=NOW) if period else summary_2024(programme)
    rows = sum(len(table.rows) for section in summary.sections for table in section.tables)
    modes = []

    def recorded(*args, write_only=False, **kwargs):
        modes.append(write_only)
        return Workbook(*args, write_only=write_only, **kwargs)

    settings.XLSX_WRITE_ONLY_ABOVE_ROWS = rows
    with mock.patch.object(spreadsheets, "Workbook", recorded):
        small = summary_xlsx(summary)
        settings.XLSX_WRITE_ONLY_ABOVE_ROWS = rows - 1
        large = summary_xlsx(summary)
    assert modes == [True, False, True, True]  # each laid out first in a sheet that keeps nothing
    for formulas in (False, True):
        ours, streamed = (load_workbook(io.BytesIO(data), data_only=not formulas) for data in (small, large))
        assert ours.sheetnames == streamed.sheetnames and len(ours.sheetnames) > 3
        for mine, theirs in zip(ours.worksheets, streamed.worksheets):
            mine, theirs = everything_of(mine), everything_of(theirs)
            for part in mine:
                assert theirs[part] == mine[part], part
    # Not vacuous: formulas across sheets, with their results, and tables fitted to their text.
    workbook = load_workbook(io.BytesIO(large))
    formulas = [cell.value for ws in workbook.worksheets for row in ws.iter_rows() for cell in row if cell.data_type == "f"]
    assert any(formula.startswith("=SUM(") for formula in formulas)
    assert any("!" in formula for formula in formulas) == period  # the period's figures repeat totals of other sheets
    assert any(ws.freeze_panes for ws in workbook.worksheets)


# --- The command ------------------------------------------------------------------------------------------------


def test_command_writes_each_format(rounds, programme, tmp_path):
    out = io.StringIO()
    call_command("export_year_summary", year="2024", format="xlsx", output=str(tmp_path / "s.xlsx"), stdout=out)
    assert "2024, 3 of 7 reports accepted, xlsx in vi" in out.getvalue()
    assert 4771.217 in [cell.value for row in load_workbook(tmp_path / "s.xlsx").worksheets[1].iter_rows() for cell in row]
    call_command("export_year_summary", year="2024", format="html", lang="en", programme=programme.code, output=str(tmp_path / "s.html"), stdout=out)
    html = (tmp_path / "s.html").read_text(encoding="utf-8")
    assert "4,771.217" in html and "<style>" in html
    call_command("export_year_summary", period=True, format="html", output=str(tmp_path / "p.html"), stdout=out)
    assert "5.171,217" in (tmp_path / "p.html").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "options, message",
    [
        ({}, "Give --year YEAR"),
        ({"year": "2024", "period": True}, "not both"),
        ({"year": "20x4"}, "must be a year"),
        ({"year": "2024", "programme": "nope"}, "Unknown programme 'nope'"),
        ({"year": "2024", "format": "docx"}, "Unknown format 'docx'"),
        ({"year": "2024", "lang": "fr"}, "Unknown language 'fr'"),
        ({"year": "2024", "date": "5/1/2025"}, "--date must be a day"),
    ],
)
def test_command_errors_in_one_line(programme, tmp_path, options, message):
    with pytest.raises(CommandError) as error:
        call_command("export_year_summary", output=str(tmp_path / "x.pdf"), **options)
    assert message in str(error.value) and "\n" not in str(error.value)
    assert not (tmp_path / "x.pdf").exists()


# --- The page ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("who, status", [("officer", 403), ("reviewer", 403), ("nobody", 403), ("coordinator", 200), ("viewer", 200), ("admin", 200)])
def test_who_may_see_the_summary(client, users, rounds, who, status):
    client.force_login(users[who])
    assert client.get(reverse("reporting:summary"), {"year": "2024"}).status_code == status


def test_page_offers_the_downloads_and_frames_the_printable_document(client, users, rounds):
    client.force_login(users["coordinator"])
    page = client.get(reverse("reporting:summary"), {"year": "2024"})
    html = page.content.decode()
    assert "format=pdf" in html and "format=xlsx" in html and "format=print" in html and "4.771,217" in html
    printable = client.get(reverse("reporting:summary"), {"year": "2024", "format": "print", "lang": "en"})
    assert printable["X-Frame-Options"] == "SAMEORIGIN" and "4,771.217" in printable.content.decode()
    sheet = client.get(reverse("reporting:summary"), {"year": "period", "format": "xlsx"})
    assert sheet["Content-Type"].startswith("application/vnd.openxmlformats") and "tong-hop-giai-doan" in sheet["Content-Disposition"]
    assert client.get(reverse("reporting:summary"), {"year": "1999", "format": "pdf"}).status_code == 400


def add_many_reports(round_, count):
    """``count`` more obliged units, each with an accepted or a submitted report, two lines and an NGO."""
    units = Organisation.objects.bulk_create(
        [Organisation(code=f"test-unit-{i}", name=f"Đơn vị thử {i:03d}", kind="other") for i in range(count)]
    )
    round_.units.add(*units)
    reports = AnnualReport.objects.bulk_create(
        [
            AnnualReport(round=round_, organisation=unit, status="accepted" if i % 3 else "submitted", submitted_at=at(2024, 12, 21 + i % 2, 9), first_submitted_at=at(2024, 12, 21 + i % 2, 9), results="Kết quả")
            for i, unit in enumerate(units)
        ]
    )
    # A project is reported once per round, so each new unit hosts two new projects.
    sector = Sector.objects.get(programme=round_.programme, numeral="I")
    projects = Project.objects.bulk_create(
        [
            Project(code=f"test-many-{i}-{k}", programme=round_.programme, sector=sector, position=100 + 2 * i + k, host_agency=unit, name=f"Dự án thử {i}-{k}", status="implementing")
            for i, unit in enumerate(units) for k in range(2)
        ]
    )
    ReportLine.objects.bulk_create(
        [ReportLine(report=report, round=round_, project=projects[2 * i + k], currency="USD", rate_to_vnd=Decimal(25000), committed_year=Decimal(1000))
         for i, report in enumerate(reports) for k in range(2)]
    )
    ReportNGO.objects.bulk_create([ReportNGO(report=report, proposed_name=f"Tổ chức thử {i}", activities="Hỗ trợ") for i, report in enumerate(reports)])


def test_page_runs_a_constant_number_of_queries(client, users, rounds, django_assert_max_num_queries):
    client.force_login(users["coordinator"])

    def queries():
        counts = []
        for params in ({"year": "2024"}, {"year": "2024", "format": "print"}, {"year": "period", "format": "print"}):
            with CaptureQueriesContext(connection) as captured:
                assert client.get(reverse("reporting:summary"), params).status_code == 200
            counts.append(len(captured))
        return counts

    few = queries()
    add_many_reports(rounds[2024], 60)
    many = queries()
    assert few == many
    with django_assert_max_num_queries(39):  # the pipeline's section reads the bank's pipeline in 7, the plan's tasks in 3, the size (which formats are offered) 1
        assert client.get(reverse("reporting:summary"), {"year": "2024"}).status_code == 200


def test_a_ward_the_reform_created_counts_by_the_units_of_the_chosen_day(programme):
    """Phường Phú Lợi (from 1/7/2025) kept the code of Phường 2 of Thành phố Sóc Trăng. By the units at the end of
    2025 its project counts under itself, and Phường 4 (no successor recorded) under its own name; by the units
    before the reform both count under Thành phố Sóc Trăng. The total is the same."""
    from partners.localities import Basis
    from partners.models import AdministrativeUnit

    Project.objects.get(code="03-2020-v-02").admin_units.set([AdministrativeUnit.objects.get(gso_code="31510", valid_from=datetime.date(2025, 7, 1))])
    report = make_report(make_round(programme, 2025, ["ubnd-tp-soc-trang"]), "ubnd-tp-soc-trang", "accepted", at(2025, 12, 1, 9))
    make_line(report, "03-2020-v-01", committed_year="1000000")  # 1 million VND, at Phường 4
    make_line(report, "03-2020-v-02", committed_year="2000000")  # 2 million VND, at the new ward
    by_year_end = build_year_summary(programme, 2025, now=at(2026, 1, 10))
    assert {row["name"]: row["committed_year"] for row in rows_of(by_year_end, "localities")} == {
        "Phường Phú Lợi": Decimal(2), "Phường 4, Thành phố Sóc Trăng (đến 30/06/2025)": Decimal(1),
    }
    before = build_year_summary(programme, 2025, now=at(2026, 1, 10), basis=Basis(datetime.date(2025, 6, 30)))
    assert {row["name"]: row["committed_year"] for row in rows_of(before, "localities")} == {"Thành phố Sóc Trăng": Decimal(3)}
    assert total_of(before, "localities")["committed_year"] == total_of(by_year_end, "localities")["committed_year"] == Decimal(3)


def test_a_summary_pdf_past_the_size_of_a_request_is_made_by_a_job_for_its_requester_alone(client, users, rounds, settings):
    from socaid.jobs.models import Job
    from tests.support.jobs import fetch_job_file, is_refused_to

    settings.JOB_ABOVE_ROWS = {**settings.JOB_ABOVE_ROWS, "pdf": 1}
    client.force_login(users["coordinator"])
    response = client.get(reverse("reporting:summary"), {"year": "2024", "format": "pdf"})
    job = Job.objects.get()
    assert response.status_code == 302 and response.url == reverse("jobs:job", args=[job.pk])
    assert (job.kind, job.state) == ("summary", Job.State.DONE)
    assert client.get(reverse("reporting:summary"), {"year": "2024", "format": "xlsx"}).status_code == 200  # still below its size
    _name, content = fetch_job_file(client, job)
    text = pdf_text(content)
    assert all(figure in text for figure in ("4.771,217", "1.836,077", "155,75"))
    client.force_login(users["officer"])
    assert is_refused_to(client, job)


def test_a_summary_is_as_long_as_its_reports_not_its_bank(client, users, rounds, programme, settings):
    """Its size counts the round's reports and their lines: the PDF is offered up to PDF_MAX_ROWS of those, however
    many projects the bank holds."""
    from reporting.summary_views import summary_size

    reports = AnnualReport.objects.filter(round__programme=programme, round__year=2024)
    sectors = programme.sectors.count()
    size = sectors + reports.count() + ReportLine.objects.filter(report__in=reports).count()
    assert summary_size(programme, 2024) == size > sectors + 2
    period = AnnualReport.objects.filter(round__programme=programme)
    assert summary_size(programme, "period") == sectors + period.count() + ReportLine.objects.filter(report__in=period).count()
    assert summary_size(programme, 1999) == sectors  # no round: the sectors' table still
    client.force_login(users["coordinator"])
    settings.PDF_MAX_ROWS = size
    assert "format=pdf" in client.get(reverse("reporting:summary"), {"year": "2024"}).content.decode()
    settings.PDF_MAX_ROWS = size - 1
    html = client.get(reverse("reporting:summary"), {"year": "2024"}).content.decode()
    assert "format=pdf" not in html and "format=xlsx" in html and "quá dài để tạo PDF" in html


def test_the_summary_lists_the_points_to_check_and_counts_the_figures_as_reported(rounds, programme):
    """Figures that do not square with the bank are listed for the coordinator, never left out of the totals."""
    summary = summary_2024(programme)
    points = [(row["unit"], row["project"], row["point"]) for row in rows_of(summary, "checks")]
    training = "Dự án Hỗ trợ đào tạo nghề cho lao động nông thôn"  # III.1: no counterpart planned, 20 million spent
    assert ("Ủy ban nhân dân huyện Châu Thành", training,
            "Vốn đối ứng đã chi trong năm 20 triệu đồng, lớn hơn vốn đối ứng dự kiến cho cả dự án (0 triệu đồng)") in points
    assert ("Ủy ban nhân dân huyện Châu Thành", training,
            "Báo cáo tình trạng “nhà tài trợ đã cam kết” trong khi ngân hàng dự án ghi “đã công bố cho các tổ chức PCPNN”") in points
    assert summary.totals.counterpart_spent == Decimal("155.75")  # the 20 million are still counted
    assert summary.sections[-1].title.endswith("NHỮNG ĐIỂM CẦN KIỂM TRA")
    workbook = load_workbook(io.BytesIO(summary_xlsx(summary)))
    assert workbook.sheetnames[-1] == "Điểm cần kiểm tra"
    assert "vốn đối ứng dự kiến cho cả dự án" in pdf_text(summary_pdf(summary))


def test_the_summary_says_which_units_its_table_by_locality_uses(client, users, rounds):
    client.force_login(users["coordinator"])
    default = client.get(reverse("reporting:summary"), {"year": "2024", "format": "print"}).content.decode()
    assert "Địa bàn theo các đơn vị hành chính tại ngày 31/12/2024" in default
    page = client.get(reverse("reporting:summary"), {"year": "2024", "localities": "today"})
    today = page.context["summary"].sections
    lead = next(section for section in today if section.key == "localities").leads[0]
    assert "tại ngày" in lead and "31/12/2024" not in lead
    assert client.get(reverse("reporting:summary"), {"year": "2024", "localities": "nonsense"}).status_code == 200


def test_a_year_alone_opens_the_programme_that_covers_it_and_a_year_outside_the_chosen_one_is_refused(client, users, programme, next_programme):
    client.force_login(users["coordinator"])
    page = client.get(reverse("reporting:summary"), {"year": "2025"})
    assert page.context["form"].cleaned_data["programme"] == programme  # not the later 2026–2030 one
    refused = client.get(reverse("reporting:summary"), {"year": "2025", "programme": next_programme.pk})
    assert "summary" not in refused.context and refused.context["form"].has_error("year")
    assert "Năm 2025 nằm ngoài chương trình" in refused.content.decode()
    assert client.get(reverse("reporting:summary"), {"year": "2025", "programme": next_programme.pk, "format": "pdf"}).status_code == 400
