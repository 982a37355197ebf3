"""The choices a person makes before printing a report."""
from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from projects.forms import ProjectFilters
from projects.models import Programme, Project

LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]


def readers_edition():
    """The edition a document opens in when none is chosen: the one in the reader's language."""
    return "en" if get_language() == "en" else "vi"


def language_field():
    return forms.ChoiceField(label=_("Language of the report"), choices=LANGUAGES, required=False, initial=readers_edition)


def settle_programme_and_language(data):
    """The chosen programme or else the latest, the chosen language or else the reader's: what every report form needs."""
    data["programme"] = data.get("programme") or Programme.objects.order_by("-start_year").first()
    if data["programme"] is None:
        raise forms.ValidationError(_("There is no programme yet."))
    data["lang"] = data.get("lang") or readers_edition()
    return data


class AppendixForm(forms.Form):
    programme = forms.ModelChoiceField(label=_("Programme"), queryset=Programme.objects.all(), required=False, empty_label=None)
    status = forms.MultipleChoiceField(
        label=_("Status"), choices=Project.Status.choices, required=False, widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "None ticked: the projects accepted into the bank and further along, withdrawn ones excepted; "
            "in English, the projects published to NGOs."
        ),
    )
    sector = ProjectFilters.sector()
    agency = ProjectFilters.agency()
    unit = ProjectFilters.unit()
    lang = language_field()
    content = forms.BooleanField(label=_("With the content column"), required=False, initial=True)
    signature = forms.BooleanField(label=_("With the signature block of the issuing body"), required=False)

    def __init__(self, data=None, **kwargs):
        # An unticked checkbox sends nothing; a report opened without choices keeps the content column.
        if data is not None and "content" not in data and "lang" not in data:
            data = data.copy()
            data["content"] = "on"
        super().__init__(data, **kwargs)
        self.fields["unit"].widget.choices = ProjectFilters.unit_choices()

    def clean(self):
        data = settle_programme_and_language(super().clean())
        if data.get("sector") and data["sector"].programme_id != data["programme"].pk:
            self.add_error("sector", _("This sector belongs to another programme."))
        return data

    def builder_arguments(self):
        data = self.cleaned_data
        return {
            "language": data["lang"],
            "with_content": data.get("content", True),
            "statuses": data.get("status") or None,
            "sector": data.get("sector"),
            "host_agency": data.get("agency"),
            "unit": data.get("unit"),
            "signature": data.get("signature", False),
        }


class PlanForm(forms.Form):
    programme = forms.ModelChoiceField(label=_("Programme"), queryset=Programme.objects.all(), required=False, empty_label=None)
    lang = language_field()

    def clean(self):
        return settle_programme_and_language(super().clean())
