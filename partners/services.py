"""The coordinator's writes to administrative units (who took over from whom) and to the NGO registry.

The loaded data tells only part of the 2025 reform (partners/unit_data.py); the coordinator adds, changes and
deletes successions, each with the act that decided it as its basis. Every write checks the role, runs in one
transaction and is kept in the succession's history with its author. The import of successions
(projects/imports/resources.py) checks its rows with ``succession_errors`` too, so a file and the browser refuse
the same things with the same words.
"""
import datetime

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partners.models import NGO, NGOContact, NGORegistration, NGOSecurityOpinion, UnitSuccession
from partners.ngo_access import registry_access
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


# The NGO registry (issue 15): the coordinator keeps NGOs, their contacts and their Decree 58/2022/NĐ-CP
# certificates; a renewal is a new certificate that names the one it renews. Each write checks the role, runs in
# one transaction and leaves a history record with its author (simple-history).

NGO_FIELDS = ["code", "name_original", "name", "name_en", "acronym", "kind", "country", "website", "relationship", "description", "description_en", "notes"]
NGO_M2M = ["fields", "areas"]
CONTACT_FIELDS = ["office", "name", "position", "address", "email", "phone", "is_primary"]
REGISTRATION_FIELDS = ["kind", "number", "issuer", "issued_on", "expires_on", "notes"]
REGISTRATION_M2M = ["provinces", "fields"]


def _apply(instance, values, names, by):
    for name in names:
        if name in values:
            setattr(instance, name, values[name])
    instance.full_clean()
    instance._history_user = by
    instance.save()


def _set_m2m(instance, values, names):
    for name in names:
        if name in values:
            getattr(instance, name).set(values[name])


@transaction.atomic
def ngo_save(*, by, values, ngo=None):
    """Create an NGO (``ngo`` None) or change one, with its fields of work and areas of interest."""
    rules_of(by).require_coordinator()
    if ngo is not None:
        ngo = NGO.objects.select_for_update().get(pk=ngo.pk)
    else:
        ngo = NGO()
    _apply(ngo, values, NGO_FIELDS, by)
    _set_m2m(ngo, values, NGO_M2M)
    return ngo


@transaction.atomic
def ngo_contact_save(*, by, ngo, values, contact=None):
    rules_of(by).require_coordinator()
    if contact is not None and contact.ngo_id != ngo.pk:
        raise ValueError("contact of another NGO")
    contact = contact or NGOContact(ngo=ngo)
    _apply(contact, values, CONTACT_FIELDS, by)
    return contact


def _registration_saved(registration, values, by):
    _apply(registration, values, REGISTRATION_FIELDS, by)
    _set_m2m(registration, values, REGISTRATION_M2M)
    return registration


@transaction.atomic
def ngo_registration_record(*, by, ngo, values):
    """A certificate the NGO holds, as the Ministry of Foreign Affairs issued it. full_clean() runs the model's
    rules: it expires after its issue, and within 3 years (operation) or 5 (representative office)."""
    rules_of(by).require_coordinator()
    return _registration_saved(NGORegistration(ngo=ngo), values, by)


@transaction.atomic
def ngo_registration_change(*, by, registration, values):
    """Correct a certificate as recorded (a typing error); a new certificate is a renewal, not a change."""
    rules_of(by).require_coordinator()
    registration = NGORegistration.objects.select_for_update().get(pk=registration.pk)
    return _registration_saved(registration, values, by)


@transaction.atomic
def ngo_registration_renew(*, by, registration, values):
    """Record the certificate that renews ``registration``: a new one for the same NGO, issued no earlier than the
    one it renews. Refused when the certificate has already been renewed (the chain has no branches)."""
    rules_of(by).require_coordinator()
    renewed = NGORegistration.objects.select_for_update().get(pk=registration.pk)
    if NGORegistration.objects.filter(renews=renewed).exists():
        raise ValidationError(_("This certificate has already been renewed: renew the latest one."))
    issued_on = values.get("issued_on")
    if issued_on is not None and issued_on < renewed.issued_on:
        raise ValidationError({"issued_on": _("A renewal cannot be issued before the certificate it renews (%(day)s).") % {"day": _day(renewed.issued_on)}})
    return _registration_saved(NGORegistration(ngo_id=renewed.ngo_id, renews=renewed), values, by)


@transaction.atomic
def ngo_security_opinion_record(*, by, ngo, given_by, given_on, verdict, text, reference=""):
    """The police's appraisal opinion on the NGO, recorded by a police reviewer for their own body or by the
    coordinator from the police's letter."""
    access = registry_access(by)
    if not access.police_organisations().filter(pk=given_by.pk).exists():
        raise PermissionDenied
    opinion = NGOSecurityOpinion(ngo=ngo, given_by=given_by, given_on=given_on, verdict=verdict, text=text.strip(), reference=reference.strip(), recorded_by=by)
    opinion.full_clean()
    opinion._history_user = by
    opinion.save()
    return opinion
