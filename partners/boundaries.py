"""The shapes of the administrative units, from the boundaries shipped in partners/data/can-tho-2025/ (the 103
units in force from 1 July 2025), for maps drawn on the server: no tile server, no network.

Only the units of 2025 have boundaries of their own. An earlier unit is drawn as the union of the units of 2025
that succeeded it (partners.successions), and said to be approximate: a former district is the area of the new
communes that kept one of its communes' codes, which the reform did not cut along the old lines.
"""
import json
import math
from dataclasses import dataclass
from functools import lru_cache

import shapely
from shapely.geometry import shape

from partners.unit_data import DATA_DIR, REFORM_DAY

BOUNDARIES = DATA_DIR / "can-tho-communes-2025.geojson"
# In degrees of the plane below (about 150 m): far below what a map a page wide shows, and it keeps an SVG of the
# 103 units under 60 kB. The units are simplified together, so that neighbours keep a shared edge.
TOLERANCE = 0.0015
# The shipped boundaries were simplified one by one, so neighbours leave slivers between them; a union closes
# gaps narrower than this (about 200 m) before it is simplified.
CLOSING = 0.001


@dataclass(frozen=True)
class Outline:
    unit: object
    geometry: object  # a shapely (Multi)Polygon in the plane below
    approximate: bool  # drawn from the units that succeeded it


def _shapes():
    return _planar()[1]


@lru_cache(maxsize=1)
def _planar():
    """{official code: polygon} projected to a plane: longitude scaled by the cosine of the mean latitude (an
    equirectangular projection, true enough over a province), latitude upwards."""
    with open(BOUNDARIES, encoding="utf-8") as handle:
        features = json.load(handle)["features"]
    codes = [feature["properties"]["code"] for feature in features]
    geometries = [shape(feature["geometry"]) for feature in features]
    latitude = shapely.union_all(geometries).centroid.y
    scale = math.cos(math.radians(latitude))
    planar = [shapely.transform(geometry, lambda points: points * [scale, 1]) for geometry in geometries]
    simplified = shapely.coverage_simplify(planar, TOLERANCE)
    return dict(zip(codes, planar)), dict(zip(codes, (shapely.make_valid(geometry) for geometry in simplified)))


@lru_cache(maxsize=64)
def _union(codes):
    """The union of the units of these codes, its slivers closed, simplified like the units."""
    union = shapely.union_all([_planar()[0][code] for code in codes])
    return union.buffer(CLOSING, join_style="mitre").buffer(-CLOSING, join_style="mitre").simplify(TOLERANCE)


def outlines(units, successions):
    """[Outline] for those of ``units`` that can be drawn: a unit of 2025 by its own boundary, an earlier one by
    the union of its successors of 2025; a unit with neither is left out (the map lists it instead)."""
    shapes = _shapes()
    found = []
    for unit in units:
        if unit.gso_code in shapes and unit.is_valid_on(REFORM_DAY):
            found.append(Outline(unit, shapes[unit.gso_code], approximate=False))
            continue
        codes = [s.gso_code for s in successions.successors_on(unit, REFORM_DAY) if s.gso_code in shapes and s.is_valid_on(REFORM_DAY)]
        if codes and not unit.is_valid_on(REFORM_DAY):
            found.append(Outline(unit, _union(tuple(sorted(codes))), approximate=True))
    return found


def path_data(geometry, transform):
    """SVG path data of a (multi)polygon, each ring closed, through ``transform`` (x, y) -> (x, y) rounded."""
    polygons = getattr(geometry, "geoms", [geometry])
    parts = []
    for polygon in polygons:
        if polygon.geom_type != "Polygon" or polygon.is_empty:
            continue  # a union may leave a stray line where two shapes touch
        for ring in (polygon.exterior, *polygon.interiors):
            points = [transform(x, y) for x, y in ring.coords[:-1]]
            parts.append("M" + " ".join(f"{x:g},{y:g}" for x, y in points) + "Z")
    return "".join(parts)
