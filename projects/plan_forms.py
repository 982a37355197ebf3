"""The forms of the implementation plan's pages: the grid's filters, a year's progress, and the coordinator's review."""
from django import forms
from django.utils.translation import gettext_lazy as _

from projects.models import Programme, TaskProgress

MISSING = "missing"


class PlanFilterForm(forms.Form):
    programme = forms.ModelChoiceField(label=_("Programme"), required=False, queryset=Programme.objects.order_by("-start_year"), empty_label=None)
    state = forms.ChoiceField(
        label=_("State of a year"), required=False,
        choices=[("", _("All states")), *TaskProgress.State.choices, (MISSING, _("not recorded yet"))],
    )
    task = forms.IntegerField(label=_("Task No."), required=False, min_value=1, max_value=999)
    mine = forms.BooleanField(label=_("Only the tasks my unit leads"), required=False)

    def chosen(self, default):
        """The programme (else ``default``) and the grid's filters; an invalid filter is ignored, shown with its error."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        filters = {"state": data.get("state") or None, "position": data.get("task"), "mine_only": bool(data.get("mine"))}
        return data.get("programme") or default, filters


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
