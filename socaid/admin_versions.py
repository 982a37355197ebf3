"""The admin's change form of a record with a version: it remembers the version it was opened at, so that the
app's service refuses a save when someone saved the record since, as the portal's forms do.

Here rather than in an app: the bank's projects and the reporting round's reports use it, and it knows nothing
of either.
"""
from django import forms

OPENED_VERSION = "opened_version"


class OpenedVersionForm(forms.ModelForm):
    """Shown again after a refusal, the form keeps the version first opened, not the newest: a second click on Save
    would otherwise overwrite the other person's edit. ``by`` is the user saving (set by OpenedVersionAdmin)."""

    opened_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    by = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.initial.setdefault(OPENED_VERSION, self.instance.version)


class OpenedVersionAdmin:
    """Puts the hidden version on a change form the user may save, and tells the form who saves."""

    def get_fieldsets(self, request, obj=None):
        fieldsets = list(super().get_fieldsets(request, obj))
        if obj is not None and self.has_change_permission(request, obj):
            fieldsets.append((None, {"fields": [OPENED_VERSION], "classes": ["hidden"]}))
        return fieldsets

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        form.by = request.user  # a class made for this request by modelform_factory
        return form
