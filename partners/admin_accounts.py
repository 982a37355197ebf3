"""Users and groups in the admin, with each permission named in the reader's language.

Django stores a permission's name in English when it migrates ("Can add log entry") and the admin shows it as
stored; the four permissions Django makes for every model are named here from the model's translated name instead.
"""
from django import forms
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group
from django.utils.text import capfirst
from django.utils.translation import gettext as _

ACTIONS = {
    "add": lambda: _("may add"),
    "change": lambda: _("may change"),
    "delete": lambda: _("may delete"),
    "view": lambda: _("may view"),
}


def permission_label(permission):
    """'Ngân hàng dự án | Dự án | Được sửa' for Django's own permissions, the stored name for any other."""
    model = permission.content_type.model_class()
    action = permission.codename.split("_", 1)[0]
    if model is not None and action in ACTIONS and permission.codename == f"{action}_{model._meta.model_name}":
        return f"{model._meta.app_config.verbose_name} | {capfirst(model_name(model))} | {capfirst(ACTIONS[action]())}"
    return str(permission)


def model_name(model):
    """A model's name; simple-history's copies are named "historical Project" or "HistoricalProject_admin_units"."""
    base = getattr(model, "instance_type", None)
    if base is None:
        return model._meta.verbose_name
    if base._meta.auto_created:  # the rows of a many-to-many field
        owner = base._meta.auto_created
        field = next(f for f in owner._meta.many_to_many if f.remote_field.through is base)
        return _("history of %(model)s: %(field)s") % {"model": owner._meta.verbose_name, "field": field.verbose_name}
    return _("history of %(model)s") % {"model": base._meta.verbose_name}


class PermissionsField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return permission_label(obj)


class NamedPermissions:
    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name in ("permissions", "user_permissions"):
            kwargs["form_class"] = PermissionsField
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class PortalGroupAdmin(NamedPermissions, GroupAdmin):
    pass


class PortalUserAdmin(NamedPermissions, UserAdmin):
    pass


admin.site.unregister(Group)
admin.site.register(Group, PortalGroupAdmin)
admin.site.unregister(get_user_model())
admin.site.register(get_user_model(), PortalUserAdmin)
