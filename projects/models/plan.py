from django.db import models
from django.utils.translation import gettext_lazy as _

from partners.models import Organisation
from projects.models.programmes import Programme


class PlanTask(models.Model):
    """A row of the programme's implementation plan ("Phụ lục kế hoạch thực hiện")."""

    programme = models.ForeignKey(Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="plan_tasks")
    position = models.PositiveSmallIntegerField(_("number"))
    content = models.TextField(_("content"))
    content_en = models.TextField(_("content in English"), blank=True)
    timing = models.CharField(_("timing"), max_length=200)
    timing_en = models.CharField(_("timing in English"), max_length=200, blank=True)
    lead = models.ForeignKey(Organisation, verbose_name=_("lead unit"), on_delete=models.PROTECT, related_name="led_plan_tasks")
    coordinators = models.ManyToManyField(Organisation, verbose_name=_("coordinating units"), blank=True, related_name="coordinated_plan_tasks")
    coordinators_text = models.TextField(_("coordinating units as written"), blank=True)
    coordinators_text_en = models.TextField(_("coordinating units in English"), blank=True)
    source_ref = models.CharField(_("source row"), max_length=200, blank=True)
    source_text = models.JSONField(_("text as in the source"), default=dict, blank=True)

    class Meta:
        verbose_name = _("implementation-plan task")
        verbose_name_plural = _("implementation-plan tasks")
        ordering = ["programme", "position"]
        constraints = [models.UniqueConstraint(fields=["programme", "position"], name="plantask_unique_position")]

    def __str__(self):
        return f"{self.position}. {self.content[:80]}"
