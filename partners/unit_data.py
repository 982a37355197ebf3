"""Loads the administrative units of the 2025 reform from partners/data/can-tho-2025/ (see its README).

Cần Thơ city's 103 commune-level units from 1 July 2025, Sóc Trăng province's 11 districts and 108 communes
until 30 June 2025, and the successions the data can tell: each former commune whose official code a new unit
kept goes whole into that unit, and each former district goes in part into the new units that kept one of its
communes' codes. What the data does not say (the other communes merged into each new unit) the coordinator
completes in the browser, with the act as its basis.

Units are matched by their official code and side of the reform, then, for the seed's former communes that
carry no code, by their district and name: loading twice changes nothing, and the seed's units keep their codes
so that its projects keep their places.
"""
import csv
import datetime
import re
from pathlib import Path

from django.db import transaction

from partners.models import AdministrativeUnit, UnitSuccession
from socaid.text import fold
from socaid.upsert import Upserter

DATA_DIR = Path(__file__).resolve().parent / "data" / "can-tho-2025"
REFORM_DAY = datetime.date(2025, 7, 1)
LAST_DAY_BEFORE = REFORM_DAY - datetime.timedelta(days=1)
ACT = "Nghị quyết số 1668/NQ-UBTVQH15 ngày 16/6/2025 của Ủy ban Thường vụ Quốc hội về việc sắp xếp các đơn vị hành chính cấp xã của thành phố Cần Thơ năm 2025"
ACT_DAY = datetime.date(2025, 6, 16)
KEPT_CODE = "Đơn vị mới giữ mã của đơn vị này (dữ liệu danh mục đơn vị hành chính)."
PART_OF_DISTRICT = "Một phần địa bàn: đơn vị mới giữ mã của một xã, phường, thị trấn thuộc huyện này."

Kind = AdministrativeUnit.Kind
Level = AdministrativeUnit.Level
# The first words of an official full name say what kind of unit it is, and its English word.
KIND_BY_PREFIX = [
    ("Thành phố", Kind.PROVINCIAL_CITY, "city"),
    ("Thị xã", Kind.TOWN, "town"),
    ("Huyện", Kind.DISTRICT, "district"),
    ("Phường", Kind.WARD, "ward"),
    ("Thị trấn", Kind.TOWNSHIP, "township"),
    ("Đặc khu", Kind.SPECIAL_ZONE, "special zone"),
    ("Xã", Kind.COMMUNE, "commune"),
    ("Tỉnh", Kind.PROVINCE, "province"),
]
LEVELS = {"province": Level.PROVINCE, "city": Level.PROVINCE, "district": Level.DISTRICT, "ward": Level.COMMUNE, "commune": Level.COMMUNE}


def _rows(name):
    with open(DATA_DIR / name, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _kind(row):
    if row["level"] == "city":
        return Kind.CENTRAL_CITY, "city"
    for prefix, kind, word in KIND_BY_PREFIX:
        if row["full_name"].startswith(prefix + " "):
            return kind, word
    raise ValueError(f"no kind for {row['full_name']}")


def _english(row, word):
    """'Cái Khế ward' as the seed writes English names: the Vietnamese name with its marks, then the kind. A
    numbered ward reads 'Ward 5'."""
    name = row["name"]
    return f"{word.capitalize()} {name}" if re.fullmatch(r"\d+", name) else f"{name} {word}"


def _slug(text):
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")


class UnitLoader:
    def __init__(self, *, update):
        self.put = Upserter(update=update)
        self.by_code = {}  # (official code, "before" | "after") -> unit

    def unit(self, row, side, parent, code):
        """The unit of ``row`` on one side of the reform: the one already stored (by official code, or for the
        seed's uncoded communes by district and name), or a new one."""
        kind, word = _kind(row)
        period = {"valid_to": LAST_DAY_BEFORE} if side == "before" else {"valid_from": REFORM_DAY}
        existing = (
            AdministrativeUnit.objects.filter(gso_code=row["code"], level=LEVELS[row["level"]], **period).first()
            or AdministrativeUnit.objects.filter(gso_code="", parent=parent, name=row["full_name"], **period).first()
        )
        values = {
            "gso_code": row["code"], "name": row["full_name"], "name_en": _english(row, word), "kind": kind,
            "level": LEVELS[row["level"]], "parent": parent, **period,
        }
        if existing is not None and existing.gso_code == "":
            # The seed's former communes keep their names, notes and codes; the official code is what they lacked.
            existing.gso_code = row["code"]
            existing.save(update_fields=["gso_code"])
        unit = self.put(AdministrativeUnit, {"code": existing.code if existing else code}, values)
        self.by_code[row["code"], side] = unit
        return unit

    def succession(self, predecessor, successor, *, partial, notes):
        self.put(
            UnitSuccession, {"predecessor": predecessor, "successor": successor},
            {"kind": UnitSuccession.Kind.MERGED, "effective_on": REFORM_DAY, "legal_act": ACT, "act_date": ACT_DAY,
             "extent": UnitSuccession.Extent.PART if partial else UnitSuccession.Extent.WHOLE, "notes": notes},
        )


@transaction.atomic
def load_units(*, update=False):
    """Load the units and successions; returns the Upserter whose counts say what happened."""
    loader = UnitLoader(update=update)
    for row in _rows("soc-trang-units-before-2025-07-01.csv"):  # parents come before children
        parent = loader.by_code[row["parent_code"], "before"] if row["parent_code"] else None
        loader.unit(row, "before", parent, f"{parent.code}-{_slug(row['full_name'])}" if parent else f"vn-{row['code']}-to-2025")
    for row in _rows("can-tho-units-from-2025-07-01.csv"):
        parent = loader.by_code[row["parent_code"], "after"] if row["parent_code"] else None
        loader.unit(row, "after", parent, f"{parent.code}-{_slug(row['full_name'])}" if parent else f"vn-{row['code']}-from-2025")
    for row in _rows("new-commune-keeps-code-of.csv"):
        new = loader.by_code[row["new_code"], "after"]
        loader.succession(loader.by_code[row["old_commune_code"], "before"], new, partial=False, notes=KEPT_CODE)
        loader.succession(loader.by_code[row["old_district_code"], "before"], new, partial=True, notes=PART_OF_DISTRICT)
    return loader.put
