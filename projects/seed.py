"""Loads a programme and everything it names from a fixture in fixtures/.

The fixture is the source document as data (see fixtures/README.md): units,
organisations, the programme, its sectors, projects with budget lines, and the
implementation plan. Records are matched by code, so loading twice changes
nothing.
"""
import datetime
import json
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext_noop

from partners.models import (
    NGO,
    ActivityField,
    AdministrativeUnit,
    Organisation,
    OrganisationSuccession,
    UnitSuccession,
)
from projects.models import (
    BudgetLine,
    PlanTask,
    Programme,
    ProgrammeBasis,
    ProgrammeTarget,
    Project,
    Sector,
    SectorOrientation,
)
from projects.services.writing import ProjectWrite, same_value, projects_write
from socaid.upsert import Upserter

SEED_FIXTURE = Path(settings.BASE_DIR) / "fixtures" / "soc_trang_2020_2025.json"
# Stored as the message id, so that every reader gets it in their own language (socaid.bilingual.stored_phrase).
REASON = gettext_noop("Loaded from the source document")
PROJECT_TEXT = (
    "name", "name_en", "location_text", "location_text_en", "content", "content_en", "notes", "notes_en",
    "counterpart_source", "status", "source_ref", "corrections",
)


def _date(value):
    return datetime.date.fromisoformat(value) if value else None


def _amount(value):
    return Decimal(value) if value not in (None, "") else None


def _pick(row, *names):
    return {name: row.get(name, "") for name in names}


@transaction.atomic
def load_programme_fixture(path=SEED_FIXTURE, *, update=False):
    """Load the fixture at ``path``; returns the Upserter whose counts say what happened."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    put = Upserter(update=update, reason=REASON)

    fields = {
        row["code"]: put(ActivityField, {"code": row["code"]}, _pick(row, "name", "name_en") | {"position": row["position"]})
        for row in data["activity_fields"]
    }

    units = {}
    for row in data["admin_units"]:  # parents come before children in the fixture
        units[row["code"]] = put(
            AdministrativeUnit,
            {"code": row["code"]},
            _pick(row, "gso_code", "name", "name_en", "kind", "notes")
            | {
                "level": row["level"],
                "parent": units[row["parent"]] if row.get("parent") else None,
                "valid_from": _date(row.get("valid_from")),
                "valid_to": _date(row.get("valid_to")),
                "is_khmer_area": row.get("is_khmer_area", False),
                "is_extremely_difficult": row.get("is_extremely_difficult", False),
            },
        )
    for row in data["unit_successions"]:
        put(
            UnitSuccession,
            {"predecessor": units[row["predecessor"]], "successor": units[row["successor"]]},
            _pick(row, "kind", "legal_act", "notes") | {"effective_on": _date(row["effective_on"])},
        )

    orgs = {}
    for row in data["organisations"]:  # parents come before children in the fixture
        orgs[row["code"]] = put(
            Organisation,
            {"code": row["code"]},
            _pick(row, "name", "name_en", "short_name", "kind", "notes")
            | {
                "admin_unit": units[row["admin_unit"]] if row.get("admin_unit") else None,
                "parent": orgs[row["parent"]] if row.get("parent") else None,
                "valid_from": _date(row.get("valid_from")),
                "valid_to": _date(row.get("valid_to")),
            },
        )
    for row in data["organisation_successions"]:
        put(
            OrganisationSuccession,
            {"predecessor": orgs[row["predecessor"]], "successor": orgs[row["successor"]]},
            _pick(row, "kind", "legal_act", "notes") | {"effective_on": _date(row["effective_on"])},
        )

    for row in data["ngos"]:
        put(
            NGO,
            {"code": row["code"]},
            _pick(row, "name_original", "name", "name_en", "acronym", "kind", "country", "website", "relationship", "notes"),
            m2m={"fields": [fields[c] for c in row.get("fields", [])], "areas": [units[c] for c in row.get("areas", [])]},
        )

    row = data["programme"]
    programme = put(
        Programme,
        {"code": row["code"]},
        _pick(row, "number", "title", "title_en", "signer_title", "signer_title_en", "signer_name", "source_document")
        | {
            "issued_on": _date(row["issued_on"]),
            "issuer": orgs[row["issuer"]],
            "province": units[row["province"]],
            "coordinator": orgs[row["coordinator"]],
            "start_year": row["start_year"],
            "end_year": row["end_year"],
        },
    )
    for basis in row["bases"]:
        put(
            ProgrammeBasis,
            {"programme": programme, "position": basis["position"]},
            _pick(basis, "document_number", "text", "text_en") | {"issued_on": _date(basis.get("issued_on"))},
        )
    for target in row["targets"]:
        put(
            ProgrammeTarget,
            {"programme": programme, "position": target["position"]},
            _pick(target, "indicator", "comparison", "text", "text_en")
            | {"value": _amount(target.get("value")), "target_year": target.get("target_year")},
        )

    orientations = {}
    for o in data["orientations"]:
        orientations[o["letter"]] = put(
            SectorOrientation,
            {"programme": programme, "letter": o["letter"]},
            _pick(o, "name", "name_en", "guidance", "guidance_en") | {"position": o["position"], "field": fields[o["field"]]},
        )

    sectors = {}
    for s in data["sectors"]:
        sectors[s["numeral"]] = put(
            Sector,
            {"programme": programme, "numeral": s["numeral"]},
            _pick(s, "name", "name_en")
            | {
                "position": s["position"],
                "field": fields[s["field"]],
                "stated_total": _amount(s.get("stated_total")),
                "stated_aid_sought": _amount(s.get("stated_aid_sought")),
                "stated_counterpart": _amount(s.get("stated_counterpart")),
            },
            m2m={"orientations": [orientations[letter] for letter in s["orientations"]]},
        )

    _load_projects(put, data, programme, sectors, orgs, units, update)

    for t in data["plan_tasks"]:
        put(
            PlanTask,
            {"programme": programme, "position": t["position"]},
            _pick(t, "content", "content_en", "timing", "timing_en", "coordinators_text", "coordinators_text_en", "source_ref")
            | {"lead": orgs[t["lead"]], "source_text": t.get("source_text", {})},
            m2m={"coordinators": [orgs[c] for c in t["coordinators"]]},
        )
    return put


def _load_projects(put, data, programme, sectors, orgs, units, update):
    """The fixture's projects and their budget lines, through the writing service like any other write."""
    rows = data["projects"]
    existing = Project.objects.filter(code__in=[p["code"] for p in rows]).prefetch_related("lines", "admin_units").in_bulk(field_name="code")
    writes = []
    for p in rows:
        fields = _pick(p, *PROJECT_TEXT) | {
            "programme": programme,
            "sector": sectors[p["sector"]],
            "position": p["position"],
            "host_agency": orgs[p["host_agency"]],
            "start_year": p["start_year"],
            "end_year": p["end_year"],
            "source_document": data["source"]["document"],
            "source_text": p.get("source_text", {}),
        }
        admin_units = [units[c] for c in p["admin_units"]]
        lines = [
            _pick(line, "description", "description_en", "notes", "notes_en", "derivation", "derivation_en", "source_ref")
            | {name: _amount(line[name]) for name in BudgetLine.AMOUNT_FIELDS}
            | {"is_derived": line["is_derived"]}
            for line in sorted(p["lines"], key=lambda line: line["position"])
        ]
        project = existing.get(p["code"])
        if project is None:
            writes.append(ProjectWrite(Project(code=p["code"]), fields, admin_units, lines))
            put.counts.add(Project, "created")
            for _line in lines:
                put.counts.add(BudgetLine, "created")
            continue
        old_lines = list(project.lines.all())
        line_changes = [
            "created" if index >= len(old_lines)
            else "updated" if any(not same_value(getattr(old_lines[index], name), value) for name, value in line.items())
            else "unchanged"
            for index, line in enumerate(lines)
        ]
        changed = update and (
            any(not same_value(getattr(project, name), value) for name, value in fields.items())
            or {u.pk for u in project.admin_units.all()} != {u.pk for u in admin_units}
            or len(old_lines) != len(lines)
            or any(outcome != "unchanged" for outcome in line_changes)
        )
        put.counts.add(Project, "updated" if changed else "unchanged")
        for outcome in line_changes:
            put.counts.add(BudgetLine, outcome if changed else "unchanged")
        if changed:
            with_ids = [line | {"id": old.pk} for line, old in zip(lines, old_lines)] + lines[len(old_lines):]
            writes.append(ProjectWrite(project, fields, admin_units, with_ids))
    projects_write(writes, by=None, reason=REASON, creation_note=REASON)
