from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from partners.models.units import AdministrativeUnit
from socaid.bilingual import in_language
from partners.models.validity import Succession, Validity, ValidityQuerySet, label_with_end, validity_constraint


class ActivityField(models.Model):
    """A field of activity: the taxonomy shared by programme orientations, sectors and NGO certificates."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("name in English"), max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("field of activity")
        verbose_name_plural = _("fields of activity")
        ordering = ["position", "name"]

    def __str__(self):
        return self.name


class OrganisationQuerySet(ValidityQuerySet):
    def may_host_projects(self):
        return self.filter(kind__in=Organisation.HOST_KINDS, admin_unit__isnull=False)


class Organisation(Validity):
    """A Vietnamese body: People's Committee, department, mass organisation, central agency."""

    class Kind(models.TextChoices):
        PEOPLES_COMMITTEE = "peoples_committee", _("People's Committee")
        DEPARTMENT = "department", _("department or agency")
        POLICE = "police", _("police")
        MASS_ORGANISATION = "mass_organisation", _("mass organisation")
        CENTRAL_AGENCY = "central_agency", _("central agency")
        OTHER = "other", _("other")

    # The bodies that carry out aid projects: a locality's People's Committee, departments, police and mass
    # organisations. Central agencies approve and coordinate aid and councils oversee it; they host no project.
    HOST_KINDS = (Kind.PEOPLES_COMMITTEE, Kind.DEPARTMENT, Kind.POLICE, Kind.MASS_ORGANISATION)

    code = models.SlugField(_("code"), max_length=120, unique=True)
    name = models.CharField(_("name"), max_length=255)
    name_en = models.CharField(_("name in English"), max_length=255, blank=True)
    short_name = models.CharField(_("short name"), max_length=100, blank=True, help_text=_("As the province's own documents write it, e.g. UBND huyện Châu Thành, Hội Nông dân."))
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    admin_unit = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("administrative unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="organisations",
        help_text=_("The territory the body serves."),
    )
    parent = models.ForeignKey(
        "self", verbose_name=_("parent organisation"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    objects = OrganisationQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name", "valid_from"]
        constraints = [
            validity_constraint("organisation_valid_to_after_from"),
            models.CheckConstraint(condition=~Q(parent=F("pk")), name="organisation_not_own_parent"),
        ]

    def __str__(self):
        return label_with_end(in_language(self, "name"), self.valid_to)

    @property
    def may_host_projects(self):
        """A body of the province or one of its localities (it serves a territory) of a kind that hosts projects."""
        return self.kind in self.HOST_KINDS and self.admin_unit_id is not None

    def printed_name(self, language=None, *, marked=False):
        """As the province's documents name the body: its short name in Vietnamese, its full name in English."""
        if (language or get_language()) == "en":
            return in_language(self, "name", "en", marked=marked)
        return self.short_name or self.name


class OrganisationSuccession(Succession):
    predecessor = models.ForeignKey(
        Organisation, verbose_name=_("predecessor"), on_delete=models.PROTECT, related_name="successions_out"
    )
    successor = models.ForeignKey(
        Organisation, verbose_name=_("successor"), on_delete=models.PROTECT, related_name="successions_in"
    )

    class Meta(Succession.Meta):
        verbose_name = _("succession of organisations")
        verbose_name_plural = _("successions of organisations")


class Membership(models.Model):
    """A user's place in an organisation, with the role that decides what they may do."""

    class Role(models.TextChoices):
        COORDINATOR = "coordinator", _("provincial coordinator")
        OFFICER = "officer", _("unit officer")
        REVIEWER = "reviewer", _("reviewer")
        VIEWER = "viewer", _("viewer")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [models.UniqueConstraint(fields=["user", "organisation"], name="membership_unique_user_org")]

    def __str__(self):
        return f"{self.user} — {self.organisation} ({self.get_role_display()})"
