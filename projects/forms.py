"""Forms of the project bank pages: the list's filters, the project form and its budget lines, workflow steps."""
from decimal import Decimal

from django import forms
from django.utils import timezone
from django.db.models import Exists, F, OuterRef
from django.db.models.functions import Round
from django.core.exceptions import ValidationError
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from partners.models import NGO, AdministrativeUnit, Organisation
from partners.localities import Basis, basis_choices, chosen_basis
from partners.reference import Reference, made_once
from partners.unit_choices import unit_choices
from projects.amounts import NotANumber, format_amount, parse_number
from projects.models import BudgetLine, Programme, Project, ProjectEvent, Sector
from projects.models.proposals import PLAUSIBLE_YEARS
from socaid.widgets import LazyChoices, QuickCheckbox, QuickInput, QuickNumber, QuickSelect, RenderedChoices


class AmountInput(QuickInput, forms.TextInput):
    input_type = "text"

    def __init__(self, attrs=None):
        super().__init__({"inputmode": "decimal", "class": "amount", **(attrs or {})})

    def format_value(self, value):
        if value in (None, ""):
            return ""
        if isinstance(value, str):
            return value
        return format_amount(value)


class AmountField(forms.DecimalField):
    """Million VND typed the way the user's language writes numbers: 12.000,5 in Vietnamese, 12,000.5 in English.

    Django alone would read the Vietnamese "12.000" as twelve.
    """

    widget = AmountInput
    invalid_message = _("Enter an amount in million VND, e.g. %(example)s.")

    def __init__(self, **kwargs):
        kwargs.setdefault("max_digits", 15)
        kwargs.setdefault("decimal_places", 3)
        kwargs.setdefault("required", False)
        kwargs.setdefault("min_value", Decimal(0))
        super().__init__(**kwargs)
        self.error_messages["min_value"] = _("Amounts cannot be negative.")

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            return parse_number(value, get_language())  # a Decimal passes as it is: str() would make "12000.500" a grouping
        except NotANumber:
            raise ValidationError(self.invalid_message % {"example": format_amount(Decimal("12000.5"))}, code="invalid") from None


ORDERINGS = {
    "number": ["programme__start_year", "sector__position", "position"],
    "name": ["name"],
    "agency": ["host_agency__name"],
    "location": ["location_text"],
    "period": ["start_year", "end_year"],
    "total": ["total"],
    "aid": ["aid_sought"],
    "counterpart": ["counterpart"],
    "status": ["status"],
}


class DayField(forms.DateField):
    """A day typed as dd/mm/yyyy in either language, in a text box: <input type=date> follows the browser's locale
    and shows 12/01/2025 for 1 December to an English browser."""

    widget = forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": _("dd/mm/yyyy"), "inputmode": "numeric", "autocomplete": "off", "class": "day"})

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("input_formats", ["%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d"])
        super().__init__(**kwargs)
        self.error_messages["invalid"] = _("Enter the day as dd/mm/yyyy, e.g. 01/12/2025.")


class ProjectFilters:
    """The filter fields the bank list and the reports share."""

    @staticmethod
    def sector():
        return forms.ModelChoiceField(
            label=_("Sector"), queryset=Sector.objects.select_related("programme"), required=False, empty_label=_("All sectors"),
            widget=QuickSelect,
        )

    @staticmethod
    def agency():
        return forms.ModelChoiceField(
            label=_("Host agency"),
            # EXISTS per organisation (a few hundred, each an index probe), not a DISTINCT over every project's join:
            # the menu costs the same for 100 projects as for 100,000.
            queryset=Organisation.objects.filter(Exists(Project.objects.filter(host_agency=OuterRef("pk")))),
            required=False,
            empty_label=_("All host agencies"),
            widget=QuickSelect,
        )

    @staticmethod
    def unit():
        field = forms.ModelChoiceField(label=_("Administrative unit"), queryset=AdministrativeUnit.objects.all(), required=False, widget=QuickSelect)
        field.empty_label = _("All units")
        return field

    @staticmethod
    def unit_choices(reference=None):
        """Every unit, grouped; a project placed in a former unit is found under the unit that succeeded it. Made
        once per state of the units and language (partners.reference), its options written once."""
        reference = reference or Reference()
        return reference.made_of_units("unit-menu", get_language(), build=lambda: RenderedChoices([("", _("All units")), *reference.unit_choices()]))


# What each menu's labels read (Programme, Sector and Organisation's __str__).
MENU_COLUMNS = {
    "programme": ["id", "number", "start_year", "end_year"],
    "sector": ["id", "numeral", "name", "name_en"],
    "agency": ["id", "name", "name_en", "valid_to"],
}


def quick_menu(field, columns):
    """The choices of a ModelChoiceField as RenderedChoices, made once per process for the rows it offers: the
    page reads ``columns`` (what the label shows) as tuples, not model instances; an organisation or programme
    added or renamed is a new set of rows, so it shows at once."""
    queryset = field.queryset
    model = queryset.model
    # In the model's order of fields: from_db() takes a part of the fields' values in that order.
    columns = [f.attname for f in model._meta.concrete_fields if f.attname in columns]

    def menu():
        rows = tuple(queryset.values_list(*columns))

        def build():
            # Instances of the columns read only, for the field's own label (each model's __str__ reads no other).
            labelled = ((row[0], field.label_from_instance(model.from_db(queryset.db, columns, row))) for row in rows)
            return RenderedChoices([("", field.empty_label), *labelled])

        return made_once(("menu", model._meta.label, type(field).__qualname__, rows, get_language(), str(field.empty_label)), build)

    return LazyChoices(menu)


class BankFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    programme = forms.ModelChoiceField(label=_("Programme"), queryset=Programme.objects.all(), required=False, empty_label=_("All programmes"), widget=QuickSelect)
    sector = ProjectFilters.sector()
    agency = ProjectFilters.agency()
    unit = ProjectFilters.unit()
    status = forms.ChoiceField(label=_("Status"), choices=[("", _("All statuses")), *Project.Status.choices], required=False, widget=QuickSelect)
    khmer = forms.BooleanField(label=_("Khmer ethnic-minority areas"), required=False, widget=QuickCheckbox)
    difficult = forms.BooleanField(label=_("Extremely difficult communes"), required=False, widget=QuickCheckbox)
    year_from = forms.IntegerField(label=_("Active from year"), required=False, min_value=PLAUSIBLE_YEARS[0], max_value=PLAUSIBLE_YEARS[1], widget=QuickNumber)
    year_to = forms.IntegerField(label=_("to year"), required=False, min_value=PLAUSIBLE_YEARS[0], max_value=PLAUSIBLE_YEARS[1], widget=QuickNumber)
    amount_min = AmountField(label=_("Total from (million VND)"))
    amount_max = AmountField(label=_("to (million VND)"))
    localities = forms.ChoiceField(label=_("Totals by locality"), required=False, widget=QuickSelect)
    o = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The units' menu, their successions and the map come from the units' state, read once for the page.
        self.reference = Reference()
        self.fields["unit"].widget.choices = ProjectFilters.unit_choices(self.reference)
        self.fields["localities"].choices = basis_choices(reference=self.reference)
        for name, columns in MENU_COLUMNS.items():
            self.fields[name].widget.choices = quick_menu(self.fields[name], columns)

    def basis(self):
        """The units the totals by locality are given by: today's unless another basis is chosen."""
        self.is_valid()
        today = timezone.localdate()
        return chosen_basis(self.cleaned_data.get("localities") or "", today, reference=self.reference) or Basis(today, reference=self.reference)

    def needs_totals(self):
        """Summing every project's lines is only worth it when the filter or the order depends on the sums."""
        self.is_valid()
        data = self.cleaned_data
        key = (data.get("o") or "").lstrip("-")
        return data.get("amount_min") is not None or data.get("amount_max") is not None or key in ("total", "aid", "counterpart")

    def ordering(self):
        """Order expressions for the list; unknown values last, the same on SQLite and PostgreSQL."""
        self.is_valid()
        key = (self.cleaned_data.get("o") or "").strip()
        descending = key.startswith("-")
        fields = ORDERINGS.get(key.lstrip("-"))
        if not fields:
            fields, descending = ORDERINGS["number"], False
        direction = "desc" if descending else "asc"
        return [getattr(F(name), direction)(nulls_last=True) for name in fields] + ["pk"]

    def in_appendix_order(self):
        """Whether the list is in its default order, the appendix's (projects.appendix_order pages it cheaply)."""
        self.is_valid()
        key = (self.cleaned_data.get("o") or "").strip()
        return key == "number" or not ORDERINGS.get(key.lstrip("-"))

    def apply(self, queryset):
        """The list's queryset narrowed by every valid filter; an invalid one is ignored and reported by the form."""
        self.is_valid()
        data = self.cleaned_data
        if data.get("programme"):
            queryset = queryset.filter(programme=data["programme"])
        if data.get("sector"):
            queryset = queryset.filter(sector=data["sector"])
        if data.get("agency"):
            queryset = queryset.filter(host_agency=data["agency"])
        if data.get("unit"):
            queryset = queryset.in_unit(data["unit"])
        if data.get("status"):
            queryset = queryset.filter(status=data["status"])
        if data.get("khmer") or data.get("difficult"):
            queryset = queryset.in_priority_area(khmer=data.get("khmer"), difficult=data.get("difficult"))
        if data.get("year_from") or data.get("year_to"):
            queryset = queryset.active_between(data.get("year_from"), data.get("year_to"))
        if data.get("q"):
            queryset = queryset.search(data["q"])
        if not self.needs_totals():
            return queryset
        queryset = queryset.with_totals()
        # Compared in whole thousandths: SQLite sums decimals as floats (28740.904 + 5659 < 34399.904 there).
        queryset = queryset.alias(total_thousandths=Round(F("total") * 1000))
        if data.get("amount_min") is not None:
            queryset = queryset.filter(total_thousandths__gte=int(data["amount_min"] * 1000))
        if data.get("amount_max") is not None:
            queryset = queryset.filter(total_thousandths__lte=int(data["amount_max"] * 1000))
        return queryset


class ProjectForm(forms.ModelForm):
    class Meta:
        model = Project
        fields = ["programme", "sector", "position", "host_agency", "admin_units", *Project.CONTENT_FIELDS]
        widgets = {
            "name": forms.Textarea(attrs={"rows": 2}),
            "name_en": forms.Textarea(attrs={"rows": 2}),
            "content": forms.Textarea(attrs={"rows": 6}),
            "content_en": forms.Textarea(attrs={"rows": 6}),
            "notes": forms.Textarea(attrs={"rows": 2}),
            "notes_en": forms.Textarea(attrs={"rows": 2}),
            "admin_units": forms.CheckboxSelectMultiple(attrs={"class": "unit-choices"}),
        }

    def __init__(self, *args, access, **kwargs):
        super().__init__(*args, **kwargs)
        self.warnings = []
        self.fields["sector"].queryset = Sector.objects.select_related("programme")
        self.fields["host_agency"].queryset = access.host_agency_choices(Organisation.objects.all())
        self.fields["host_agency"].widget.choices = [("", self.fields["host_agency"].empty_label)] + [
            (org.pk, str(org)) for org in self._offered_agencies(access)
        ]
        self.fields["position"].required = False
        self.fields["position"].help_text = _("Leave empty to number it after the sector's last project.")
        self.fields["start_year"].required = True
        self.fields["end_year"].required = True
        self.fields["admin_units"].queryset = AdministrativeUnit.objects.all()
        self.fields["admin_units"].widget.choices = unit_choices(self._offered_units())
        self.fields["admin_units"].help_text = _("Only units that existed during the project's period are accepted.")

    def _period(self):
        """The project's years, or its programme's for a new one: what the lists of agencies and units offer."""
        instance = self.instance
        programme = instance.programme if instance.programme_id else self.initial.get("programme")
        first, last = instance.start_year, instance.end_year
        if not (first and last) and isinstance(programme, Programme):
            first, last = programme.start_year, programme.end_year
        return first, last

    def _offered_units(self):
        """The units that existed during the period, and those the project has; the writing service refuses any
        other posted, saying why."""
        first, last = self._period()
        offered = AdministrativeUnit.objects.valid_in_years(first, last) if first and last else AdministrativeUnit.objects.all()
        if self.instance.pk:
            # By the project's own keys: OR-ed with a join to the links, the list read every project's links and
            # sorted them out with DISTINCT (1 s at 100,000 projects).
            offered = offered | AdministrativeUnit.objects.filter(pk__in=list(self.instance.admin_units.values_list("pk", flat=True)))
        return offered.select_related("parent")

    def _offered_agencies(self, access):
        """The list offers the agencies that may host a project and existed during its period (the programme's for
        a new one), and the one it has. Any other posted is refused by the writing service, which says why."""
        instance = self.instance
        first, last = self._period()
        offered = Organisation.objects.may_host_projects()
        if first and last:
            offered = offered.valid_in_years(first, last)
        offered = access.host_agency_choices(offered)
        if instance.host_agency_id:
            offered = offered | Organisation.objects.filter(pk=instance.host_agency_id)
        return offered.order_by("name", "valid_from")

    def clean(self):
        data = super().clean()
        programme, sector = data.get("programme"), data.get("sector")
        if programme and sector and sector.programme_id != programme.pk:
            self.add_error("sector", _("This sector belongs to another programme."))
        start, end = data.get("start_year"), data.get("end_year")
        if start and end and end < start:
            self.add_error("end_year", _("The end year cannot come before the start year."))
        # Whether the units existed during the period is the writing service's rule, for every path alike.
        if start and end:
            if programme and (start < programme.start_year or end > programme.end_year):
                self.warnings.append(
                    _("The period %(start)s–%(end)s runs past the programme's %(pstart)s–%(pend)s.")
                    % {"start": start, "end": end, "pstart": programme.start_year, "pend": programme.end_year}
                )
        return data

    def service_fields(self):
        return {name: value for name, value in self.cleaned_data.items() if name != "admin_units"}


class BudgetLineForm(forms.ModelForm):
    total = AmountField(label=_("Total budget"))
    aid_sought = AmountField(label=_("Aid sought"))
    counterpart = AmountField(label=_("Counterpart funds"))

    class Meta:
        model = BudgetLine
        fields = list(BudgetLine.EDITABLE_FIELDS)
        widgets = {
            "description": forms.Textarea(attrs={"rows": 2}),
            "description_en": forms.Textarea(attrs={"rows": 2}),
            "notes": forms.Textarea(attrs={"rows": 1}),
            "notes_en": forms.Textarea(attrs={"rows": 1}),
        }


class BaseBudgetLineFormSet(forms.BaseInlineFormSet):
    # Django's own words ("Please submit at least 1 form.") name neither the lines nor, in Vietnamese, anything.
    default_error_messages = {"too_few_forms": _("A project needs at least one budget line: fill in its amounts.")}


BudgetLineFormSet = forms.inlineformset_factory(
    Project, BudgetLine, form=BudgetLineForm, formset=BaseBudgetLineFormSet, extra=1, can_delete=True, min_num=1, validate_min=True
)


def lines_from(formset):
    """The budget lines the formset keeps, in order, as the writing service takes them; a line left out is deleted."""
    rows = []
    for form in formset.forms:
        if not form.has_changed() and not form.instance.pk:
            continue
        if formset.can_delete and form.cleaned_data.get("DELETE", False):
            continue
        row = {name: form.cleaned_data.get(name) for name in BudgetLine.EDITABLE_FIELDS}
        row = {k: ("" if v is None and k not in BudgetLine.AMOUNT_FIELDS else v) for k, v in row.items()}
        row["id"] = form.instance.pk
        rows.append(row)
    return rows


class StepForm(forms.Form):
    """The fields a workflow step may ask for; the view shows only those its step uses."""

    comment = forms.CharField(label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    ngo = forms.ModelChoiceField(label=_("NGO"), queryset=NGO.objects.all(), required=False)
    decision_number = forms.CharField(label=_("Decision number"), required=False, max_length=80)
    decision_date = forms.DateField(label=_("Decision date"), required=False, widget=forms.DateInput(attrs={"type": "date"}))


class OpinionForm(forms.Form):
    topic = forms.ChoiceField(label=_("Topic"), choices=ProjectEvent.Topic.choices)
    verdict = forms.ChoiceField(label=_("Opinion"), choices=ProjectEvent.Verdict.choices)
    comment = forms.CharField(label=_("Appraisal"), widget=forms.Textarea(attrs={"rows": 3}))
