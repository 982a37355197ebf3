"""Bar charts drawn on the server as SVG: the dashboard's page and the year-end summary's PDF draw theirs here.

One module for every chart, so that a chart reads the same on the screen and on paper: bars across (a label
per row) or upright (a label per column), one or several series side by side. The chart is a
picture of figures printed beside it in a table; it carries its own text alternative (<title>, <desc>) and each
bar its figure as a tooltip, written the reader's way by the ``formatted`` function it is given. Nothing is
computed here but the geometry.
"""
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

ACROSS, UPRIGHT = "across", "upright"
# Colours told apart by readers with the commoner colour blindnesses (Okabe–Ito), dark enough on white.
COLOURS = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00")
WIDTH = 640
FONT = 'font-family="Liberation Sans, Arial, sans-serif" font-size="12"'
# Bars across: the labels' column, the figures' room after the longest bar, the height of a row.
LABEL_WIDTH, FIGURE_ROOM, ROW = 210, 90, 26
LABEL_CHARACTERS = 32  # what the labels' column holds at 12 px; a longer label is cut, whole in its bars' tooltips
# Bars upright: the plot's height, the room for the figures above and the labels below it.
PLOT_HEIGHT, TOP_ROOM, BOTTOM_ROOM, SIDE = 200, 20, 40, 10
EMPTY_HEIGHT = 60


@dataclass(frozen=True)
class Series:
    name: str
    values: tuple  # one per category; None (unknown) draws no bar


@dataclass
class Chart:
    key: str  # unique on its page: the ids of its title and description
    title: str
    description: str  # what it shows, for a reader who cannot see it; the table beside it holds the figures
    categories: list  # labels, one per bar or group of bars
    series: list  # [Series]
    formatted: object  # value -> text, in the reader's way (reporting.formatting)
    orientation: str = ACROSS
    hrefs: list = field(default_factory=list)  # per category, where its figures come from (empty: no links)

    @property
    def has_data(self):
        return any(value for series in self.series for value in series.values)

    def scale(self):
        """The largest figure the bars must hold."""
        return max((value or 0 for series in self.series for value in series.values), default=0)

    def svg(self):
        if not self.has_data:
            body, height = f'<text x="{WIDTH / 2:g}" y="{EMPTY_HEIGHT / 2:g}" text-anchor="middle" {FONT}>{escape(_("No figures yet."))}</text>', EMPTY_HEIGHT
        elif self.orientation == ACROSS:
            body, height = self._across()
        else:
            body, height = self._upright()
        return mark_safe(
            f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {WIDTH} {height:g}" width="{WIDTH}" height="{height:g}" '
            f'role="img" aria-labelledby="{self.key}-title {self.key}-desc">'
            f'<title id="{self.key}-title">{escape(self.title)}</title><desc id="{self.key}-desc">{escape(self.description)}</desc>'
            f"{body}</svg>"
        )

    def html(self):
        """The chart in a figure, with its legend when it has several series."""
        legend = ""
        if len(self.series) > 1:
            items = "".join(
                f'<li><svg width="12" height="12" aria-hidden="true"><rect width="12" height="12" fill="{COLOURS[i % len(COLOURS)]}"/></svg> {escape(s.name)}</li>'
                for i, s in enumerate(self.series)
            )
            legend = f'<ul class="chart-legend">{items}</ul>'
        return mark_safe(f'<figure class="chart-figure" id="{self.key}">{self.svg()}{legend}</figure>')

    # --- Geometry -------------------------------------------------------------------------------------------

    def _bars(self, index):
        """(series number, value, length) of the bars of a category, ``length`` as a share of the scale; a value
        nobody knows draws no bar but keeps its place."""
        top = Decimal(self.scale())
        for number, series in enumerate(self.series):
            value = series.values[index]
            if value is not None:
                yield number, value, Decimal(value) / top

    def _bar(self, number, value, x, y, width, height, category):
        name = f"{category} — {self.series[number].name}" if len(self.series) > 1 else category
        return (
            f'<rect x="{x:.2f}" y="{y:.2f}" width="{width:.2f}" height="{height:.2f}" fill="{COLOURS[number % len(COLOURS)]}" '
            f'data-value="{value}"><title>{escape(f"{name}: {self.formatted(value)}")}</title></rect>'
        )

    def _linked(self, index, markup):
        href = self.hrefs[index] if index < len(self.hrefs) else None
        return f'<a href="{escape(href)}">{markup}</a>' if href else markup

    def _across(self):
        groups = len(self.series)
        bar = ROW - 6 if groups == 1 else ROW * 0.7
        row = bar * groups + 6
        length = WIDTH - LABEL_WIDTH - FIGURE_ROOM
        parts = []
        for index, category in enumerate(self.categories):
            top = index * row + 3
            bars = []
            for number, value, share in self._bars(index):
                y, width = top + number * bar, float(share) * length
                bars.append(self._bar(number, value, LABEL_WIDTH, y, width, bar - 2, category))
                bars.append(f'<text x="{LABEL_WIDTH + width + 4:.2f}" y="{y + bar / 2 + 3:.2f}" {FONT}>{escape(self.formatted(value))}</text>')
            label = f'<text x="{LABEL_WIDTH - 6}" y="{top + row / 2:.2f}" text-anchor="end" {FONT}>{escape(shortened(category))}</text>'
            parts.append(self._linked(index, label + "".join(bars)))
        return "".join(parts), len(self.categories) * row + 6

    def _upright(self):
        groups = len(self.series)
        column = (WIDTH - 2 * SIDE) / max(len(self.categories), 1)
        bar = min(column * 0.8 / groups, 60)
        base = TOP_ROOM + PLOT_HEIGHT
        parts = [f'<line x1="{SIDE}" y1="{base}" x2="{WIDTH - SIDE}" y2="{base}" stroke="#737373"/>']
        for index, category in enumerate(self.categories):
            left = SIDE + index * column + (column - bar * groups) / 2
            bars = []
            for number, value, share in self._bars(index):
                x, height = left + number * bar, float(share) * PLOT_HEIGHT
                bars.append(self._bar(number, value, x, base - height, bar - 2, height, category))
                if groups == 1:  # several series side by side leave no room for figures: the table holds them
                    bars.append(f'<text x="{x + bar / 2 - 1:.2f}" y="{base - height - 4:.2f}" text-anchor="middle" {FONT}>{escape(self.formatted(value))}</text>')
            middle = SIDE + index * column + column / 2
            label = f'<text x="{middle:.2f}" y="{base + 16}" text-anchor="middle" {FONT}>{escape(category)}</text>'
            parts.append(self._linked(index, "".join(bars) + label))
        return "".join(parts), base + BOTTOM_ROOM


def shortened(label):
    return label if len(label) <= LABEL_CHARACTERS else label[: LABEL_CHARACTERS - 1].rstrip() + "…"
