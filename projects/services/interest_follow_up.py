"""The coordinator's follow-up of NGOs' expressions of interest: marking where each stands, and linking the
organisation to the NGO registry (creating it there when it is new).

The public form writes an expression of interest (projects/services/interests.py); only a coordinator changes it
afterwards. Each write checks the role, locks the row, runs in one transaction and leaves a version in the
interest's history (and, for an NGO created here, in the registry's) with its author.
"""
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from partners.models import NGO
from partners.roles import rules_of
from projects.models import Interest
from socaid.text import fold

NGO_CODE_LENGTH = 80


def _locked(interest, by):
    rules_of(by).require_coordinator()
    return Interest.objects.select_for_update().get(pk=interest.pk)


def _saved(record, by, reason):
    record._history_user = by
    record._change_reason = reason  # a message id: the history shows it in each reader's language
    record.save()
    return record


@transaction.atomic
def interest_mark(*, interest, state, note, by):
    """Where the follow-up stands (Interest.State) and the coordinator's note on it."""
    interest = _locked(interest, by)
    if state not in Interest.State.values:
        raise ValidationError({"state": _("Choose one of the states offered.")})
    interest.state = state
    interest.state_note = (note or "").strip()
    interest.updated_by = by
    return _saved(interest, by, gettext_noop("State marked"))


@transaction.atomic
def interest_link_ngo(*, interest, ngo=None, create=False, by):
    """Point the expression of interest to ``ngo`` of the registry, or, with ``create``, to a new registry record
    made from what the NGO typed (its name as the organisation writes it, its country). Creating refuses a name the
    registry already holds, diacritics and case aside: that NGO is to be chosen, not entered twice."""
    interest = _locked(interest, by)
    if (ngo is None) == (not create):
        raise ValidationError(_("Choose an NGO of the registry, or create it from what was typed, not both."))
    if create:
        same = same_name_ngos(interest.organisation_name)
        if same:
            raise ValidationError(
                _("The registry already has %(ngo)s under this name: choose it instead of creating it again.") % {"ngo": same[0]}
            )
        ngo = NGO(
            code=unique_ngo_code(interest.organisation_name),
            name_original=interest.organisation_name.strip(),
            country=interest.country,
            kind=NGO.Kind.NGO,
            relationship=NGO.Relationship.PROSPECTIVE,
        )
        _saved(ngo, by, gettext_noop("Created from an expression of interest"))
    interest.ngo = ngo
    interest.updated_by = by
    return _saved(interest, by, gettext_noop("Linked to the NGO registry"))


def ngo_names(ngo):
    return [fold(name) for name in (ngo.name_original, ngo.name, ngo.name_en) if name]


def same_name_ngos(typed, ngos=None):
    """The registry's NGOs with exactly the typed name, diacritics and case aside."""
    folded = fold(typed)
    ngos = NGO.objects.only("code", "name_original", "name", "name_en", "acronym") if ngos is None else ngos
    return [ngo for ngo in ngos if folded in ngo_names(ngo)]


def suggested_ngos(typed, ngos):
    """The NGOs of ``ngos`` whose name matches the typed one, diacritics and case aside: the same name, one within
    the other ("Save the Children" in "Save the Children International"), or the typed name being the acronym."""
    folded = fold(typed)
    if not folded:
        return []
    found = []
    for ngo in ngos:
        names = ngo_names(ngo)
        if any(folded == name or (len(folded) > 3 and (folded in name or name in folded)) for name in names) or (
            ngo.acronym and fold(ngo.acronym) == folded
        ):
            found.append(ngo)
    return found


def unique_ngo_code(name):
    """A registry code from the name (mekong-green-futures), numbered on when taken (…-2)."""
    base = slugify(fold(name))[: NGO_CODE_LENGTH - 4].strip("-") or "ngo"
    taken = set(NGO.objects.filter(code__startswith=base).values_list("code", flat=True))
    code, number = base, 1
    while code in taken:
        number += 1
        code = f"{base}-{number}"
    return code
