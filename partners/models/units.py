from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from partners.models.validity import Succession, Validity, ValidityQuerySet, label_with_end, validity_constraint
from socaid.bilingual import in_language


class AdministrativeUnitQuerySet(ValidityQuerySet):
    def within(self, unit):
        """The unit and every unit below it (the tree is at most three levels deep)."""
        return self.filter(Q(pk=unit.pk) | Q(parent=unit) | Q(parent__parent=unit))

    def districts(self):
        return self.filter(level=AdministrativeUnit.Level.DISTRICT)

    def with_successions(self):
        """Each unit with its parent, and its successions either way with the unit at their other end: three
        queries however many units."""
        return self.select_related("parent").prefetch_related(
            models.Prefetch("successions_in", queryset=UnitSuccession.objects.select_related("predecessor").order_by("predecessor__name", "pk")),
            models.Prefetch("successions_out", queryset=UnitSuccession.objects.select_related("successor").order_by("successor__name", "pk")),
        )

    def without_successor(self):
        """Units a reform ended whose successor nobody has recorded yet."""
        return self.filter(valid_to__isnull=False, successions_out__isnull=True)


class AdministrativeUnit(Validity):
    """A province, district-level or commune-level unit, as it existed between two dates."""

    class Level(models.IntegerChoices):
        PROVINCE = 1, _("province level")
        DISTRICT = 2, _("district level")
        COMMUNE = 3, _("commune level")

    class Kind(models.TextChoices):
        PROVINCE = "province", _("province")
        CENTRAL_CITY = "central_city", _("centrally-run city")
        PROVINCIAL_CITY = "provincial_city", _("provincial city")
        TOWN = "town", _("town (thị xã)")
        DISTRICT = "district", _("district (huyện)")
        WARD = "ward", _("ward (phường)")
        COMMUNE = "commune", _("commune (xã)")
        TOWNSHIP = "township", _("township (thị trấn)")
        SPECIAL_ZONE = "special_zone", _("special zone (đặc khu)")

    code = models.SlugField(_("code"), max_length=120, unique=True, allow_unicode=False)
    gso_code = models.CharField(_("official code"), max_length=10, blank=True, help_text=_("Code in the national list of administrative units, where known."))
    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("name in English"), max_length=200, blank=True)
    level = models.PositiveSmallIntegerField(_("level"), choices=Level.choices)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    parent = models.ForeignKey(
        "self", verbose_name=_("parent unit"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    is_khmer_area = models.BooleanField(_("Khmer ethnic-minority area"), default=False)
    is_extremely_difficult = models.BooleanField(_("extremely difficult commune"), default=False)
    notes = models.TextField(_("notes"), blank=True)

    objects = AdministrativeUnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("administrative unit")
        verbose_name_plural = _("administrative units")
        ordering = ["level", "name", "valid_from"]
        constraints = [
            validity_constraint("adminunit_valid_to_after_from"),
            models.CheckConstraint(condition=~Q(parent=F("pk")), name="adminunit_not_own_parent"),
        ]

    def __str__(self):
        return label_with_end(in_language(self, "name"), self.valid_to)

    def in_priority_area(self, *, khmer=False, difficult=False):
        """Whether the unit is in a priority area as Project.objects.in_priority_area asks it in SQL: flagged itself,
        or a commune of a flagged district (a commune inherits its district's flag); its parent selected."""
        def flagged(unit):
            return (not khmer or unit.is_khmer_area) and (not difficult or unit.is_extremely_difficult)

        return flagged(self) or (self.parent is not None and flagged(self.parent))


class UnitSuccession(Succession):
    predecessor = models.ForeignKey(
        AdministrativeUnit, verbose_name=_("predecessor"), on_delete=models.PROTECT, related_name="successions_out"
    )
    successor = models.ForeignKey(
        AdministrativeUnit, verbose_name=_("successor"), on_delete=models.PROTECT, related_name="successions_in"
    )
    # The coordinator completes and corrects what the loaded data could not tell: who did it, when and from what is
    # kept, a deleted link included.
    history = HistoricalRecords()

    class Meta(Succession.Meta):
        verbose_name = _("succession of administrative units")
        verbose_name_plural = _("successions of administrative units")
