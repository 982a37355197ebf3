"""Users and groups in the admin, with each permission named in the reader's language.

Django stores a permission's name in English when it migrates ("Can add log entry") and the admin shows it as
stored; the four permissions Django makes for every model are named here from the model's translated name instead.
"""
from django import forms
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group
from django.utils.translation import gettext as _

ACTIONS = {
    "add": lambda: _("may add"),
    "change": lambda: _("may change"),
    "delete": lambda: _("may delete"),
    "view": lambda: _("may view"),
}


def permission_label(permission):
    """'Ngân hàng dự án | dự án | được thêm' for Django's own permissions, the stored name for any other."""
    model = permission.content_type.model_class()
    action = permission.codename.split("_", 1)[0]
    if model is not None and action in ACTIONS and permission.codename == f"{action}_{model._meta.model_name}":
        return f"{model._meta.app_config.verbose_name} | {model._meta.verbose_name} | {ACTIONS[action]()}"
    return str(permission)


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
