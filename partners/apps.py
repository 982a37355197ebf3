from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnersConfig(AppConfig):
    name = "partners"
    verbose_name = _("Organisations, administrative units and NGOs")

    def ready(self):
        # Here because partners is the first of the portal's apps to load; the rule itself knows no app and applies
        # to every model (socaid.text).
        from django.db.models.signals import pre_save

        from socaid.text import drop_controls_before_saving

        pre_save.connect(drop_controls_before_saving, dispatch_uid="socaid.text.drop_controls")
