"""The forms of a project's pipeline section: a pledge, an aid agreement, its approval, a disbursement, the
counterpart funds of a year. Amounts and rates are typed the reader's way (AmountField), days as dd/mm/yyyy
(DayField); each form offers only the records of its own project."""
from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from partners.models import NGO
from projects.forms import AmountField, DayField
from projects.models.pipeline import VND, Agreement, Pledge
from projects.models.proposals import PLAUSIBLE_YEARS


class ForeignAmountField(AmountField):
    """An amount in the entry's own currency: two decimals, as the agreement writes cents."""

    invalid_message = _("Enter an amount, e.g. %(example)s.")

    def __init__(self, **kwargs):
        super().__init__(**{"max_digits": 18, "decimal_places": 2, "required": True, "label": _("Amount"), **kwargs})


class RateField(AmountField):
    invalid_message = _("Enter the rate as a number, e.g. %(example)s.")

    def __init__(self, **kwargs):
        super().__init__(**{"max_digits": 14, "decimal_places": 4, "label": _("Rate to VND"),
                            "help_text": _("VND for one unit of the currency; leave empty for VND."), **kwargs})


class MoneyForm(forms.Form):
    """The amount, its currency and the rate that turns it into VND, with the rate's date and source."""

    amount = ForeignAmountField()
    currency = forms.CharField(label=_("Currency"), max_length=3, initial="USD", help_text=_("ISO code: VND, USD, EUR, AUD…"))
    rate_to_vnd = RateField()
    rate_date = DayField(label=_("Date of the rate"))
    rate_source = forms.CharField(label=_("Source of the rate"), max_length=200, required=False)
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def clean(self):
        data = super().clean()
        if (data.get("currency") or "").strip().upper() != VND:
            for name, message in (("rate_to_vnd", _("Enter the rate to VND.")), ("rate_date", _("Enter the date of the rate."))):
                if name in data and data[name] is None:
                    self.add_error(name, message)
        return data

    def money(self):
        return {name: self.cleaned_data[name] for name in ("amount", "currency", "rate_to_vnd", "rate_date", "rate_source", "notes")}


class PledgeForm(MoneyForm):
    """A pledge: from one of the project's expressions of interest (its NGO is the interest's), or from an NGO."""

    interest = forms.ModelChoiceField(label=_("From the expression of interest"), queryset=None, required=False)
    ngo = forms.ModelChoiceField(label=_("NGO"), queryset=NGO.objects.order_by("name_original"), required=False)
    pledged_on = DayField(label=_("Pledged on"), required=True)

    field_order = ["interest", "ngo", "pledged_on", "amount", "currency", "rate_to_vnd", "rate_date", "rate_source", "notes"]

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        # Linked to the registry and not yet pledged: the ones a pledge can come from.
        self.fields["interest"].queryset = project.interests.filter(ngo__isnull=False, pledges__isnull=True).select_related("ngo")
        self.fields["interest"].label_from_instance = lambda interest: f"{interest.ngo} ({interest.received_at:%d/%m/%Y})"

    def clean(self):
        data = super().clean()
        if not data.get("interest") and not data.get("ngo"):
            self.add_error("ngo", _("Choose the NGO, or the expression of interest the pledge comes from."))
        return data


class AgreementForm(MoneyForm):
    ngo = forms.ModelChoiceField(label=_("NGO"), queryset=NGO.objects.order_by("name_original"))
    pledge = forms.ModelChoiceField(label=_("Pledge it follows"), queryset=None, required=False)
    signed_on = DayField(label=_("Signed on"), required=True)

    field_order = ["ngo", "pledge", "signed_on", "amount", "currency", "rate_to_vnd", "rate_date", "rate_source", "notes"]

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pledge"].queryset = Pledge.objects.filter(project=project, agreement__isnull=True).select_related("ngo")
        self.fields["pledge"].label_from_instance = lambda pledge: f"{pledge.ngo} · {pledge.pledged_on:%d/%m/%Y}"


def agreement_label(agreement):
    return f"{agreement.ngo} · {agreement.signed_on:%d/%m/%Y}"


class ApprovalForm(forms.Form):
    agreement = forms.ModelChoiceField(label=_("Aid agreement"), queryset=None)
    decision_number = forms.CharField(label=_("Approving decision number"), max_length=80)
    decision_date = DayField(label=_("Approving decision date"), required=True)
    approval_reference = forms.CharField(
        label=_("Approval under Decree 313/2025/NĐ-CP"), max_length=200, help_text=_("The document approving the aid: its number, date and issuer.")
    )
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, project, **kwargs):  # the same signature as the other forms of the section
        super().__init__(*args, **kwargs)
        self.fields["agreement"].queryset = Agreement.objects.filter(project=project, decision_number="").select_related("ngo")
        self.fields["agreement"].label_from_instance = agreement_label


class DisbursementForm(MoneyForm):
    agreement = forms.ModelChoiceField(label=_("Aid agreement"), queryset=None)
    year = forms.IntegerField(label=_("Year"), min_value=PLAUSIBLE_YEARS[0], max_value=PLAUSIBLE_YEARS[1])

    field_order = ["agreement", "year", "amount", "currency", "rate_to_vnd", "rate_date", "rate_source", "notes"]

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agreement"].queryset = Agreement.objects.filter(project=project).exclude(decision_number="").select_related("ngo")
        self.fields["agreement"].label_from_instance = agreement_label


class CounterpartForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=PLAUSIBLE_YEARS[0], max_value=PLAUSIBLE_YEARS[1])
    planned = AmountField(label=_("Planned (million VND)"), min_value=Decimal(0))
    spent = AmountField(label=_("Spent (million VND)"), min_value=Decimal(0))
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, project, **kwargs):  # the same signature as the other forms of the section
        super().__init__(*args, **kwargs)
