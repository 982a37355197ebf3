"""django-axes under a name the admin can show in Vietnamese: its own app config has no verbose name."""
from axes.apps import AppConfig as AxesAppConfig
from django.utils.translation import gettext_lazy as _


class SignInProtectionConfig(AxesAppConfig):
    verbose_name = _("Sign-in protection")
