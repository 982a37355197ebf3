"""Forms of the administrative units' pages: the list's filters and a succession recorded from a unit's page."""
import datetime
import re

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from partners.models import AdministrativeUnit, UnitSuccession
from partners.services import ACT_DATE_REQUIRED, ACT_REQUIRED, succession_version
from partners.unit_choices import natural_order, unit_choices
from socaid.text import fold

ONE_DAY = datetime.timedelta(days=1)
IN_FORCE_ON, ENDED = "on", "ended"


class UnitFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    level = forms.TypedChoiceField(label=_("Level"), choices=[("", _("All levels")), *AdministrativeUnit.Level.choices], coerce=int, required=False, empty_value=None)
    parent = forms.ModelChoiceField(label=_("Within"), queryset=AdministrativeUnit.objects.all(), required=False)
    validity = forms.ChoiceField(
        label=_("Validity"), required=False,
        choices=[("", _("All units")), (IN_FORCE_ON, _("In force on the date below")), (ENDED, _("Ended"))],
    )
    on = forms.DateField(label=_("Date"), required=False, localize=True, widget=forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"}), help_text=_("Today when empty."))
    no_successor = forms.BooleanField(label=_("Ended, with no successor recorded"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Only units that have units under them are places to look within.
        parents = AdministrativeUnit.objects.filter(level__lt=AdministrativeUnit.Level.COMMUNE).select_related("parent")
        self.fields["parent"].widget.choices = [("", _("Anywhere")), *unit_choices(parents)]

    def day(self):
        return self.cleaned_data.get("on") or timezone.localdate()

    def apply(self, units):
        """The units that pass every valid filter; an invalid one is ignored and reported by the form."""
        self.is_valid()
        data = self.cleaned_data
        if data.get("level"):
            units = units.filter(level=data["level"])
        if data.get("parent"):
            units = units.filter(Q(parent=data["parent"]) | Q(parent__parent=data["parent"]))
        if data.get("validity") == IN_FORCE_ON and "on" not in self.errors:  # a mistyped date is not taken for today
            units = units.valid_on(self.day())
        elif data.get("validity") == ENDED:
            units = units.filter(valid_to__isnull=False)
        if data.get("no_successor"):
            units = units.without_successor()
        return units

    def rows(self, units):
        """The filtered units in the order a reader looks for them: by level, then under their parent, the units
        in force before those that ended, in alphabetical order with numbered wards in number order. Searching
        folds the text in Python: a province's units are a few hundred rows, read in one query anyway."""
        found = list(self.apply(units))
        words = fold(self.cleaned_data.get("q") or "").split()
        if words:
            found = [unit for unit in found if _matches(unit, words)]
        return sorted(found, key=lambda unit: (unit.level, natural_order(unit.parent.name) if unit.parent else "", unit.valid_to is not None, natural_order(unit.name)))


def _matches(unit, words):
    """Every word found in the unit's names or codes, without diacritics; a number only as a whole one, so that
    "phường 3" does not find Phường 1 through its official code 31522."""
    text = fold(" ".join([unit.name, unit.name_en, unit.code, unit.gso_code]))
    numbers = set(re.findall(r"\d+", text))
    return all(word in numbers if word.isdigit() else word in text for word in words)


class SuccessionForm(forms.Form):
    """A succession seen from one unit's page: the unit at its other end is chosen among the units in force on
    that side of the effective date, the act and its date are required."""

    other = forms.ModelChoiceField(label=_("Unit"), queryset=AdministrativeUnit.objects.all())
    extent = forms.ChoiceField(label=_("Extent"), choices=UnitSuccession.Extent.choices, initial=UnitSuccession.Extent.WHOLE, widget=forms.RadioSelect)
    kind = forms.ChoiceField(label=_("Kind"), choices=UnitSuccession.Kind.choices, initial=UnitSuccession.Kind.MERGED)
    effective_on = forms.DateField(label=_("Effective on"), localize=True, widget=forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"}))
    legal_act = forms.CharField(label=_("Legal act"), max_length=300, error_messages={"required": ACT_REQUIRED}, widget=forms.Textarea(attrs={"rows": 2}), help_text=_("Its number, date, issuer and title, e.g. Resolution 1668/NQ-UBTVQH15 of 16/6/2025."))
    act_date = forms.DateField(label=_("Date of the act"), localize=True, error_messages={"required": ACT_DATE_REQUIRED}, widget=forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"}))
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    version = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, unit, other_side, succession=None, **kwargs):
        """``other_side`` is "successor" when ``unit`` is the predecessor, else "predecessor"."""
        if succession is not None:
            kwargs.setdefault("initial", {}).update(
                other=getattr(succession, f"{other_side}_id"), extent=succession.extent, kind=succession.kind,
                effective_on=succession.effective_on, legal_act=succession.legal_act, act_date=succession.act_date, notes=succession.notes,
                version=succession_version(succession),
            )
        else:
            kwargs.setdefault("initial", {}).update(effective_on=_likely_day(unit, other_side))
        super().__init__(*args, **kwargs)
        self.unit, self.other_side = unit, other_side
        self.fields["other"].label = _("Successor") if other_side == "successor" else _("Predecessor")
        self.fields["other"].queryset = AdministrativeUnit.objects.exclude(pk=unit.pk)
        self.fields["other"].widget.choices = [("", _("Choose a unit")), *unit_choices(self._offered())]
        day = self._effective_day()
        if day is not None:
            self.fields["other"].help_text = (
                _("Units in force on %(day)s, the day the succession takes effect.") if other_side == "successor"
                else _("Units in force on %(day)s, the day before the succession takes effect.")
            ) % {"day": date_format(day if other_side == "successor" else day - ONE_DAY, "SHORT_DATE_FORMAT")}

    def _effective_day(self):
        if self.is_bound:
            try:
                return self.fields["effective_on"].clean(self.data.get("effective_on"))
            except ValidationError:
                return None
        return self.initial.get("effective_on")

    def _offered(self):
        """The units in force on the other side of the effective date, and the one already chosen whatever its
        dates (so that a choice is never silently lost)."""
        units = AdministrativeUnit.objects.exclude(pk=self.unit.pk).select_related("parent")
        day = self._effective_day()
        if day is None:
            return units
        chosen = self.data.get("other") if self.is_bound else self.initial.get("other")
        side_day = day if self.other_side == "successor" else day - ONE_DAY
        in_force = Q(valid_from__isnull=True) | Q(valid_from__lte=side_day), Q(valid_to__isnull=True) | Q(valid_to__gte=side_day)
        offered = Q(*in_force)
        if str(chosen or "").isdigit():
            offered |= Q(pk=int(chosen))
        return units.filter(offered)

    def values(self):
        """The succession's fields as the services take them."""
        data = self.cleaned_data
        ends = {self.other_side: data["other"], "predecessor" if self.other_side == "successor" else "successor": self.unit}
        return ends | {name: data[name] for name in ("kind", "extent", "effective_on", "legal_act", "act_date", "notes")}

    def saw_version(self, version):
        """After a refusal for a change made meanwhile: the next save replaces that change knowingly."""
        self.data = self.data.copy()
        self.data["version"] = version

    def add_service_errors(self, error):
        """The service's refusal on the fields a user can change: the other unit, or the effective date where
        the message is about this unit's own dates."""
        own_side = "successor" if self.other_side == "predecessor" else "predecessor"
        for field, messages in error.message_dict.items():
            target = {self.other_side: "other", own_side: "effective_on", NON_FIELD_ERRORS: None}.get(field, field)
            for message in messages:
                self.add_error(target if target in self.fields or target is None else None, message)


def _likely_day(unit, other_side):
    """The effective date a new succession most likely has: the day after the unit ended, or the day it began."""
    if other_side == "successor":
        return unit.valid_to + ONE_DAY if unit.valid_to else None
    return unit.valid_from
