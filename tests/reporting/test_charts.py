"""The SVG bar charts: bars proportional to their figures, labels and figures written the reader's way, a text
alternative, nothing drawn for no data, and text escaped."""
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest
from django.utils import translation

from reporting.charts import ACROSS, LABEL_WIDTH, PLOT_HEIGHT, UPRIGHT, WIDTH, FIGURE_ROOM, Chart, Series
from reporting.formatting import printed_amount

SVG = "{http://www.w3.org/2000/svg}"


def chart(categories, *series, orientation=ACROSS, language="vi", hrefs=()):
    return Chart(
        "c", "Aid & more <by year>", "Bars: aid sought", categories,
        [Series(name, tuple(values)) for name, values in series], lambda value: printed_amount(value, language) or "0", orientation, list(hrefs),
    )


def parsed(c):
    return ET.fromstring(str(c.svg()))


def bars(root):
    return root.iter(f"{SVG}rect")


def texts(root):
    return [t.text for t in root.iter(f"{SVG}text")]


def test_bars_across_are_as_long_as_their_share_of_the_largest():
    root = parsed(chart(["Giáo dục", "Y tế"], ("Aid", [Decimal("1250.5"), Decimal("625.25")])))
    widths = [float(rect.get("width")) for rect in bars(root)]
    assert widths == [WIDTH - LABEL_WIDTH - FIGURE_ROOM, (WIDTH - LABEL_WIDTH - FIGURE_ROOM) / 2]
    assert all(float(rect.get("x")) == LABEL_WIDTH for rect in bars(root))
    assert "Giáo dục" in texts(root) and "1.250,5" in texts(root) and "625,25" in texts(root)


def test_upright_bars_stand_on_one_baseline_and_several_series_side_by_side():
    root = parsed(chart(["2024", "2025"], ("Planned", [Decimal(100), Decimal(50)]), ("Spent", [Decimal(80), None]), orientation=UPRIGHT))
    rects = list(bars(root))
    assert len(rects) == 3  # an unknown figure draws no bar
    heights = [float(r.get("height")) for r in rects]
    assert heights == [PLOT_HEIGHT, PLOT_HEIGHT * 0.8, PLOT_HEIGHT * 0.5]
    assert len({round(float(r.get("y")) + float(r.get("height")), 2) for r in rects}) == 1
    assert float(rects[1].get("x")) > float(rects[0].get("x"))
    assert [r.find(f"{SVG}title").text for r in rects] == ["2024 — Planned: 100", "2024 — Spent: 80", "2025 — Planned: 50"]
    assert "Planned" in str(chart(["2024"], ("Planned", [1]), ("Spent", [2])).html())  # the legend


def test_figures_print_the_readers_way():
    root = parsed(chart(["A"], ("Aid", [Decimal("367902")]), language="en"))
    assert "367,902" in texts(root)
    root = parsed(chart(["A"], ("Aid", [Decimal("367902")]), language="vi"))
    assert "367.902" in texts(root)


def test_a_chart_says_what_it_shows_and_escapes_its_text():
    c = chart(["<script>alert(1)</script> & co"], ("Aid", [Decimal(5)]), hrefs=["/bank/?a=1&b=2"])
    markup = str(c.svg())
    assert "<script>" not in markup and "&lt;script&gt;" in markup
    root = ET.fromstring(markup)  # well-formed: every & escaped
    assert root.get("role") == "img" and root.get("aria-labelledby") == "c-title c-desc"
    assert root.find(f"{SVG}title").text == "Aid & more <by year>"
    assert root.find(f"{SVG}desc").text == "Bars: aid sought"
    assert root.find(f"{SVG}a").get("href") == "/bank/?a=1&b=2"


@pytest.mark.parametrize("values", [[], [None, None], [Decimal(0), 0]])
def test_no_data_draws_no_bar_but_says_so(values):
    with translation.override("en"):
        root = parsed(chart([str(i) for i in range(len(values))], ("Aid", values)))
    assert list(bars(root)) == []
    assert texts(root) == ["No figures yet."]
    assert root.find(f"{SVG}title").text


def test_a_long_label_is_cut_to_its_column_and_whole_in_the_tooltip():
    name = "Lĩnh vực nông nghiệp và phát triển nông thôn, thủy sản"
    root = parsed(chart([name], ("Aid", [Decimal(1)])))
    label = next(t.text for t in root.iter(f"{SVG}text") if t.text.startswith("Lĩnh"))
    assert label.endswith("…") and len(label) <= 32 and name.startswith(label[:-1])
    assert next(bars(root)).find(f"{SVG}title").text == f"{name}: 1"
