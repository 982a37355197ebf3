"""The coordinator's writes to administrative units: completing and correcting who took over from whom.

The loaded data tells only part of the 2025 reform (partners/unit_data.py); the coordinator adds, changes and
deletes successions, each with the act that decided it as its basis. Every write checks the role, runs in one
transaction and is kept in the succession's history with its author. The import of successions
(projects/imports/resources.py) checks its rows with ``succession_errors`` too, so a file and the browser refuse
the same things with the same words.
"""
import datetime

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partners.models import UnitSuccession
from partners.roles import rules_of

# What a form or a file may set on a succession.
SUCCESSION_FIELDS = ["predecessor", "successor", "kind", "extent", "effective_on", "legal_act", "act_date", "notes"]
ONE_DAY = datetime.timedelta(days=1)
STALE = "stale"  # the code of the refusal of a change made on an older version
# The act is the basis of every succession the coordinator records: the form and a file's row say so alike.
ACT_REQUIRED = gettext_lazy("Give the act that decided the succession (its number, date and issuer): it is the basis of the record.")
ACT_DATE_REQUIRED = gettext_lazy("Give the date of the act.")


def _day(value):
    return date_format(value, "SHORT_DATE_FORMAT")


def succession_errors(*, predecessor, successor, effective_on, legal_act, act_date, succession=None):
    """What is wrong with a succession, as {field: [messages]}; empty when it may be saved. ``succession`` is the
    one being changed (its own pair is no duplicate)."""
    errors = {}

    def add(field, message):
        errors.setdefault(field, []).append(message)

    if not (legal_act or "").strip():
        add("legal_act", str(ACT_REQUIRED))
    if act_date is None:
        add("act_date", str(ACT_DATE_REQUIRED))
    if predecessor is None or successor is None or effective_on is None:
        return errors
    if predecessor.pk == successor.pk:
        add(NON_FIELD_ERRORS, _("A unit cannot succeed itself."))
        return errors
    duplicate = UnitSuccession.objects.filter(predecessor=predecessor, successor=successor)
    if succession is not None and succession.pk:
        duplicate = duplicate.exclude(pk=succession.pk)
    if duplicate.exists():
        add(NON_FIELD_ERRORS, _("The succession from %(predecessor)s to %(successor)s is already recorded: change that one instead.") % {"predecessor": predecessor, "successor": successor})
    day_before = effective_on - ONE_DAY
    if predecessor.valid_to is None:
        add("predecessor", _("%(unit)s is still in force: a predecessor must have ended the day before the succession takes effect (%(day)s).") % {"unit": predecessor, "day": _day(day_before)})
    elif predecessor.valid_to != day_before:
        add("predecessor", _("%(unit)s was in force until %(end)s; a succession taking effect on %(effective)s needs a predecessor in force until %(day)s.") % {"unit": predecessor, "end": _day(predecessor.valid_to), "effective": _day(effective_on), "day": _day(day_before)})
    elif predecessor.valid_from is not None and predecessor.valid_from > day_before:
        add("predecessor", _("%(unit)s only came into force on %(start)s.") % {"unit": predecessor, "start": _day(predecessor.valid_from)})
    if successor.valid_from is None:
        add("successor", _("The day %(unit)s came into force is not recorded: a successor must come into force the day the succession takes effect (%(day)s).") % {"unit": successor, "day": _day(effective_on)})
    elif successor.valid_from != effective_on:
        add("successor", _("%(unit)s came into force on %(start)s, not on the day the succession takes effect (%(day)s).") % {"unit": successor, "start": _day(successor.valid_from), "day": _day(effective_on)})
    if act_date is not None and act_date > effective_on:
        add("act_date", _("The act cannot be dated after the day the succession takes effect (%(day)s).") % {"day": _day(effective_on)})
    return errors


def _check(succession):
    errors = succession_errors(
        predecessor=succession.predecessor, successor=succession.successor, effective_on=succession.effective_on,
        legal_act=succession.legal_act, act_date=succession.act_date, succession=succession,
    )
    if errors:
        raise ValidationError(errors)
    succession.full_clean(validate_unique=False, validate_constraints=False)  # choices and lengths; the pair is checked above


def _saved(succession, by):
    succession._history_user = by
    succession.save()
    return succession


@transaction.atomic
def unit_succession_add(*, by, predecessor, successor, kind, extent, effective_on, legal_act, act_date, notes=""):
    """Record that ``successor`` took over ``predecessor`` (whole or in part) on ``effective_on`` by the act given."""
    rules_of(by).require_coordinator()
    succession = UnitSuccession(
        predecessor=predecessor, successor=successor, kind=kind, extent=extent, effective_on=effective_on,
        legal_act=legal_act.strip(), act_date=act_date, notes=notes,
    )
    _check(succession)
    return _saved(succession, by)


@transaction.atomic
def unit_succession_change(*, by, succession_id, values, version=None):
    """Change the succession's fields given in ``values`` (names of SUCCESSION_FIELDS). ``version`` is what
    ``succession_version`` said when the form was opened: refused if someone saved the succession since."""
    rules_of(by).require_coordinator()
    # Locked: of two coordinators correcting the same link at once, the second sees the first's change.
    succession = UnitSuccession.objects.select_for_update(of=("self",)).select_related("predecessor", "successor").get(pk=succession_id)
    if version is not None and version != succession_version(succession):
        raise ValidationError(_("Someone changed this succession after you opened the form (the unit's history shows what they saved). Save again to replace their change with yours."), code=STALE)
    for name, value in values.items():
        if name not in SUCCESSION_FIELDS:
            raise ValueError(name)
        setattr(succession, name, value.strip() if name == "legal_act" else value)
    _check(succession)
    return _saved(succession, by)


def succession_version(succession):
    """Its latest history record's number: it changes with every save. Empty for one saved before history."""
    latest = succession.history.order_by("-history_id").values_list("history_id", flat=True).first()
    return str(latest or "")


@transaction.atomic
def unit_succession_delete(*, by, succession_id):
    rules_of(by).require_coordinator()
    succession = UnitSuccession.objects.select_for_update().get(pk=succession_id)
    succession._history_user = by
    succession.delete()
