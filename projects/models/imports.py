from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from projects.models.programmes import Programme


class ImportRecord(models.Model):
    """One import applied to the bank: who, when, which file, and what it did. Dry runs leave no record."""

    class Kind(models.TextChoices):
        APPENDIX = "appendix", _("appendix layout")
        BANK = "bank", _("flat list of projects")
        NGOS = "ngos", _("NGO registry")
        ORGANISATIONS = "organisations", _("organisations")
        SUCCESSIONS = "successions", _("successions of administrative units")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    file_name = models.CharField(_("file name"), max_length=255)
    programme = models.ForeignKey(Programme, verbose_name=_("programme"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(_("at"))
    created = models.PositiveIntegerField(_("created"), default=0)
    updated = models.PositiveIntegerField(_("updated"), default=0)
    unchanged = models.PositiveIntegerField(_("unchanged"), default=0)
    warnings = models.PositiveIntegerField(_("warnings"), default=0)

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(file_name=""), name="importrecord_has_a_file_name"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.file_name} · {self.at:%d/%m/%Y %H:%M}"

    def history_reason(self):
        """The line each touched row's history shows."""
        return str(_("Import #%(number)s from “%(file)s”") % {"number": self.pk, "file": self.file_name})[:100]
