from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from partners.models import ActivityField
from projects.models.programmes import Programme
from projects.models.sums import budget_sums
from socaid.bilingual import in_language


class SectorOrientation(models.Model):
    """A sector orientation of the programme (Part I, IV.2: a) education … g) culture)."""

    programme = models.ForeignKey(Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="orientations")
    letter = models.CharField(_("letter"), max_length=3)
    position = models.PositiveSmallIntegerField(_("position"))
    name = models.CharField(_("name"), max_length=300)
    name_en = models.CharField(_("name in English"), max_length=300, blank=True)
    field = models.ForeignKey(
        ActivityField, verbose_name=_("field of activity"), null=True, blank=True, on_delete=models.PROTECT, related_name="orientations"
    )
    guidance = models.TextField(_("guidance"), blank=True, help_text=_("The programme's bullets for this orientation, one per line."))
    guidance_en = models.TextField(_("guidance in English"), blank=True)

    class Meta:
        verbose_name = _("sector orientation")
        verbose_name_plural = _("sector orientations")
        ordering = ["programme", "position"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "position"], name="orientation_unique_position"),
            models.UniqueConstraint(fields=["programme", "letter"], name="orientation_unique_letter"),
        ]

    def __str__(self):
        return f"{self.letter}) {self.name}"


class SectorQuerySet(models.QuerySet):
    def in_programme(self, programme):
        return self.filter(programme=programme)

    def with_totals(self, *, include_derived=True, statuses=None):
        """Each sector's projects and their budget, of the projects in ``statuses`` only if given (a summary counts
        the programme's list as the appendix prints it, not the drafts and withdrawn projects of the bank)."""
        where = Q() if statuses is None else Q(projects__status__in=statuses)
        return self.annotate(
            project_count=Count("projects", filter=where, distinct=True),
            **budget_sums("projects__lines", include_derived=include_derived, where=where),
        )


class Sector(models.Model):
    """A sector group of the programme's appendix, with the Roman numeral the appendix prints."""

    programme = models.ForeignKey(Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="sectors")
    position = models.PositiveSmallIntegerField(_("position"))
    numeral = models.CharField(_("numeral"), max_length=8, help_text=_("As printed: I, II, III…"))
    name = models.CharField(_("name"), max_length=300)
    name_en = models.CharField(_("name in English"), max_length=300, blank=True)
    field = models.ForeignKey(
        ActivityField, verbose_name=_("field of activity"), null=True, blank=True, on_delete=models.PROTECT, related_name="sectors"
    )
    dac_code = models.CharField(
        _("DAC 5 purpose code"),
        max_length=5,
        blank=True,
        validators=[RegexValidator(r"^[0-9]{5}$", _("A DAC purpose code has five digits, e.g. 31120."))],
        help_text=_("The OECD DAC 5-digit purpose code this sector maps to, for the IATI file; empty if none fits."),
    )
    orientations = models.ManyToManyField(SectorOrientation, verbose_name=_("orientations"), blank=True, related_name="sectors")
    stated_total = models.DecimalField(_("stated total"), max_digits=15, decimal_places=3, null=True, blank=True, help_text=_("The subtotal as the source document prints it, kept to show discrepancies."))
    stated_aid_sought = models.DecimalField(_("stated aid sought"), max_digits=15, decimal_places=3, null=True, blank=True)
    stated_counterpart = models.DecimalField(_("stated counterpart funds"), max_digits=15, decimal_places=3, null=True, blank=True)

    objects = SectorQuerySet.as_manager()

    class Meta:
        verbose_name = _("sector")
        verbose_name_plural = _("sectors")
        ordering = ["programme", "position"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "position"], name="sector_unique_position"),
            models.UniqueConstraint(fields=["programme", "numeral"], name="sector_unique_numeral"),
        ]

    def __str__(self):
        return f"{self.numeral}. {in_language(self, 'name')}"
