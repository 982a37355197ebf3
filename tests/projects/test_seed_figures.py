"""The seed programme as loaded reproduces the appendix of 03/CTr-UBND figure for figure."""
from decimal import Decimal

import pytest

from projects.models import BudgetLine, Project, Sector

pytestmark = pytest.mark.django_db

# (numeral, projects, total, aid sought, counterpart) as the appendix prints each sector row.
APPENDIX_SECTORS = [
    ("I", 8, "132716", "81916", "50800"),
    ("II", 6, "13233", "11883", "1350"),
    ("III", 1, "8280", "8280", "0"),
    ("IV", 1, "15000", "10000", "5000"),
    ("V", 7, "178673", "177871", "802"),
    ("VI", 2, "20000", "17000", "3000"),
]


def figures(row):
    return (row.total, row.aid_sought, row.counterpart)


def test_each_sector_sums_to_the_appendix_subtotal(programme):
    sectors = Sector.objects.in_programme(programme).with_totals().order_by("position")
    got = [(s.numeral, s.project_count, *figures(s)) for s in sectors]
    want = [(n, c, Decimal(t), Decimal(a), Decimal(k)) for n, c, t, a, k in APPENDIX_SECTORS]
    assert got == want


def test_stated_subtotals_are_kept_as_printed(programme):
    stated = [
        (s.numeral, s.stated_total, s.stated_aid_sought, s.stated_counterpart)
        for s in Sector.objects.in_programme(programme).order_by("position")
    ]
    assert stated == [(n, Decimal(t), Decimal(a), Decimal(k)) for n, _, t, a, k in APPENDIX_SECTORS]


def test_grand_total(programme):
    from django.db.models import Sum

    totals = BudgetLine.objects.filter(project__programme=programme).aggregate(
        total=Sum("total"), aid=Sum("aid_sought"), counterpart=Sum("counterpart")
    )
    assert totals == {"total": Decimal("367902"), "aid": Decimal("306950"), "counterpart": Decimal("60952")}


def test_sector_ii_as_printed_keeps_the_source_discrepancy(programme):
    printed = Sector.objects.in_programme(programme).with_totals(include_derived=False).get(numeral="II")
    assert figures(printed) == (Decimal("12873"), Decimal("11523"), Decimal("1350"))
    assert printed.stated_total - printed.total == Decimal("360")


def test_child_protection_has_four_budget_lines_two_derived(programme):
    project = Project.objects.get(programme=programme, sector__numeral="II", position=6)
    lines = list(project.lines.order_by("position"))
    assert [(line.total, line.aid_sought, line.is_derived) for line in lines] == [
        (Decimal("475"), Decimal("475"), False),
        (Decimal("120"), Decimal("120"), True),
        (Decimal("240"), Decimal("240"), True),
        (Decimal("300"), Decimal("300"), False),
    ]
    assert "60 nhóm" in lines[1].description and "= 120" in lines[1].derivation
    assert "02" in lines[2].description and "= 240" in lines[2].derivation
    assert lines[3].notes.startswith("Thực hiện theo Quyết định số 582/QĐ-TTg")
    assert (project.start_year, project.end_year) == (2020, 2026)
    assert project.end_year > programme.end_year


def test_project_without_amounts_is_unknown_not_zero(programme):
    irrigation = Project.objects.with_totals().get(programme=programme, sector__numeral="I", position=2)
    assert irrigation.name.startswith("Dự án Ứng dụng công nghệ tưới phun tự động")
    assert figures(irrigation) == (None, None, None)


def test_every_appendix_row_with_its_figures(programme):
    rows = [
        (f"{p.sector.numeral}.{p.position}", p.host_agency.code, p.period_label, *figures(p))
        for p in Project.objects.in_programme(programme).with_totals().select_related("sector", "host_agency").in_appendix_order()
    ]
    d = Decimal
    assert rows == [
        ("I.1", "ubnd-huyen-chau-thanh", "2020-2022", d(12000), d(5000), d(7000)),
        ("I.2", "hoi-nong-dan-soc-trang", "2020-2025", None, None, None),
        ("I.3", "ubnd-huyen-cu-lao-dung", "2020-2025", d(2216), d(2016), d(200)),
        ("I.4", "so-nn-ptnt-soc-trang", "2021-2025", d(20000), d(10000), d(10000)),
        ("I.5", "so-nn-ptnt-soc-trang", "2021-2025", d(20000), d(10000), d(10000)),
        ("I.6", "so-nn-ptnt-soc-trang", "2021-2025", d(40000), d(20000), d(20000)),
        ("I.7", "so-nn-ptnt-soc-trang", "2020-2025", d(36000), d(32400), d(3600)),
        ("I.8", "ubnd-tp-soc-trang", "2021-2023", d(2500), d(2500), d(0)),
        ("II.1", "so-kh-cn-soc-trang", "2021-2024", d(5000), d(4000), d(1000)),
        ("II.2", "hoi-nong-dan-soc-trang", "2021-2025", d(500), d(360), d(140)),
        ("II.3", "hoi-nong-dan-soc-trang", "2022-2025", d(723), d(513), d(210)),
        ("II.4", "ubnd-tp-soc-trang", "2020-2025", d(5680), d(5680), d(0)),
        ("II.5", "ubnd-tp-soc-trang", "2020-2025", d(195), d(195), d(0)),
        ("II.6", "ubnd-tp-soc-trang", "2020-2026", d(1135), d(1135), d(0)),
        ("III.1", "ubnd-huyen-chau-thanh", "2021-2025", d(8280), d(8280), d(0)),
        ("IV.1", "so-kh-cn-soc-trang", "2022-2025", d(15000), d(10000), d(5000)),
        ("V.1", "ubnd-tp-soc-trang", "2023", d(20059), d(20059), d(0)),
        ("V.2", "ubnd-tp-soc-trang", "2024", d(97666), d(97666), d(0)),
        ("V.3", "ubnd-tp-soc-trang", "2025", d(45266), d(45266), d(0)),
        ("V.4", "ubnd-tx-nga-nam", "2020-2025", d(7650), d(7650), d(0)),
        ("V.5", "ubnd-huyen-cu-lao-dung", "2022-2023", d(7700), d(7000), d(700)),
        ("V.6", "hoi-nong-dan-soc-trang", "2021-2025", d(214), d(164), d(50)),
        ("V.7", "hoi-nong-dan-soc-trang", "2021-2025", d(118), d(66), d(52)),
        ("VI.1", "so-kh-cn-soc-trang", "2021-2023", d(10000), d(7000), d(3000)),
        ("VI.2", "ubnd-tp-soc-trang", "2020-2025", d(10000), d(10000), d(0)),
    ]
