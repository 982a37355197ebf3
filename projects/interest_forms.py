"""The coordinator's forms for expressions of interest (the list's filters, marking, linking to the registry) and
for the USD rate."""
import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from partners.models import NGO
from projects.amounts import NotANumber, format_amount, parse_number
from projects.forms import DayField
from projects.models import Interest, Programme, Project
from socaid.province_time import PROVINCE_TZ


class InterestFilterForm(forms.Form):
    q = forms.CharField(label=_("Organisation or e-mail"), required=False, max_length=200)
    state = forms.ChoiceField(label=_("State"), required=False, choices=[("", _("All states")), *Interest.State.choices])
    programme = forms.ModelChoiceField(label=_("Programme"), queryset=Programme.objects.all(), required=False, empty_label=_("All programmes"))
    project = forms.ModelChoiceField(
        label=_("Project"), required=False,
        queryset=Project.objects.filter(interests__isnull=False).distinct().select_related("sector").order_by("-programme__start_year", "sector__position", "position"),
        empty_label=_("All projects"),
    )
    received_from = DayField(label=_("Received from"))
    received_to = DayField(label=_("to"))

    def apply(self, interests):
        """The interests narrowed by every valid filter; an invalid one is ignored and shown with its error."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        if data.get("state"):
            interests = interests.filter(state=data["state"])
        if data.get("programme"):
            interests = interests.filter(project__programme=data["programme"])
        if data.get("project"):
            interests = interests.filter(project=data["project"])
        # Days of the province: an interest received at 23:30 on the 1st there is the 1st's, whatever UTC says.
        if data.get("received_from"):
            interests = interests.filter(received_at__gte=_start_of(data["received_from"]))
        if data.get("received_to"):
            interests = interests.filter(received_at__lt=_start_of(data["received_to"] + datetime.timedelta(days=1)))
        if data.get("q"):
            text = data["q"].strip()
            interests = interests.filter(Q(organisation_name__icontains=text) | Q(email__icontains=text) | Q(ngo__name_original__icontains=text))
        return interests


def _start_of(day):
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=PROVINCE_TZ)


class InterestMarkForm(forms.Form):
    state = forms.ChoiceField(label=_("State"), choices=Interest.State.choices)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
                           help_text=_("What was agreed or said; kept in the history with the state."))


class InterestLinkForm(forms.Form):
    ngo = forms.ModelChoiceField(label=_("NGO in the registry"), queryset=NGO.objects.order_by("name_original"), required=False)
    create = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def clean(self):
        data = super().clean()
        if not data.get("create") and data.get("ngo") is None and not self.errors:
            raise ValidationError(_("Choose an NGO of the registry."))
        return data


class RateField(forms.CharField):
    """VND per USD typed the reader's way: 26.150 in Vietnamese, 26,150 in English."""

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return None
        try:
            return parse_number(value, get_language(), places=2, largest=10**10)
        except NotANumber:
            raise ValidationError(
                _("Enter the rate as a number of dong for one dollar, e.g. %(example)s.") % {"example": format_amount(26150)}, code="invalid"
            ) from None


class UsdRateForm(forms.Form):
    vnd_per_usd = RateField(label=_("VND per USD"), required=False, widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "amount"}))
    valid_on = DayField(label=_("Rate of the day"))
    source = forms.CharField(label=_("Source"), max_length=200, required=False,
                             help_text=_("E.g. the State Bank of Vietnam's central rate, or Vietcombank's selling rate."))
