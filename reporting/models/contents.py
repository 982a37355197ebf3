"""What a unit's annual report holds besides its narrative: a line per project, the NGOs it worked with, attachments."""
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from partners.countries import CountryList
from partners.models import NGO
from projects.amounts import MILLION, VND  # noqa: F401  (VND and MILLION are imported from here too)
from projects.models import Project
from reporting.models.rounds import AnnualReport, ReportingRound


# Amounts in the report's own currency; the year's and the cumulative figure of the same kind.
FOREIGN_AMOUNTS = ("committed_year", "disbursed_year", "committed_total", "disbursed_total")


def currency_unit(currency):
    """The unit of an amount in ``currency`` as a reader says it: đồng for VND (never million VND), else the ISO code."""
    return str(_("VND")) if currency == VND else currency


class ReportLine(models.Model):
    """One of the unit's projects as the unit reports it for the year.

    Aid comes in the donor's currency, so each line keeps the amount as the
    agreement states it, with the rate to VND, its date and source; the summary
    converts to million VND, the bank's unit. Counterpart funds are Vietnamese
    budget and are written in million VND directly.
    """

    report = models.ForeignKey(AnnualReport, verbose_name=_("annual report"), on_delete=models.CASCADE, related_name="lines")
    # The report's round, kept here so the database itself refuses a project reported twice in one round
    # (by a unit and by the unit that succeeded it, say), which would count its money twice in the summary.
    round = models.ForeignKey(ReportingRound, verbose_name=_("reporting round"), on_delete=models.CASCADE, related_name="+", editable=False)
    project = models.ForeignKey(Project, verbose_name=_("project"), on_delete=models.PROTECT, related_name="report_lines")
    status = models.CharField(_("status in the year"), max_length=20, choices=Project.Status.choices, blank=True)
    currency = models.CharField(_("currency"), max_length=3, default=VND, help_text=_("ISO code: VND, USD, EUR, AUD…"))
    rate_to_vnd = models.DecimalField(_("rate to VND"), max_digits=14, decimal_places=4, null=True, blank=True, help_text=_("VND for one unit of the currency."))
    rate_date = models.DateField(_("date of the rate"), null=True, blank=True)
    rate_source = models.CharField(_("source of the rate"), max_length=200, blank=True, help_text=_("e.g. Vietcombank selling rate, State Bank central rate."))
    committed_year = models.DecimalField(_("aid committed in the year"), max_digits=18, decimal_places=2, null=True, blank=True)
    disbursed_year = models.DecimalField(_("aid disbursed in the year"), max_digits=18, decimal_places=2, null=True, blank=True)
    committed_total = models.DecimalField(_("aid committed to date"), max_digits=18, decimal_places=2, null=True, blank=True)
    disbursed_total = models.DecimalField(_("aid disbursed to date"), max_digits=18, decimal_places=2, null=True, blank=True)
    counterpart_spent = models.DecimalField(_("counterpart funds spent in the year (million VND)"), max_digits=15, decimal_places=3, null=True, blank=True)
    beneficiaries = models.PositiveIntegerField(_("beneficiaries (people)"), null=True, blank=True)
    results = models.TextField(_("results"), blank=True)
    difficulties = models.TextField(_("difficulties"), blank=True)

    EDITABLE_FIELDS = (
        "status", "currency", "rate_to_vnd", "rate_date", "rate_source", *FOREIGN_AMOUNTS,
        "counterpart_spent", "beneficiaries", "results", "difficulties",
    )

    class Meta:
        verbose_name = _("project line of an annual report")
        verbose_name_plural = _("project lines of annual reports")
        ordering = ["report", "project__sector__position", "project__position"]
        constraints = [
            models.UniqueConstraint(fields=["report", "project"], name="reportline_one_per_project"),
            models.UniqueConstraint(fields=["round", "project"], name="reportline_project_once_per_round"),
            *[
                models.CheckConstraint(condition=Q(**{f"{name}__isnull": True}) | Q(**{f"{name}__gte": 0}), name=f"reportline_{name}_not_negative")
                for name in (*FOREIGN_AMOUNTS, "counterpart_spent")
            ],
            models.CheckConstraint(condition=Q(rate_to_vnd__isnull=True) | Q(rate_to_vnd__gt=0), name="reportline_rate_positive"),
            models.CheckConstraint(
                condition=Q(committed_year__isnull=True) | Q(committed_total__isnull=True) | Q(committed_total__gte=F("committed_year")),
                name="reportline_committed_total_covers_year",
            ),
            models.CheckConstraint(
                condition=Q(disbursed_year__isnull=True) | Q(disbursed_total__isnull=True) | Q(disbursed_total__gte=F("disbursed_year")),
                name="reportline_disbursed_total_covers_year",
            ),
        ]

    def __str__(self):
        return f"{self.report} — {self.project}"

    def save(self, *args, **kwargs):
        if self.round_id is None:
            self.round_id = self.report.round_id
        super().save(*args, **kwargs)

    @property
    def amount_unit(self):
        return currency_unit(self.currency)

    @property
    def rate(self):
        """VND for one unit of the currency; one for VND itself, None while a foreign rate is missing."""
        return Decimal(1) if self.currency == VND else self.rate_to_vnd

    def million_vnd(self, name):
        """An amount of the line in million VND, the bank's unit (None when unknown)."""
        amount = getattr(self, name)
        if amount is None or self.rate is None:
            return None
        return amount * self.rate / MILLION


class ReportNGO(models.Model):
    """An NGO the unit worked with in the year: one from the registry, or a new one the unit proposes."""

    report = models.ForeignKey(AnnualReport, verbose_name=_("annual report"), on_delete=models.CASCADE, related_name="ngos")
    ngo = models.ForeignKey(NGO, verbose_name=_("NGO in the registry"), null=True, blank=True, on_delete=models.PROTECT, related_name="report_mentions")
    proposed_name = models.CharField(_("new NGO (name)"), max_length=255, blank=True)
    proposed_country = CountryField(_("new NGO (country)"), countries=CountryList, blank=True)
    activities = models.TextField(_("what they did"))

    class Meta:
        verbose_name = _("NGO worked with")
        verbose_name_plural = _("NGOs worked with")
        ordering = ["report", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(ngo__isnull=False) & Q(proposed_name="")) | (Q(ngo__isnull=True) & ~Q(proposed_name="")),
                name="reportngo_registry_or_proposed",
            ),
            models.UniqueConstraint(fields=["report", "ngo"], condition=Q(ngo__isnull=False), name="reportngo_once_per_report"),
        ]

    def __str__(self):
        return str(self.ngo) if self.ngo_id else self.proposed_name


def attachment_path(instance, filename):
    # The stored name is ours; the user's file name is kept in ``name`` and given back on download.
    extension = filename.rsplit(".", 1)[-1].lower()
    return f"reports/{instance.report.round.year}/{instance.report_id}/{instance.uploaded_at:%Y%m%d%H%M%S%f}.{extension}"


class ReportAttachment(models.Model):
    report = models.ForeignKey(AnnualReport, verbose_name=_("annual report"), on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=300)
    name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveIntegerField(_("size (bytes)"))
    content_type = models.CharField(_("type"), max_length=100)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(_("uploaded at"))

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["report", "uploaded_at", "pk"]

    def __str__(self):
        return self.name
