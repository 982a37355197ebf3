"""The registry of foreign NGO partners and their Decree 58/2022/NĐ-CP registrations."""
import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from partners.countries import CountryList
from partners.models.organisations import ActivityField, Organisation
from partners.models.units import AdministrativeUnit


def add_years(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February into a common year
        return day.replace(year=day.year + years, day=28)


class NGOQuerySet(models.QuerySet):
    def with_registry(self):
        """What the registry's list and page show of each NGO, read in a fixed number of queries."""
        return self.prefetch_related(
            "fields", "areas", models.Prefetch("registrations", NGORegistration.objects.prefetch_related("provinces", "fields").select_related("renews")),
        )

    def with_valid_registration_on(self, day):
        return self.filter(registrations__issued_on__lte=day, registrations__expires_on__gte=day).distinct()

    def without_valid_registration_on(self, day):
        valid = NGORegistration.objects.valid_on(day).filter(ngo=models.OuterRef("pk"))
        return self.exclude(models.Exists(valid))


class NGO(models.Model):
    """A foreign non-governmental organisation, or another foreign donor the province works with."""

    class Kind(models.TextChoices):
        NGO = "ngo", _("foreign NGO")
        FOUNDATION = "foundation", _("foundation")
        DIPLOMATIC = "diplomatic", _("diplomatic or consular mission")
        OTHER = "other", _("other donor")

    class Relationship(models.TextChoices):
        TRADITIONAL = "traditional", _("traditional partner")
        PROSPECTIVE = "prospective", _("prospective partner")

    code = models.SlugField(_("code"), max_length=80, unique=True)
    name_original = models.CharField(_("name in the original language"), max_length=255)
    name = models.CharField(_("name in Vietnamese"), max_length=255, blank=True)
    name_en = models.CharField(_("name in English"), max_length=255, blank=True)
    acronym = models.CharField(_("acronym"), max_length=40, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.NGO)
    country = CountryField(_("country"), countries=CountryList, blank=True)
    website = models.URLField(_("website"), blank=True)
    relationship = models.CharField(_("relationship"), max_length=20, choices=Relationship.choices, default=Relationship.PROSPECTIVE)
    fields = models.ManyToManyField(ActivityField, verbose_name=_("fields of interest"), blank=True, related_name="ngos")
    areas = models.ManyToManyField(AdministrativeUnit, verbose_name=_("areas of interest"), blank=True, related_name="ngos")
    description = models.TextField(_("description"), blank=True)
    description_en = models.TextField(_("description in English"), blank=True)
    notes = models.TextField(_("notes"), blank=True)

    objects = NGOQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[fields, areas])

    class Meta:
        verbose_name = _("NGO partner")
        verbose_name_plural = _("NGO partners")
        ordering = ["name_original"]

    def __str__(self):
        # English readers get the English name, else the name the NGO gives itself (often English already).
        vietnamese = get_language() != "en"
        label = (self.name if vietnamese else self.name_en) or self.name_original
        return f"{label} ({self.acronym})" if self.acronym else label


class NGORegistrationQuerySet(models.QuerySet):
    def valid_on(self, day):
        return self.filter(issued_on__lte=day, expires_on__gte=day)

    def expiring_between(self, first, last):
        """Certificates that end between ``first`` and ``last`` (both included) and that no later one renews."""
        return self.filter(expires_on__gte=first, expires_on__lte=last, renewal__isnull=True)


class NGORegistration(models.Model):
    """A certificate issued under Decree 58/2022/NĐ-CP; the NGO may work only where and in what it names."""

    class Kind(models.TextChoices):
        OPERATION = "operation", _("registration certificate for operation")
        PROJECT_OFFICE = "project_office", _("registration certificate for a project office")
        REPRESENTATIVE_OFFICE = "representative_office", _("registration certificate for a representative office")

    # Decree 58/2022/NĐ-CP: operation certificates run at most 3 years, representative offices 5.
    MAX_YEARS = {Kind.OPERATION: 3, Kind.REPRESENTATIVE_OFFICE: 5}

    ngo = models.ForeignKey(NGO, verbose_name=_("NGO"), on_delete=models.CASCADE, related_name="registrations")
    kind = models.CharField(_("certificate type"), max_length=30, choices=Kind.choices)
    number = models.CharField(_("certificate number"), max_length=60)
    issuer = models.CharField(_("issuing authority"), max_length=200, default="Bộ Ngoại giao")
    issued_on = models.DateField(_("date of issue"))
    expires_on = models.DateField(_("expires on"))
    provinces = models.ManyToManyField(
        AdministrativeUnit, verbose_name=_("permitted provinces"), blank=True, related_name="ngo_registrations"
    )
    fields = models.ManyToManyField(ActivityField, verbose_name=_("permitted fields"), blank=True, related_name="ngo_registrations")
    notes = models.TextField(_("notes"), blank=True)
    # A renewal is a certificate of its own (new number, new dates, perhaps other provinces and fields) that names
    # the one it follows: the chain is the NGO's history of papers, each valid on its own dates.
    renews = models.OneToOneField(
        "self", verbose_name=_("renews"), null=True, blank=True, on_delete=models.PROTECT, related_name="renewal",
        help_text=_("The earlier certificate this one renews."),
    )

    objects = NGORegistrationQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[provinces, fields])

    class Meta:
        verbose_name = _("NGO registration")
        verbose_name_plural = _("NGO registrations")
        ordering = ["-issued_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_on__gt=F("issued_on")),
                name="ngoregistration_expires_after_issue",
                violation_error_message=_("A certificate must expire after the day it is issued."),
            ),
            models.UniqueConstraint(fields=["kind", "number"], name="ngoregistration_unique_number"),
            models.CheckConstraint(condition=~Q(renews=F("pk")), name="ngoregistration_not_own_renewal"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.number}"

    def clean(self):
        if self.issued_on and self.expires_on and self.expires_on <= self.issued_on:
            raise ValidationError({"expires_on": _("A certificate must expire after the day it is issued.")})
        limit = self.MAX_YEARS.get(self.kind)
        if limit and self.issued_on and self.expires_on and self.expires_on > add_years(self.issued_on, limit):
            raise ValidationError(
                {"expires_on": _("Under Decree 58/2022/NĐ-CP this certificate runs at most %(years)d years.") % {"years": limit}}
            )

    def is_valid_on(self, day: datetime.date) -> bool:
        return self.issued_on <= day <= self.expires_on


class NGOContact(models.Model):
    class Office(models.TextChoices):
        HEAD_OFFICE = "head_office", _("head office")
        VIETNAM = "vietnam", _("office in Vietnam")

    ngo = models.ForeignKey(NGO, verbose_name=_("NGO"), on_delete=models.CASCADE, related_name="contacts")
    office = models.CharField(_("office"), max_length=20, choices=Office.choices, default=Office.VIETNAM)
    name = models.CharField(_("name"), max_length=200)
    address = models.CharField(_("address"), max_length=300, blank=True)
    position = models.CharField(_("job title"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    is_primary = models.BooleanField(_("primary contact"), default=False)

    class Meta:
        verbose_name = _("NGO contact")
        verbose_name_plural = _("NGO contacts")
        ordering = ["office", "-is_primary", "name"]

    def __str__(self):
        return self.name


class NGOSecurityOpinion(models.Model):
    """The provincial police's appraisal opinion on an NGO the province means to work with. Security opinions are
    read only by the coordinator, the police's reviewers and the administrator (partners/ngo_access.py)."""

    class Verdict(models.TextChoices):
        AGREE = "agree", _("agree")
        CONDITIONS = "conditions", _("agree with conditions")
        DISAGREE = "disagree", _("disagree")

    ngo = models.ForeignKey(NGO, verbose_name=_("NGO"), on_delete=models.CASCADE, related_name="security_opinions")
    given_by = models.ForeignKey(Organisation, verbose_name=_("given by"), on_delete=models.PROTECT, related_name="ngo_security_opinions")
    given_on = models.DateField(_("date of the opinion"))
    reference = models.CharField(_("document number"), max_length=100, blank=True)
    verdict = models.CharField(_("verdict"), max_length=20, choices=Verdict.choices)
    text = models.TextField(_("opinion"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("security opinion on an NGO")
        verbose_name_plural = _("security opinions on NGOs")
        ordering = ["-given_on", "-pk"]

    def __str__(self):
        return f"{self.given_by} {self.given_on:%d/%m/%Y}: {self.get_verdict_display()}"
