"""How the admin writes a record the portal guards: from a change form that remembers the version it was opened
at, so that the app's service refuses a save when someone saved the record since, as the portal's forms do; or
not at all, for records only the software or the portal's own pages write.

Here rather than in an app: the bank's and the reporting round's admins use it, and it knows nothing of either.
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


class ReadOnlyAdmin:
    """Listed and shown, never added, changed or deleted in the admin."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
