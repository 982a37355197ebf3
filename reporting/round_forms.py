"""Forms of the reporting round: opening a round, and the parts of a unit's annual report."""
import datetime
from functools import cached_property

from django import forms
from django.core.exceptions import ValidationError
from django.forms.models import construct_instance
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from partners.models import NGO
from projects.amounts import NotANumber, format_amount, parse_number
from projects.forms import AmountField, AmountInput, DayField
from projects.lifecycle import IN_A_YEAR
from projects.models import Programme, Project
from reporting.attachments import checked_kind
from reporting.models import AnnualReport, ReportLine, ReportNGO
from reporting.models.contents import FOREIGN_AMOUNTS, VND, currency_unit
from reporting.models.rounds import PROVINCE_TZ

CURRENCIES = ["VND", "USD", "EUR", "AUD", "GBP", "JPY", "KRW", "CHF", "CAD", "NZD", "SEK", "NOK", "DKK", "SGD", "THB", "CNY", "TWD"]


def end_of_day(day):
    """The last instant of ``day`` in the province, whatever the server's time zone."""
    return datetime.datetime.combine(day, datetime.time.max, tzinfo=PROVINCE_TZ) if day else None


class RoundForm(forms.Form):
    programme = forms.ModelChoiceField(label=gettext_lazy("Programme"), queryset=Programme.objects.all(), empty_label=None)
    year = forms.IntegerField(label=gettext_lazy("year"), min_value=2000, max_value=2100)
    deadline = DayField(
        label=gettext_lazy("deadline"),
        help_text=gettext_lazy("Empty: 20 December of the year. The report is due by 23:59 of that day, Vietnam time."),
    )
    grace_days = forms.IntegerField(label=gettext_lazy("grace period (days)"), min_value=0, max_value=60, initial=0)
    reminders = forms.CharField(label=gettext_lazy("reminders (days before the deadline)"), initial="14, 7, 1, 0")

    def clean_reminders(self):
        try:
            days = sorted({int(part) for part in self.cleaned_data["reminders"].replace(";", ",").split(",") if part.strip()}, reverse=True)
        except ValueError:
            raise ValidationError(_("Write whole numbers of days separated by commas, e.g. 14, 7, 1, 0.")) from None
        if any(d < 0 or d > 90 for d in days):
            raise ValidationError(_("Each reminder is between 0 and 90 days before the deadline."))
        return days

    def clean(self):
        data = super().clean()
        day, year = data.get("deadline"), data.get("year")
        if day and year and day.year < year:
            # A late round (a year caught up on afterwards) is allowed; a deadline before the year it reports on is not.
            self.add_error("deadline", _("The deadline of the %(year)s round cannot fall before %(year)s.") % {"year": year})
        return data

    def deadline_moment(self):
        return end_of_day(self.cleaned_data.get("deadline"))


class StepForm(forms.Form):
    """The coordinator's comment on a step, and the day a report is reopened until (the end of that day,
    Vietnam time). ``open_until`` is the moment a report still open for writing closes: a week later is offered,
    never a day that would close the report sooner."""

    comment = forms.CharField(label=gettext_lazy("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    until = DayField(label=gettext_lazy("The unit may correct it until"))

    def __init__(self, *args, open_until=None, **kwargs):
        super().__init__(*args, **kwargs)
        # A week after the day the report is open until (or after today): a day the form accepts as it stands.
        start = open_until.astimezone(PROVINCE_TZ).date() if open_until else timezone.now().astimezone(PROVINCE_TZ).date()
        self.fields["until"].initial = start + datetime.timedelta(days=7)

    def until_moment(self):
        return end_of_day(self.cleaned_data.get("until"))

    def refuse(self, error):
        """Put a service's refusal on the fields it names (its ``reason`` is this form's comment), and send the
        cursor to the first field in error: the form sits at the foot of a long page."""
        if hasattr(error, "error_dict"):
            error = ValidationError({{"reason": "comment"}.get(name, name): errors for name, errors in error.error_dict.items()})
        self.add_error(None, error)
        for name in self.errors:
            if name in self.fields:
                self.fields[name].widget.attrs["autofocus"] = True
                break


class NarrativeForm(forms.ModelForm):
    class Meta:
        model = AnnualReport
        fields = ["results", "difficulties", "proposals"]
        widgets = {name: forms.Textarea(attrs={"rows": 5}) for name in fields}


class UnitInput(AmountInput):
    """An amount with its unit printed beside it. ``pattern`` names the unit from the line's currency
    ("{currency}"), and report_form.js follows a change of currency with it; ``vnd`` is the unit for VND."""

    def __init__(self, unit="", *, pattern="", vnd="", attrs=None):
        super().__init__(attrs)
        self.unit, self.pattern, self.vnd = unit, pattern, vnd

    def render(self, name, value, attrs=None, renderer=None):
        field = super().render(name, value, attrs, renderer)
        if self.pattern:
            return format_html(
                '<span class="with-unit">{}<span class="unit" data-unit-pattern="{}" data-unit-vnd="{}">{}</span></span>',
                field, self.pattern, self.vnd, self.unit,
            )
        return format_html('<span class="with-unit">{}<span class="unit">{}</span></span>', field, self.unit)


class ForeignAmountField(AmountField):
    """An amount in the line's own currency (đồng for a VND line, never million VND)."""

    invalid_message = gettext_lazy("Enter an amount in the line's currency, e.g. %(example)s.")

    def __init__(self, **kwargs):
        super().__init__(max_digits=18, decimal_places=2, widget=UnitInput(pattern="{currency}"), **kwargs)


class CountField(forms.IntegerField):
    """A number of people typed the way the user's language groups digits: 1.200 in Vietnamese, 1,200 in English.

    Django alone would read the Vietnamese "1.000" as one.
    """

    widget = AmountInput

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("min_value", 0)
        super().__init__(**kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            number = parse_number(value, get_language(), whole=True)
        except NotANumber:
            raise ValidationError(_("Enter a whole number, e.g. %(example)s.") % {"example": format_amount(1200)}, code="invalid") from None
        return None if number is None else int(number)


class LoadedChoiceField(forms.ModelChoiceField):
    """A row of the formset's own queryset, found among the rows already read instead of by a query per form."""

    def __init__(self, objects, **kwargs):
        self.objects = objects
        super().__init__(queryset=None, **kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            return self.objects[int(value)]
        except (KeyError, TypeError, ValueError):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice") from None


class LoadedFormSet(forms.BaseModelFormSet):
    """A model formset whose forms check their row ids against the queryset read once: a constant number of
    queries per page however many rows, and an id from another report is refused, not taken for a new row."""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        current = form.fields[self._pk_field.name]
        form.fields[self._pk_field.name] = LoadedChoiceField(self._loaded, initial=current.initial, required=False, widget=forms.HiddenInput)

    @cached_property
    def _loaded(self):
        """{pk: row} of the queryset, made once: made for each form, a report of 2,000 lines spent 2 s on it."""
        return {row.pk: row for row in self.get_queryset()}

    def _existing_object(self, pk):
        try:
            return self._loaded.get(int(pk))
        except (TypeError, ValueError):
            return None


class LineForm(forms.ModelForm):
    """A project's line in the report; the project itself is shown, not chosen."""

    currency = forms.ChoiceField(label=gettext_lazy("currency"), choices=[(c, c) for c in CURRENCIES], initial=VND)
    rate_to_vnd = AmountField(
        label=gettext_lazy("rate to VND"), max_digits=14, decimal_places=4, help_text=gettext_lazy("VND for one unit of the currency."),
        widget=UnitInput(pattern=gettext_lazy("VND per {currency}")),
    )
    rate_date = DayField(label=gettext_lazy("date of the rate"))
    committed_year = ForeignAmountField(label=gettext_lazy("aid committed in the year"))
    disbursed_year = ForeignAmountField(label=gettext_lazy("aid disbursed in the year"))
    committed_total = ForeignAmountField(label=gettext_lazy("aid committed to date"))
    disbursed_total = ForeignAmountField(label=gettext_lazy("aid disbursed to date"))
    counterpart_spent = AmountField(label=gettext_lazy("counterpart funds spent in the year"), widget=UnitInput(gettext_lazy("million VND")))
    beneficiaries = CountField(label=gettext_lazy("beneficiaries"), widget=UnitInput(gettext_lazy("people")))

    class Meta:
        model = ReportLine
        fields = list(ReportLine.EDITABLE_FIELDS)
        widgets = {
            "results": forms.Textarea(attrs={"rows": 2}),
            "difficulties": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A project in the bank cannot be a draft or a proposal in a year it is reported on.
        self.fields["status"].choices = [("", "---------"), *((value, label) for value, label in Project.Status.choices if value in IN_A_YEAR)]
        currency = (self.data.get(self.add_prefix("currency")) if self.is_bound else None) or self.instance.currency or VND
        for name in (*FOREIGN_AMOUNTS, "rate_to_vnd"):
            widget = self.fields[name].widget
            widget.vnd = currency_unit(VND) if name != "rate_to_vnd" else ""
            widget.unit = "" if name == "rate_to_vnd" and currency == VND else str(widget.pattern).format(currency=currency_unit(currency))

    def clean(self):
        data = super().clean()
        for year_field, total_field in (("committed_year", "committed_total"), ("disbursed_year", "disbursed_total")):
            in_year, to_date = data.get(year_field), data.get(total_field)
            if in_year is not None and to_date is not None and to_date < in_year:
                self.add_error(total_field, _("The amount to date cannot be smaller than the amount of the year."))
        rate = data.get("rate_to_vnd")
        if data.get("currency") == VND and rate not in (None, 1):
            self.add_error("rate_to_vnd", _("Amounts in VND need no rate; leave it empty."))
        if rate is not None and rate <= 0:
            self.add_error("rate_to_vnd", _("A rate is greater than zero."))
        day = data.get("rate_date")
        if day and day > timezone.localdate():
            self.add_error("rate_date", _("The rate's date cannot be in the future."))
        return data

    def _post_clean(self):
        # clean() enforces the line's rules and the database keeps them; the model's own constraint checks
        # would add eight queries per line to every save of the page.
        self.instance = construct_instance(self, self.instance, self._meta.fields, self._meta.exclude)

    def service_fields(self):
        return {name: self.cleaned_data.get(name) for name in ReportLine.EDITABLE_FIELDS}


class NGOForm(forms.ModelForm):
    class Meta:
        model = ReportNGO
        fields = ["ngo", "proposed_name", "proposed_country", "activities"]
        widgets = {"activities": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, ngo_choices=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ngo"].required = False
        self.fields["activities"].required = False
        if ngo_choices is not None:
            # One list for every form of the page, instead of one query per form.
            self.fields["ngo"].choices = ngo_choices

    def clean(self):
        data = super().clean()
        if data.get("DELETE"):
            return data
        ngo, proposed = data.get("ngo"), (data.get("proposed_name") or "").strip()
        if ngo and proposed:
            self.add_error("proposed_name", _("Choose an NGO from the registry or name a new one, not both."))
        elif not ngo and not proposed:
            self.add_error("ngo", _("Choose an NGO from the registry, or name a new one."))
        if not (data.get("activities") or "").strip():
            self.add_error("activities", _("Say what the NGO did with the unit this year."))
        return data

    def _post_clean(self):
        # clean() and the formset's clean() enforce what the constraints say; no query per row (see LineForm).
        self.instance = construct_instance(self, self.instance, self._meta.fields, self._meta.exclude)

    def service_entry(self):
        data = self.cleaned_data
        return {
            "id": self.instance.pk,
            "delete": bool(data.get("DELETE")),
            "ngo": data.get("ngo"),
            "proposed_name": data.get("proposed_name", ""),
            "proposed_country": data.get("proposed_country", ""),
            "activities": data.get("activities", ""),
        }


class BaseNGOFormSet(LoadedFormSet):
    def __init__(self, *args, **kwargs):
        self.ngo_choices = [("", "---------"), *((ngo.pk, str(ngo)) for ngo in NGO.objects.order_by("name_original"))]
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "ngo_choices": self.ngo_choices}

    def clean(self):
        super().clean()
        seen = set()
        for form in self.forms:
            if not hasattr(form, "cleaned_data") or form.cleaned_data.get("DELETE"):
                continue
            ngo = form.cleaned_data.get("ngo")
            if ngo and ngo.pk in seen:
                form.add_error("ngo", _("This NGO is listed twice."))
            if ngo:
                seen.add(ngo.pk)

    def service_entries(self):
        return [form.service_entry() for form in self.forms if form.has_changed() or form.instance.pk]


LineFormSet = forms.modelformset_factory(ReportLine, form=LineForm, formset=LoadedFormSet, extra=0, can_delete=False)
NGOFormSet = forms.modelformset_factory(ReportNGO, form=NGOForm, formset=BaseNGOFormSet, extra=1, can_delete=True)


class AttachmentForm(forms.Form):
    attachment = forms.FileField(label=gettext_lazy("Attach a file"), required=False, help_text=gettext_lazy("PDF, Word (.docx), Excel (.xlsx) or a picture (.png, .jpg)."))

    def clean_attachment(self):
        upload = self.cleaned_data.get("attachment")
        if upload:
            checked_kind(upload)
        return upload
