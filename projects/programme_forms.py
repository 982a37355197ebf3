"""The form that starts the next programme: its act, its sectors and its targets."""
from django import forms
from django.utils.translation import gettext_lazy as _

from partners.models import ActivityField, AdministrativeUnit, Organisation
from projects.forms import AmountField, DayField
from projects.models import Programme, ProgrammeTarget, Sector
from projects.models.proposals import PLAUSIBLE_YEARS
from socaid.bilingual import in_language

PROVINCIAL = {"admin_unit__level": AdministrativeUnit.Level.PROVINCE}


class ProgrammeForm(forms.Form):
    """The act that issues the programme. Which bodies could issue or coordinate it on its day is the service's
    rule (projects.services.programmes); the lists offer every provincial body of the kind, the ended ones marked."""

    number = forms.CharField(label=_("Document number"), max_length=60, help_text=_("As the act is numbered, e.g. 05/CTr-UBND."))
    issued_on = DayField(label=_("Issued on"), required=True)
    issuer = forms.ModelChoiceField(
        label=_("Issued by"), queryset=Organisation.objects.filter(kind=Organisation.Kind.PEOPLES_COMMITTEE, **PROVINCIAL)
    )
    province = forms.ModelChoiceField(
        label=_("Province or city"), queryset=AdministrativeUnit.objects.filter(level=AdministrativeUnit.Level.PROVINCE)
    )
    coordinator = forms.ModelChoiceField(
        label=_("Coordinating department"), queryset=Organisation.objects.filter(kind=Organisation.Kind.DEPARTMENT, **PROVINCIAL)
    )
    title = forms.CharField(label=_("Title"), max_length=400, widget=forms.Textarea(attrs={"rows": 2}))
    title_en = forms.CharField(label=_("Title in English"), max_length=400, required=False, widget=forms.Textarea(attrs={"rows": 2}))
    start_year = forms.IntegerField(label=_("First year"), min_value=PLAUSIBLE_YEARS[0], max_value=PLAUSIBLE_YEARS[1])
    end_year = forms.IntegerField(label=_("Last year"), min_value=PLAUSIBLE_YEARS[0], max_value=PLAUSIBLE_YEARS[1])
    predecessor = forms.ModelChoiceField(label=_("Previous programme"), queryset=Programme.objects.all(), required=False)
    aims = forms.CharField(
        label=_("Aims in brief"), required=False, widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("For the public pages: what the programme seeks, in a few paragraphs."),
    )
    aims_en = forms.CharField(label=_("Aims in brief, in English"), required=False, widget=forms.Textarea(attrs={"rows": 5}))


class SectorRowForm(forms.Form):
    position = forms.IntegerField(label=_("Position"), min_value=1, max_value=99)
    numeral = forms.CharField(label=_("Numeral"), max_length=8)
    name = forms.CharField(label=_("Name"), max_length=300)
    name_en = forms.CharField(label=_("Name in English"), max_length=300, required=False)
    field = forms.ChoiceField(
        label=_("Field of activity"), required=False, help_text=_("Projects taken over land in the sector of their field.")
    )
    dac_code = forms.CharField(
        label=_("DAC 5 purpose code"), required=False, max_length=5, validators=Sector._meta.get_field("dac_code").validators,
        help_text=_("The OECD DAC 5-digit purpose code this sector maps to, for the IATI file; empty if none fits."),
    )

    def __init__(self, *args, fields_of_activity=(), **kwargs):
        """``fields_of_activity``: read once for every row, so that the page's queries do not grow with its rows."""
        super().__init__(*args, **kwargs)
        self.activity = {str(field.pk): field for field in fields_of_activity}
        self.fields["field"].choices = [("", "---------"), *((pk, in_language(field, "name")) for pk, field in self.activity.items())]
        if isinstance(self.initial.get("field"), ActivityField):
            self.initial["field"] = str(self.initial["field"].pk)

    def clean_field(self):
        return self.activity.get(self.cleaned_data["field"])


class TargetValueField(AmountField):
    """A target's figure (25 NGOs), typed and shown the way the user's language writes numbers, as amounts are."""

    invalid_message = _("Enter a number, e.g. %(example)s.")


class TargetRowForm(forms.Form):
    position = forms.IntegerField(label=_("Position"), min_value=1, max_value=99)
    # Initial values as the model's defaults: the empty row shows them and, left so, adds nothing.
    indicator = forms.ChoiceField(label=_("Indicator"), choices=ProgrammeTarget.Indicator.choices, initial=ProgrammeTarget.Indicator.OTHER)
    comparison = forms.ChoiceField(label=_("Comparison"), choices=ProgrammeTarget.Comparison.choices, initial=ProgrammeTarget.Comparison.AT_LEAST)
    value = TargetValueField(label=_("Target value"))
    target_year = forms.IntegerField(label=_("By the year"), required=False, min_value=PLAUSIBLE_YEARS[0], max_value=PLAUSIBLE_YEARS[1])
    text = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 2}))
    text_en = forms.CharField(label=_("Text in English"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


# One empty row to add a sector or a target; a ticked "delete" removes one. Both work without a script.
SectorFormSet = forms.formset_factory(SectorRowForm, extra=1, can_delete=True)
TargetFormSet = forms.formset_factory(TargetRowForm, extra=1, can_delete=True)


def kept_rows(formset):
    """The rows the user kept: filled in and not ticked for deletion."""
    return [
        {name: value for name, value in form.cleaned_data.items() if name != "DELETE"}
        for form in formset.forms
        if form.cleaned_data and not form.cleaned_data.get("DELETE")
    ]
