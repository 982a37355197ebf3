"""The forms of the implementation plan's pages: the grid's filters, a year's progress, and the coordinator's review."""
from django import forms
from django.utils.translation import gettext_lazy as _

from projects.models import Programme, TaskProgress

MISSING = "missing"


class PlanFilterForm(forms.Form):
    programme = forms.ModelChoiceField(label=_("Programme"), required=False, queryset=Programme.objects.order_by("-start_year"), empty_label=None)
    state = forms.ChoiceField(
        label=_("A year"), required=False,
        choices=[("", _("In any state")), *TaskProgress.State.choices, (MISSING, _("not recorded yet"))],
    )
    mine = forms.BooleanField(label=_("Only the tasks my unit leads"), required=False)

    def chosen(self, default):
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return data.get("programme") or default, data.get("state") or None, bool(data.get("mine"))


class TaskProgressForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    class Meta:
        model = TaskProgress
        fields = ["done", "difficulties", "next_year"]
        widgets = {name: forms.Textarea(attrs={"rows": rows}) for name, rows in (("done", 8), ("difficulties", 4), ("next_year", 4))}


class ReviewForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    review_note = forms.CharField(
        label=_("Note to the unit"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Needed to return it: say what to change."),
    )
