"""Starting the next programme, and the projects it takes over from the one before."""
import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext as _

from partners.models import Organisation
from partners.successions import organisation_successions, unit_successions
from projects.access import access_for
from projects.lifecycle import TAKEN_OVER
from projects.models import PlanTask, Programme, ProgrammeTarget, Project, Sector
from projects.services.writing import LINE_FIELDS as COPIED_LINE_FIELDS
from projects.services.writing import ProjectWrite, projects_write

# What the coordinator types for a new programme; the signatory's titles come from the programme before.
PROGRAMME_FIELDS = ("number", "issued_on", "issuer", "province", "coordinator", "title", "title_en", "start_year", "end_year", "predecessor",
                    "aims", "aims_en")
SECTOR_FIELDS = ("position", "numeral", "name", "name_en", "field", "dac_code")
OPTIONAL_TEXTS = ("name_en", "text_en", "dac_code")
TARGET_FIELDS = ("position", "indicator", "comparison", "value", "target_year", "text", "text_en")


def next_programme_defaults(predecessor):
    """What the form for the programme after ``predecessor`` starts from: its sectors and targets, and the five
    years that follow."""
    start = predecessor.end_year + 1
    return {
        "fields": {"predecessor": predecessor, "start_year": start, "end_year": start + 4, "province": predecessor.province,
                   "coordinator": predecessor.coordinator, "issuer": predecessor.issuer},
        "sectors": [{name: getattr(s, name) for name in SECTOR_FIELDS} for s in predecessor.sectors.select_related("field").order_by("position")],
        "targets": [{name: getattr(t, name) for name in TARGET_FIELDS} for t in predecessor.targets.order_by("position")],
    }


def programme_code(number, start_year):
    """03-ctr-ubnd-2020 for 03/CTr-UBND of 2020, as the seed's programme is coded."""
    return f"{slugify(number.replace('/', '-'))}-{start_year}"[:80]


@transaction.atomic
def programme_start(*, by, fields, sectors, targets):
    """A new programme with its sectors and targets, all saved or none.

    ``fields``: PROGRAMME_FIELDS; ``sectors`` and ``targets``: lists of dicts of SECTOR_FIELDS and TARGET_FIELDS.
    The projects it takes over are chosen afterwards (``programme_take_over_unfunded``). The predecessor's
    implementation plan is carried over (``carry_plan_over``).
    """
    access_for(by).require_coordinator()
    fields = {name: fields.get(name) for name in PROGRAMME_FIELDS}
    for name in ("number", "title", "title_en", "aims", "aims_en"):
        fields[name] = (fields[name] or "").strip()
    errors = _programme_errors(fields) | _rows_errors(sectors, targets)
    if errors:
        raise ValidationError(errors)
    predecessor = fields["predecessor"]
    programme = Programme.objects.create(
        code=programme_code(fields["number"], fields["start_year"]),
        signer_title=predecessor.signer_title if predecessor else "",
        signer_title_en=predecessor.signer_title_en if predecessor else "",
        **fields,
    )
    Sector.objects.bulk_create([Sector(programme=programme, **_values(row, SECTOR_FIELDS)) for row in sectors])
    ProgrammeTarget.objects.bulk_create([ProgrammeTarget(programme=programme, **_values(row, TARGET_FIELDS)) for row in targets])
    if predecessor:
        carry_plan_over(predecessor, programme)
    return programme


PLAN_TEXTS = ("position", "content", "content_en", "timing", "timing_en", "coordinators_text", "coordinators_text_en")


def carry_plan_over(predecessor, programme):
    """The predecessor's tasks, each led and coordinated by the units that carry the old ones on the day the new
    programme is issued: a province's plan changes little from one programme to the next, and its lead units must
    be able to record their progress from the first year (a unit merged away records nothing)."""
    successions = organisation_successions()
    day = programme.issued_on
    for old in predecessor.plan_tasks.select_related("lead").prefetch_related("coordinators").order_by("position"):
        task = PlanTask.objects.create(programme=programme, lead=successions.successor_on(old.lead, day), **{name: getattr(old, name) for name in PLAN_TEXTS})
        task.coordinators.set({successions.successor_on(unit, day) for unit in old.coordinators.all()})


def _values(row, names):
    """A row's fields, an omitted text as empty (the columns hold no NULL text)."""
    values = {name: row.get(name) for name in names}
    return {name: "" if value is None and name in OPTIONAL_TEXTS else value for name, value in values.items()}


def _programme_errors(fields):
    errors = {}

    def add(name, message):
        errors.setdefault(name, []).append(message)

    for name in ("number", "issued_on", "issuer", "province", "coordinator", "title", "start_year", "end_year"):
        if fields[name] in (None, ""):
            add(name, _("This field is required."))
    first, last, day = fields["start_year"], fields["end_year"], fields["issued_on"]
    if first and last and last < first:
        add("end_year", _("The last year cannot come before the first year."))
    if day:
        refusals = {
            "issuer": (Organisation.Kind.PEOPLES_COMMITTEE, _(
                "%(body)s cannot issue a programme on %(day)s: a provincial People's Committee in office that day issues it.")),
            "coordinator": (Organisation.Kind.DEPARTMENT, _(
                "%(body)s cannot coordinate a programme issued on %(day)s: a provincial department in office that day does.")),
        }
        for name, (kind, refusal) in refusals.items():
            body = fields[name]
            if body is not None and not (body.kind == kind and body.is_valid_on(day)):
                add(name, refusal % {"body": body, "day": date_format(day, "SHORT_DATE_FORMAT")})
        province = fields["province"]
        if province is not None and not province.is_valid_on(day):
            add("province", _("%(unit)s did not exist on %(day)s.") % {"unit": province, "day": date_format(day, "SHORT_DATE_FORMAT")})
    predecessor = fields["predecessor"]
    if predecessor is not None and first and first <= predecessor.end_year:
        add("start_year", _("The programme starts after the one before it ends, in %(year)s.") % {"year": predecessor.end_year})
    if first and last:
        overlapping = Programme.objects.filter(start_year__lte=last, end_year__gte=first).first()
        if overlapping is not None:
            add("start_year", _("The years overlap those of programme %(programme)s.") % {"programme": overlapping})
        if fields["number"] and Programme.objects.filter(code=programme_code(fields["number"], first)).exists():
            add("number", _("A programme numbered %(number)s already starts in %(year)s.") % {"number": fields["number"], "year": first})
    return errors


def _rows_errors(sectors, targets):
    errors = {}
    if not sectors:
        errors["sectors"] = [_("A programme needs at least one sector.")]
    for what, rows, keys in (("sectors", sectors, ("position", "numeral", "field")), ("targets", targets, ("position",))):
        for key in keys:
            values = [row.get(key) for row in rows if row.get(key) not in (None, "")]
            values = [v.upper() if isinstance(v, str) else v for v in values]
            if len(values) != len(set(values)):
                label = {"position": _("position"), "numeral": _("numeral"), "field": _("field of activity")}[key]
                errors.setdefault(what, []).append(_("Two rows have the same %(what)s.") % {"what": label})
    for row in sectors:
        if not all(row.get(name) not in (None, "") for name in ("position", "numeral", "name")):
            errors.setdefault("sectors", []).append(_("Each sector needs a position, a numeral and a name."))
            break
    for row in targets:
        if row.get("position") is None or not (row.get("text") or "").strip():
            errors.setdefault("targets", []).append(_("Each target needs a position and a text."))
            break
    return errors


def take_over_candidates(programme):
    """The previous programme's projects that ``programme`` may still take over: submitted, not funded, not taken
    over yet, with their amounts, in the appendix's order."""
    if programme.predecessor_id is None:
        return Project.objects.none()
    return (
        Project.objects.in_programme(programme.predecessor)
        .filter(status__in=TAKEN_OVER)
        .exclude(carried_over_to__programme=programme)
    )


@transaction.atomic
def programme_take_over_unfunded(*, programme, by, chosen=None):
    """Copy the predecessor programme's unfunded projects into ``programme``: the ids in ``chosen``, or all.

    Each copy lands in the sector of the same field of activity, is accepted into the new bank, and points back to
    the project it continues, which stays as it was in its own programme with its history. A unit or host agency
    that a reform ended by the programme's first day gives way to its one recorded successor, where that successor
    existed during the project's years (the rule every project holds); where a split left several, or none was
    recorded, the copy keeps the former one and the coordinator chooses. Projects already taken over are skipped,
    so running it again copies nothing twice.
    """
    access_for(by).require_coordinator()
    if programme.predecessor_id is None:
        raise ValidationError(_("This programme has no previous programme to take projects over from."))
    old_projects = take_over_candidates(programme)
    if chosen is not None:
        chosen = {int(pk) for pk in chosen}
        if not chosen:
            raise ValidationError(_("Tick the projects to take over."))
        old_projects = old_projects.filter(pk__in=chosen)
    old_projects = list(
        old_projects.select_for_update(of=("self",))
        .select_related("sector", "host_agency")
        .prefetch_related("lines", "admin_units")
        .in_appendix_order()
    )
    if chosen is not None and len(old_projects) != len(chosen):
        raise ValidationError(_("Some of the projects ticked can no longer be taken over; open the page again."))
    sectors = {s.field_id: s for s in programme.sectors.exclude(field=None)}
    missing = sorted({p.sector.name for p in old_projects if p.sector.field_id not in sectors})
    if missing:
        raise ValidationError(
            _("The new programme has no sector for: %(sectors)s.") % {"sectors": "; ".join(missing)}
        )
    next_position = {
        row["sector"]: row["last"] or 0
        for row in Project.objects.in_programme(programme).values("sector").annotate(last=Max("position"))
    }
    first_day = datetime.date(programme.start_year, 1, 1)
    units, agencies = unit_successions(), organisation_successions()
    reason = _("Taken over from programme %(number)s") % {"number": programme.predecessor.number}
    writes = []
    for old in old_projects:
        sector = sectors[old.sector.field_id]
        next_position[sector.pk] = next_position.get(sector.pk, 0) + 1

        def fits(record, old=old):
            return record.existed_in_years(old.start_year, old.end_year) if old.start_year and old.end_year else True

        new = Project(status=Project.Status.ACCEPTED, carried_over_from=old)  # coded by the writing service
        fields = {
            "programme": programme,
            "sector": sector,
            "position": next_position[sector.pk],
            "host_agency": _carried_on(old.host_agency, first_day, agencies, lambda a, fits=fits: a.may_host_projects and fits(a)),
            "source_document": old.source_document,
            "source_ref": old.source_ref,
            **{name: getattr(old, name) for name in Project.CONTENT_FIELDS},
        }
        placed = list(dict.fromkeys(_carried_on(unit, first_day, units, fits) for unit in old.admin_units.all()))
        lines = [{name: getattr(line, name) for name in COPIED_LINE_FIELDS} for line in old.lines.all()]
        writes.append(ProjectWrite(new, fields, placed, lines))
    return projects_write(writes, by=by, reason=reason, creation_note=reason)


def _carried_on(record, day, successions, fits):
    """``record``, or the one successor that carries it on ``day`` if ``fits`` accepts it."""
    successors = successions.successors_on(record, day)
    if len(successors) == 1 and (successors[0] == record or fits(successors[0])):
        return successors[0]
    return record
