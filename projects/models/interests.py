"""What the public side brings in: NGOs' expressions of interest in a project, and the USD rate amounts are shown at."""
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from partners.countries import CountryList
from partners.models import NGO
from projects.models.proposals import Project


class InterestQuerySet(models.QuerySet):
    def for_list(self):
        return self.select_related("project", "project__programme", "project__sector", "project__host_agency", "ngo").order_by("-received_at", "-pk")


class Interest(models.Model):
    """An NGO says, on a project's public page, that it may support the project; the coordinator follows it up."""

    class Support(models.TextChoices):
        FUNDING = "funding", _("funding")
        TECHNICAL = "technical", _("technical assistance")
        IN_KIND = "in_kind", _("goods and equipment")
        VOLUNTEERS = "volunteers", _("volunteers and experts")
        OTHER = "other", _("other support")

    class State(models.TextChoices):
        NEW = "new", _("new")
        CONTACTED = "contacted", _("contacted")
        MEETING = "meeting", _("meeting held")
        DECLINED = "declined", _("declined")
        PLEDGED = "pledged", _("led to a pledge")

    project = models.ForeignKey(Project, verbose_name=_("project"), on_delete=models.PROTECT, related_name="interests")
    # The registry's record when the reader chose it by name, or when the coordinator has linked the typed name.
    ngo = models.ForeignKey(NGO, verbose_name=_("NGO in the registry"), null=True, blank=True, on_delete=models.PROTECT, related_name="interests")
    organisation_name = models.CharField(_("organisation"), max_length=255)
    country = CountryField(_("country"), countries=CountryList)
    contact_name = models.CharField(_("contact person"), max_length=200)
    email = models.EmailField(_("e-mail"))
    support = models.JSONField(_("support considered"), default=list, help_text=_("The kinds of support the NGO considers."))
    message = models.TextField(_("message"), blank=True)
    language = models.CharField(_("language of the form"), max_length=8, choices=settings.LANGUAGES)
    received_at = models.DateTimeField(_("received at"), default=timezone.now)
    # A keyed hash of the sender's address, for the rate limit: the address itself is not kept.
    sender_key = models.CharField(_("sender key"), max_length=64, editable=False, db_index=True)
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.NEW)
    state_note = models.TextField(_("coordinator's note"), blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("updated by"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = InterestQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["sender_key"])

    class Meta:
        verbose_name = _("expression of interest")
        verbose_name_plural = _("expressions of interest")
        ordering = ["-received_at", "-pk"]
        indexes = [models.Index(fields=["state", "received_at"], name="interest_state_received")]
        constraints = [
            models.CheckConstraint(condition=~Q(organisation_name=""), name="interest_organisation_named"),
            models.CheckConstraint(condition=~Q(email=""), name="interest_email_given"),
        ]

    def __str__(self):
        return f"{self.organisation_name} → {self.project_id}"


class UsdRateQuerySet(models.QuerySet):
    def current(self):
        """The rate the public pages use: the latest the coordinator set (by its date, then by when it was set)."""
        return self.order_by("-valid_on", "-set_at", "-pk").first()


class UsdRate(models.Model):
    """VND per US dollar, set by the coordinator with its date and source, for the USD equivalents NGOs read."""

    vnd_per_usd = models.DecimalField(_("VND per USD"), max_digits=12, decimal_places=2)
    valid_on = models.DateField(_("rate of the day"))
    source = models.CharField(_("source"), max_length=200, help_text=_("E.g. the State Bank of Vietnam's central rate, or Vietcombank's selling rate."))
    set_at = models.DateTimeField(_("set at"), default=timezone.now)
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("set by"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    objects = UsdRateQuerySet.as_manager()

    class Meta:
        verbose_name = _("USD rate")
        verbose_name_plural = _("USD rates")
        ordering = ["-valid_on", "-set_at", "-pk"]
        constraints = [models.CheckConstraint(condition=Q(vnd_per_usd__gt=0), name="usdrate_positive")]

    def __str__(self):
        return f"{self.vnd_per_usd} VND/USD ({self.valid_on:%d/%m/%Y})"
