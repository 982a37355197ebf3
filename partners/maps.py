"""A choropleth of one figure by locality, drawn on the server as SVG from the shipped boundaries.

Its input is what the table by locality beside it holds: (place, value, label) per row, from the bank's totals
(projects.locality_totals) or a summary's table (reporting.builders.summary.localities). Every unit of the basis
is drawn, shaded by the class of its figure; a row that is not one unit of the basis (a split unit, the whole
province, several localities, none, a unit without a boundary) is listed under the map with its figure, never
dropped. A split former district is listed rather than hatched over its successors: those are drawn with their
own figures, and a second layer over them would hide them.

Everything is computed here; the template (partners/choropleth.html) lays it out.
"""
from dataclasses import dataclass, field
from decimal import Decimal

import jenkspy
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from partners.boundaries import outlines, path_data
from partners.localities import UNIT, Place
from partners.models import AdministrativeUnit

WIDTH = 600  # the drawing's width in the SVG's units; its height follows the shape of the area
MARGIN = 4
CLASSES = 5
# ColorBrewer's sequential "Blues", five classes: each darker than the last in grey print too.
PALETTE = ("#eff3ff", "#bdd7e7", "#6baed6", "#3182bd", "#08519c")
EMPTY = "#f2f2f2"  # no figure, or nothing: light grey, hatched
NAMED = 20  # a map of this many units or fewer (the former districts) names them on the drawing
KIND_WORDS = ("Thành phố ", "Thị xã ", "Thị trấn ", "Huyện ", "Phường ", "Xã ", "Đặc khu ")
Level = AdministrativeUnit.Level


@dataclass(frozen=True)
class Entry:
    place: object  # partners.localities.Place
    value: Decimal | None
    label: str


@dataclass
class Area:
    key: str
    label: str
    value: Decimal | None
    text: str  # the value as the reader writes numbers
    colour: str  # a class's colour, or "" for the hatched empty class
    path: str
    href: str = ""
    name: tuple = ()  # (x, y, short name) where the drawing names the unit

    @property
    def title(self):
        return f"{self.label}: {self.text}" if self.text else self.label


@dataclass(frozen=True)
class LegendClass:
    colour: str
    text: str


@dataclass
class Choropleth:
    key: str  # unique on its page: the SVG's ids start with it
    title: str
    description: str
    width: int
    height: int
    areas: list
    legend: list
    listed: list = field(default_factory=list)  # (label, text) of the rows not on the map
    note: str = ""  # the boundaries are approximate
    empty = EMPTY

    @property
    def named(self):
        """The drawing names its units (a white halo under each name, drawn first: WeasyPrint knows no paint-order)."""
        return bool(self.areas) and all(area.name for area in self.areas)

    @property
    def linked(self):
        return any(area.href for area in self.areas)

    def html(self):
        return mark_safe(render_to_string("partners/choropleth.html", {"map": self}))


def basis_units(basis):
    """The units a map by the localities of ``basis`` draws, province by province: a province's district-level
    units in force on its day while it has districts, its commune-level units otherwise (one installation may
    hold a province that abolished its districts beside one that has not, or a generated one)."""
    if basis.reference is not None:
        everything = basis.reference.units()
        units = [unit for unit in everything.values() if unit.level in (Level.DISTRICT, Level.COMMUNE) and unit.is_valid_on(basis.day)]
    else:
        units = list(AdministrativeUnit.objects.valid_on(basis.day).filter(level__in=(Level.DISTRICT, Level.COMMUNE)).select_related("parent"))
        everything = {unit.parent_id: unit.parent for unit in units if unit.parent_id}
    with_districts = {_province_of(unit, everything) for unit in units if unit.level == Level.DISTRICT}
    return [
        unit for unit in units
        if (unit.level == Level.DISTRICT) == (_province_of(unit, everything) in with_districts)
    ]


def _province_of(unit, units):
    """The province-level unit's key above ``unit``: its parent, or its parent's parent (a commune of a district)."""
    parent = units.get(unit.parent_id)
    if parent is not None and parent.level != Level.PROVINCE and parent.parent_id:
        return parent.parent_id
    return unit.parent_id


@dataclass(frozen=True)
class Drawn:
    """A unit's outline in the SVG's frame: what a map draws of it whatever the figures."""

    unit: object
    path: str
    name: tuple  # (x, y, short name), or () where the map names no unit
    approximate: bool


def drawing(basis):
    """([Drawn] in the order of the units' names, width, height) of the units a map by ``basis`` draws. Projecting
    some 4,500 points costs a page tens of milliseconds: with a reference (partners.reference) it is done once per
    state of the units and their successions and per basis day; the shipped boundaries never change while the
    portal runs."""
    if basis.reference is None:
        return _drawing(basis)
    return basis.reference.made_once("map-drawing", basis.day, build=lambda: _drawing(basis))


def _drawing(basis):
    shapes = outlines(basis_units(basis), basis.successions)
    transform, width, height = _frame([outline.geometry for outline in shapes])
    named = len(shapes) <= NAMED
    drawn = [
        Drawn(outline.unit, path_data(outline.geometry, transform), _name_at(outline, transform) if named else (), outline.approximate)
        for outline in sorted(shapes, key=lambda outline: outline.unit.name)
    ]
    return drawn, width, height


def choropleth(entries, basis, *, key, title, figure, formatted, href=None):
    """The map of ``entries`` (the rows of a table by locality on ``basis``): ``figure`` names what the values
    are ("aid sought"), ``formatted`` writes a value as the reader does, ``href(unit)`` is where a unit leads."""
    shapes, width, height = drawing(basis)
    drawn = {shape.unit.pk for shape in shapes}
    by_unit = {entry.place.unit.pk: entry for entry in entries if entry.place.kind == UNIT and entry.place.unit.pk in drawn}
    values = sorted({entry.value for entry in by_unit.values() if entry.value})
    breaks = class_breaks(values)
    areas = []
    for shape in shapes:
        entry = by_unit.get(shape.unit.pk)
        value = entry.value if entry else None
        areas.append(Area(
            key=f"unit-{shape.unit.pk}", label=entry.label if entry else basis.label(Place(UNIT, shape.unit)),
            value=value, text=formatted(value) if entry else "", colour=_colour(value, breaks),
            path=shape.path, href=href(shape.unit) if href and entry else "", name=shape.name,
        ))
    listed = [(entry.label, formatted(entry.value)) for entry in entries if not (entry.place.kind == UNIT and entry.place.unit.pk in drawn)]
    legend = [LegendClass(PALETTE[_palette_index(index, len(breaks))], _range(low, high, formatted)) for index, (low, high) in enumerate(breaks)]
    legend.append(LegendClass("", _("None, or no project")))
    approximate = any(shape.approximate for shape in shapes)
    shown = sum(1 for area in areas if area.value)
    description = ngettext(
        "%(figure)s in million VND, by locality: %(shown)s of %(count)s units drawn has a figure, shaded in %(classes)s classes "
        "from light to dark; the table by locality gives the same figures.",
        "%(figure)s in million VND, by locality: %(shown)s of %(count)s units drawn have a figure, shaded in %(classes)s classes "
        "from light to dark; the table by locality gives the same figures.",
        shown,
    ) % {"figure": figure, "shown": shown, "count": len(areas), "classes": len(breaks)}
    return Choropleth(
        key=key, title=title, description=description, width=width, height=height, areas=areas, legend=legend,
        listed=listed, note=_("Boundaries approximate: drawn from the communes that succeeded them.") if approximate else "",
    )


def class_breaks(values):
    """[(lowest, highest)] of each class of the sorted distinct positive ``values``: Jenks' natural breaks into
    five classes, or, with too few values for five classes to mean something, one class per value up to five
    and quantiles beyond. Each bound is a value of its class, so the legend says exactly what each colour holds."""
    if not values:
        return []
    if len(values) <= CLASSES:
        return [(value, value) for value in values]
    if len(values) < 2 * CLASSES:
        size = len(values) / CLASSES
        groups = [values[round(index * size):round((index + 1) * size)] for index in range(CLASSES)]
    else:
        bounds = jenkspy.jenks_breaks([float(value) for value in values], n_classes=CLASSES)
        groups, start = [], 0
        for upper in bounds[1:]:
            end = start
            while end < len(values) and float(values[end]) <= upper:
                end += 1
            groups.append(values[start:end])
            start = end
        groups[-1].extend(values[start:])  # a float rounding at the top bound
    return [(group[0], group[-1]) for group in groups if group]


def _colour(value, breaks):
    if not value:
        return ""
    index = next(index for index, (low, high) in enumerate(breaks) if value <= high)
    return PALETTE[_palette_index(index, len(breaks))]


def _palette_index(index, count):
    """Fewer classes than colours take the darker ones, spread evenly: the palest is too near the empty grey."""
    if count >= len(PALETTE):
        return index
    return 3 if count == 1 else 1 + round(index * (len(PALETTE) - 2) / (count - 1))


def _range(low, high, formatted):
    return formatted(low) if low == high else f"{formatted(low)} – {formatted(high)}"


def _name_at(outline, transform):
    """Where the unit's short name goes: a point inside it (a centroid may fall outside a crescent)."""
    point = outline.geometry.representative_point()
    name = next((outline.unit.name.removeprefix(word) for word in KIND_WORDS if outline.unit.name.startswith(word)), outline.unit.name)
    return (*transform(point.x, point.y), name)


def _frame(geometries):
    """A transform from the plane to the SVG's units, north up, the area filling the width; and the size."""
    if not geometries:
        return (lambda x, y: (x, y)), WIDTH, WIDTH // 2
    xs = [bound for geometry in geometries for bound in geometry.bounds[0::2]]
    ys = [bound for geometry in geometries for bound in geometry.bounds[1::2]]
    left, right, bottom, top = min(xs), max(xs), min(ys), max(ys)
    scale = (WIDTH - 2 * MARGIN) / (right - left)
    height = round((top - bottom) * scale + 2 * MARGIN)

    def transform(x, y):
        return round((x - left) * scale + MARGIN, 1), round((top - y) * scale + MARGIN, 1)

    return transform, WIDTH, height
