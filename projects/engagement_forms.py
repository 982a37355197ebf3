"""The forms of the engagements' pages: the list's filters, an engagement, a follow-up action and marking it done."""
import re

from django import forms
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext_lazy as _

from partners.models import NGO, Organisation
from projects.forms import DayField
from projects.models import Engagement, FollowUp, Project


# Up to this many projects the form offers them in a list; past it, a list would weigh megabytes (100,000 projects:
# 9.5 MB and 11 s), and the projects are named by their codes instead.
LISTED_PROJECTS = 500


def _projects():
    return Project.objects.select_related("sector", "programme").order_by("-programme__start_year", "sector__position", "position")


class CodesInput(forms.Textarea):
    """The codes a field holds, written one after another."""

    def format_value(self, value):
        return ", ".join(value) if isinstance(value, (list, tuple)) else super().format_value(value)


class ProjectCodesField(forms.ModelMultipleChoiceField):
    """Projects named by their codes, separated by commas, spaces or lines; each unknown code is named in the error."""

    widget = CodesInput(attrs={"rows": 3})

    def __init__(self, queryset, **kwargs):
        super().__init__(queryset, to_field_name="code", **kwargs)
        self.error_messages["invalid_choice"] = _("No project has the code %(value)s.")

    def clean(self, value):
        codes = list(dict.fromkeys(re.split(r"[\s,;]+", value.strip()))) if isinstance(value, str) and value.strip() else []
        return super().clean(codes)


class EngagementFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("All kinds")), *Engagement.Kind.choices])
    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)
    ngo = forms.ModelChoiceField(label=_("NGO"), required=False, queryset=NGO.objects.order_by("name_original"), empty_label=_("All NGOs"))
    project = forms.ModelChoiceField(
        label=_("Project"), required=False, empty_label=_("All projects"),
        queryset=_projects().filter(engagements__isnull=False).distinct(),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        years = Engagement.objects.annotate(year=ExtractYear("date")).order_by("-year").values_list("year", flat=True).distinct()
        self.fields["year"].choices = [("", _("All years")), *((year, year) for year in years)]

    def apply(self, engagements):
        """The engagements narrowed by every valid filter; an invalid one is ignored and shown with its error."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        if data.get("kind"):
            engagements = engagements.filter(kind=data["kind"])
        if data.get("year"):
            engagements = engagements.filter(date__year=data["year"])
        if data.get("ngo"):
            engagements = engagements.filter(pk__in=Engagement.objects.filter(ngos=data["ngo"]).values("pk"))
        if data.get("project"):
            engagements = engagements.filter(pk__in=Engagement.objects.filter(projects=data["project"]).values("pk"))
        return engagements


class EngagementForm(forms.ModelForm):
    date = DayField(label=_("Date"), required=True)

    class Meta:
        model = Engagement
        fields = ["kind", "date", "title", "place", "organiser", "summary", "ngos", "projects", "materials"]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 5}),
            "materials": forms.Textarea(attrs={"rows": 3}),
            "ngos": forms.CheckboxSelectMultiple,
            "projects": forms.SelectMultiple(attrs={"size": 10}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organiser"].queryset = Organisation.objects.order_by("name")
        self.fields["ngos"].queryset = NGO.objects.order_by("name_original")
        if _projects().count() > LISTED_PROJECTS:
            field = self.fields["projects"]
            self.fields["projects"] = ProjectCodesField(
                _projects(), required=False, label=field.label,
                help_text=_("The projects' codes, separated by commas or lines, as the bank lists them (e.g. 03-2020-i-01)."),
            )
        else:
            self.fields["projects"].queryset = _projects()

    def service_fields(self):
        return {name: self.cleaned_data[name] for name in ("kind", "date", "title", "place", "organiser", "summary", "materials")}


class FollowUpForm(forms.ModelForm):
    due_date = DayField(label=_("Due date"), required=True)

    class Meta:
        model = FollowUp
        fields = ["action", "responsible_organisation", "responsible_person", "due_date"]
        widgets = {"action": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible_organisation"].queryset = Organisation.objects.order_by("name")


class FollowUpDoneForm(forms.Form):
    done_on = DayField(label=_("Done on"), help_text=_("Leave empty to open the action again."))
