from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from partners.models import AdministrativeUnit, Organisation
from socaid.counts import count_of


class ProgrammeQuerySet(models.QuerySet):
    def with_counts(self):
        """Each programme's number of sectors and projects, and of the projects it took over from another."""
        from projects.models import Project, Sector  # defined after Programme, which they point to

        return self.annotate(
            sector_count=count_of(Sector.objects.all(), "programme"),
            project_count=count_of(Project.objects.all(), "programme"),
            taken_over_count=count_of(Project.objects.filter(carried_over_from__isnull=False), "programme"),
        )

    def current(self, today=None):
        """The programme running this year, else the latest one that has started: what the portal presents first."""
        year = (today or timezone.localdate()).year
        programmes = self.select_related("coordinator", "issuer", "province")
        return programmes.filter(start_year__lte=year, end_year__gte=year).first() or programmes.filter(start_year__lte=year).order_by("-start_year").first()


class Programme(models.Model):
    """A provincial programme for mobilising foreign NGO aid, as issued (e.g. 03/CTr-UBND of 06/5/2020)."""

    code = models.SlugField(_("code"), max_length=80, unique=True)
    number = models.CharField(_("document number"), max_length=60)
    issued_on = models.DateField(_("issued on"))
    issuer = models.ForeignKey(Organisation, verbose_name=_("issued by"), on_delete=models.PROTECT, related_name="+")
    province = models.ForeignKey(
        AdministrativeUnit, verbose_name=_("province"), on_delete=models.PROTECT, related_name="programmes"
    )
    coordinator = models.ForeignKey(
        Organisation,
        verbose_name=_("coordinating department"),
        on_delete=models.PROTECT,
        related_name="coordinated_programmes",
        help_text=_("The department that keeps the project bank and consolidates the reports."),
    )
    title = models.CharField(_("title"), max_length=400)
    title_en = models.CharField(_("title in English"), max_length=400, blank=True)
    start_year = models.PositiveSmallIntegerField(_("first year"))
    end_year = models.PositiveSmallIntegerField(_("last year"))
    signer_title = models.CharField(_("signatory's title"), max_length=200, blank=True, help_text=_("One line per line of the signature block."))
    signer_title_en = models.CharField(
        _("signatory's title in English"), max_length=200, blank=True, help_text=_("For the English edition of the documents.")
    )
    signer_name = models.CharField(_("signatory"), max_length=120, blank=True)
    predecessor = models.ForeignKey(
        "self",
        verbose_name=_("previous programme"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="successors",
        help_text=_("The programme whose unfunded projects this one takes over."),
    )
    source_document = models.CharField(_("source document"), max_length=300, blank=True)
    aims = models.TextField(_("aims in brief"), blank=True, help_text=_("For the public pages: what the programme seeks, in a few paragraphs."))
    aims_en = models.TextField(_("aims in brief, in English"), blank=True)
    notes = models.TextField(_("notes"), blank=True)

    objects = ProgrammeQuerySet.as_manager()

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["-start_year", "number"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_year__gte=F("start_year")),
                name="programme_end_after_start",
                violation_error_message=_("The last year cannot come before the first year."),
            ),
            models.CheckConstraint(condition=~Q(predecessor=F("pk")), name="programme_not_own_predecessor"),
        ]

    def __str__(self):
        return f"{self.number} ({self.start_year}–{self.end_year})"


class ProgrammeBasis(models.Model):
    """A document the programme was built on (Part I, I of the seed)."""

    programme = models.ForeignKey(Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="bases")
    position = models.PositiveSmallIntegerField(_("position"))
    document_number = models.CharField(_("document number"), max_length=80, blank=True)
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    text = models.TextField(_("text"))
    text_en = models.TextField(_("text in English"), blank=True)

    class Meta:
        verbose_name = _("legal basis")
        verbose_name_plural = _("legal bases")
        ordering = ["programme", "position"]
        constraints = [models.UniqueConstraint(fields=["programme", "position"], name="programmebasis_unique_position")]

    def __str__(self):
        return self.document_number or self.text[:60]


class ProgrammeTarget(models.Model):
    """A measurable target of the programme, e.g. more than 20 NGOs with projects in the province by 2025."""

    class Indicator(models.TextChoices):
        NGOS_WITH_PROJECTS = "ngos_with_projects", _("NGOs with programmes or projects in the province")
        OTHER = "other", _("other")

    class Comparison(models.TextChoices):
        MORE_THAN = "gt", _("more than")
        AT_LEAST = "gte", _("at least")

    programme = models.ForeignKey(Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="targets")
    position = models.PositiveSmallIntegerField(_("position"))
    indicator = models.CharField(_("indicator"), max_length=40, choices=Indicator.choices, default=Indicator.OTHER)
    comparison = models.CharField(_("comparison"), max_length=3, choices=Comparison.choices, default=Comparison.AT_LEAST)
    value = models.DecimalField(_("target value"), max_digits=15, decimal_places=3, null=True, blank=True)
    target_year = models.PositiveSmallIntegerField(_("by the year"), null=True, blank=True)
    text = models.TextField(_("text"))
    text_en = models.TextField(_("text in English"), blank=True)

    class Meta:
        verbose_name = _("programme target")
        verbose_name_plural = _("programme targets")
        ordering = ["programme", "position"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "position"], name="programmetarget_unique_position"),
            models.CheckConstraint(condition=Q(value__isnull=True) | Q(value__gte=0), name="programmetarget_value_not_negative"),
        ]

    def __str__(self):
        return self.text[:80]

    def is_met_by(self, achieved) -> bool | None:
        if self.value is None or achieved is None:
            return None
        return achieved > self.value if self.comparison == self.Comparison.MORE_THAN else achieved >= self.value
