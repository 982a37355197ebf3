"""Forms of the NGO registry's pages: the list's filters, an NGO, a contact, a certificate and a security opinion.
The forms only shape what the user typed; partners/services.py checks and saves it."""
import datetime

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from partners.countries import CountryList
from partners.models import NGO, ActivityField, AdministrativeUnit, NGOContact, NGORegistration, NGOSecurityOpinion
from partners.unit_choices import unit_choices
from socaid.service_errors import add_service_errors
from socaid.text import fold

DAY_WIDGET = {"localize": True, "widget": forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"})}
VALID, EXPIRING, EXPIRED, NONE = "valid", "expiring", "expired", "none"
EXPIRING_DAYS = 90  # the coordinator's warning window, as the expiry list's
CERTIFICATE_STATES = {VALID: _("valid"), EXPIRING: _("expiring within 90 days"), EXPIRED: _("expired"), NONE: _("none recorded")}


def certificate_state(registrations, today):
    """VALID, EXPIRING (valid, and the latest ends within EXPIRING_DAYS), EXPIRED (had one, none in force) or NONE."""
    if not registrations:
        return NONE
    valid = [r for r in registrations if r.is_valid_on(today)]
    if not valid:
        return EXPIRED
    latest_end = max(r.expires_on for r in valid)
    return EXPIRING if latest_end <= today + datetime.timedelta(days=EXPIRING_DAYS) else VALID


class NGOFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    country = forms.ChoiceField(label=_("Country"), required=False)
    kind = forms.ChoiceField(label=_("Type"), required=False, choices=[("", _("All types")), *NGO.Kind.choices])
    relationship = forms.ChoiceField(label=_("Relationship"), required=False, choices=[("", _("All partners")), *NGO.Relationship.choices])
    field = forms.ModelChoiceField(label=_("Field of work"), queryset=ActivityField.objects.all(), required=False, empty_label=_("All fields"))
    area = forms.ModelChoiceField(label=_("Area of interest"), queryset=AdministrativeUnit.objects.all(), required=False)
    certificate = forms.ChoiceField(
        label=_("Certificate"), required=False,
        choices=[("", _("Any")), *CERTIFICATE_STATES.items()],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        used = NGO.objects.exclude(country="").values_list("country", flat=True).distinct()
        names = dict(CountryList())
        self.fields["country"].choices = [("", _("All countries")), *sorted(((code, names.get(code, code)) for code in used), key=lambda c: fold(str(c[1])))]
        self.fields["area"].widget.choices = [("", _("Anywhere")), *unit_choices(AdministrativeUnit.objects.filter(ngos__isnull=False).distinct().select_related("parent"))]

    def ngos(self, today=None):
        """The NGOs passing every valid filter, as a QuerySet. Searching and the certificate's state are decided
        in Python over the few columns they need (one query each): a province's registry holds hundreds of NGOs,
        and SQLite has no unaccent."""
        today = today or timezone.localdate()
        self.is_valid()
        data = self.cleaned_data
        ngos = NGO.objects.all()
        for name in ("country", "kind", "relationship"):
            if data.get(name):
                ngos = ngos.filter(**{name: data[name]})
        if data.get("field"):
            ngos = ngos.filter(fields=data["field"])
        if data.get("area"):
            area = data["area"]
            ngos = ngos.filter(Q(areas=area) | Q(areas__parent=area) | Q(areas__parent__parent=area))
        words = fold(data.get("q") or "").split()
        if words:
            texts = ngos.values_list("pk", "code", "name_original", "name", "name_en", "acronym")
            ngos = ngos.filter(pk__in=[row[0] for row in texts if all(word in fold(" ".join(row[1:])) for word in words)])
        if data.get("certificate"):
            dates = {}
            for ngo_id, issued_on, expires_on in NGORegistration.objects.filter(ngo__in=ngos).values_list("ngo", "issued_on", "expires_on"):
                dates.setdefault(ngo_id, []).append(NGORegistration(issued_on=issued_on, expires_on=expires_on))
            state = data["certificate"]
            if state == NONE:
                ngos = ngos.exclude(registrations__isnull=False)
            else:
                ngos = ngos.filter(pk__in=[pk for pk, rows in dates.items() if certificate_state(rows, today) == state])
        return ngos.distinct()


class ServiceErrors:
    """Puts a service's ValidationError on the form's fields (or above them)."""

    def add_service_errors(self, error):
        add_service_errors(self, error)


class NGOForm(ServiceErrors, forms.ModelForm):
    website = forms.URLField(label=NGO._meta.get_field("website").verbose_name, required=False, assume_scheme="https")

    class Meta:
        model = NGO
        fields = ["code", "name_original", "name", "name_en", "acronym", "kind", "country", "website", "relationship", "fields", "areas", "description", "description_en", "notes"]
        widgets = {
            "fields": forms.CheckboxSelectMultiple,
            "description": forms.Textarea(attrs={"rows": 3}), "description_en": forms.Textarea(attrs={"rows": 3}), "notes": forms.Textarea(attrs={"rows": 2}),
        }
        labels = {"kind": _("Type"), "fields": _("Fields of work")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["areas"].widget.choices = unit_choices(AdministrativeUnit.objects.select_related("parent"))
        self.fields["areas"].widget.attrs["size"] = 12

    def _post_clean(self):
        """The service validates and saves (full_clean there); the form only reads what was typed."""


class ContactForm(ServiceErrors, forms.ModelForm):
    class Meta:
        model = NGOContact
        fields = ["office", "name", "position", "address", "email", "phone", "is_primary"]

    def _post_clean(self):
        pass


class RegistrationForm(ServiceErrors, forms.ModelForm):
    issued_on = forms.DateField(label=_("date of issue"), **DAY_WIDGET)
    expires_on = forms.DateField(label=_("expires on"), **DAY_WIDGET)

    class Meta:
        model = NGORegistration
        fields = ["kind", "number", "issuer", "issued_on", "expires_on", "provinces", "fields", "notes"]
        widgets = {"fields": forms.CheckboxSelectMultiple, "notes": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        provinces = AdministrativeUnit.objects.filter(level=AdministrativeUnit.Level.PROVINCE).select_related("parent")
        self.fields["provinces"].queryset = provinces
        self.fields["provinces"].widget = forms.CheckboxSelectMultiple(choices=[(unit.pk, str(unit)) for unit in provinces])

    def _post_clean(self):
        pass


class SecurityOpinionForm(ServiceErrors, forms.ModelForm):
    given_on = forms.DateField(label=_("date of the opinion"), **DAY_WIDGET)

    class Meta:
        model = NGOSecurityOpinion
        fields = ["given_by", "given_on", "reference", "verdict", "text"]
        widgets = {"verdict": forms.RadioSelect, "text": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, police, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["given_by"].queryset = police
        if len(police) == 1:  # a police reviewer speaks for their own body
            self.fields["given_by"].initial = police[0].pk

    def _post_clean(self):
        pass
