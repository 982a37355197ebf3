"""Project proposals of the bank and their budget lines, in million VND."""
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Exists, F, OuterRef, Q
from django.db.models.functions import Round
from django.db.models.lookups import Exact
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from partners.localities import units_placed_in
from partners.models import NGO, AdministrativeUnit, Organisation
from projects.models.programmes import Programme
from projects.models.sectors import Sector
from projects.amounts import format_amount
from projects.models.sums import budget_sums, budget_sums_of_lines, budget_sums_per_row

AMOUNT = {"max_digits": 15, "decimal_places": 3, "null": True, "blank": True}
# The years a project may run in, and the largest number within a sector (a small integer in the database).
PLAUSIBLE_YEARS = (1975, 2100)
MAX_POSITION = 32767


class ProjectQuerySet(models.QuerySet):
    def in_programme(self, programme):
        return self.filter(programme=programme)

    def in_appendix_order(self):
        return self.order_by("sector__position", "position")

    def with_totals(self, *, include_derived=True):
        return self.annotate(**budget_sums("lines", include_derived=include_derived))

    def with_totals_per_row(self):
        """with_totals()'s sums, each asked of a row's own lines: for a page of a long list in an order that does not
        depend on them."""
        return self.annotate(**budget_sums_per_row(BudgetLine.objects.filter(project=OuterRef("pk"))))

    def visible_to(self, access):
        """Drafts and returned proposals are their host agency's working copies: others see them once submitted."""
        from projects.lifecycle import OFFICER_EDITABLE
        from projects.models.events import ProjectEvent

        if access.is_coordinator:
            return self
        never_submitted = ~Exists(ProjectEvent.objects.filter(project=OuterRef("pk"), action=ProjectEvent.Action.SUBMIT))
        working = Q(status__in=OFFICER_EDITABLE) | (Q(status=Project.Status.WITHDRAWN) & never_submitted)
        return self.exclude(working & ~Q(host_agency__in=[org.pk for org in access.officer_organisations]))

    def public(self):
        """What anyone may read without signing in: every public page, download and API reads projects through this."""
        from projects.lifecycle import PUBLIC

        return self.filter(status__in=PUBLIC)

    def search(self, query):
        from projects.search import matching

        return self.filter(matching(query))

    def in_unit(self, unit, today=None):
        """Projects located in the unit or anywhere below it (a former district finds its communes' projects), or
        in a unit the successions place in it (a new commune finds the former commune it took over)."""
        placed = units_placed_in(unit, today or timezone.localdate())
        return self.filter(pk__in=Project.objects.filter(admin_units__in=placed).values("pk"))

    def in_priority_area(self, *, khmer=False, difficult=False):
        flags = Q()
        if khmer:
            flags &= Q(is_khmer_area=True)
        if difficult:
            flags &= Q(is_extremely_difficult=True)
        # A commune inherits its district's flag; a district-wide project is not a priority just because one commune is.
        units = AdministrativeUnit.objects.filter(flags)
        related = AdministrativeUnit.objects.filter(Q(pk__in=units) | Q(parent__in=units))
        return self.filter(pk__in=Project.objects.filter(admin_units__in=related).values("pk"))

    def active_between(self, first=None, last=None):
        """Projects whose period overlaps the years from ``first`` to ``last``."""
        qs = self
        if first:
            qs = qs.filter(Q(end_year__gte=first) | Q(end_year__isnull=True, start_year__gte=first))
        if last:
            qs = qs.filter(Q(start_year__lte=last) | Q(start_year__isnull=True, end_year__lte=last))
        return qs


class BudgetLineQuerySet(models.QuerySet):
    def of_projects(self, projects):
        return self.filter(project__in=projects.order_by().values("pk"))

    def by_sector(self):
        """Subtotals per sector of the lines at hand, in appendix order: [{the sector's programme number and start
        year, position, numeral and names, project_count and the sums}]. Two queries for every sector: the lines are
        grouped by the sector's key alone, its names joined afterwards, so that the database does not carry six
        text columns through the grouping of every line of the bank."""
        sums = list(self.order_by().values("project__sector").annotate(project_count=Count("project", distinct=True), **budget_sums_of_lines()))
        sectors = Sector.objects.select_related("programme").in_bulk([row["project__sector"] for row in sums])
        rows = []
        for row in sums:
            sector = sectors[row.pop("project__sector")]
            rows.append({
                "project__programme__number": sector.programme.number,
                "project__programme__start_year": sector.programme.start_year,
                "project__sector__position": sector.position,
                "project__sector__numeral": sector.numeral,
                "project__sector__name": sector.name,
                "project__sector__name_en": sector.name_en,
                **row,
            })
        rows.sort(key=lambda row: (-row["project__programme__start_year"], row["project__sector__position"], row["project__programme__number"]))
        return rows


def grand_total(sectors):
    """The sums of every sector's row, as one aggregate over their lines would give them: a project is in one sector,
    so its count adds up, and a sum stays None where no sector knows an amount."""
    grand = {"project_count": sum(row["project_count"] for row in sectors)}
    for name in budget_sums_of_lines():
        known = [row[name] for row in sectors if row[name] is not None]
        grand[name] = sum(known, Decimal(0)) if known else None
    return grand


# projects.lifecycle.PUBLIC, which cannot be imported here, for the index of public projects below.
PUBLIC_STATUSES = ["approved", "committed", "completed", "implementing", "negotiation", "published"]


class Project(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        PROPOSED = "proposed", _("proposed")
        RETURNED = "returned", _("returned for revision")
        ACCEPTED = "accepted", _("accepted into the bank")
        PUBLISHED = "published", _("published to NGOs")
        NEGOTIATION = "negotiation", _("in negotiation")
        COMMITTED = "committed", _("committed by an NGO")
        APPROVED = "approved", _("approved")
        IMPLEMENTING = "implementing", _("implementing")
        COMPLETED = "completed", _("completed")
        WITHDRAWN = "withdrawn", _("withdrawn")

    # What a proposal says, as opposed to where it sits in the bank and how far its workflow went.
    CONTENT_FIELDS = (
        "name",
        "name_en",
        "location_text",
        "location_text_en",
        "start_year",
        "end_year",
        "content",
        "content_en",
        "counterpart_source",
        "notes",
        "notes_en",
        "contact_name",
        "contact_email",
        "contact_phone",
    )

    code = models.SlugField(_("code"), max_length=80, unique=True, help_text=_("Stable code used by imports and links."))
    programme = models.ForeignKey(Programme, verbose_name=_("programme"), on_delete=models.PROTECT, related_name="projects")
    sector = models.ForeignKey(Sector, verbose_name=_("sector"), on_delete=models.PROTECT, related_name="projects")
    position = models.PositiveSmallIntegerField(_("number within the sector"))
    host_agency = models.ForeignKey(Organisation, verbose_name=_("host agency"), on_delete=models.PROTECT, related_name="projects")
    name = models.CharField(_("project name"), max_length=500)
    name_en = models.CharField(_("project name in English"), max_length=500, blank=True)
    location_text = models.CharField(_("location as written"), max_length=300, blank=True)
    location_text_en = models.CharField(_("location in English"), max_length=300, blank=True)
    admin_units = models.ManyToManyField(AdministrativeUnit, verbose_name=_("administrative units covered"), blank=True, related_name="projects")
    start_year = models.PositiveSmallIntegerField(_("start year"), null=True, blank=True)
    end_year = models.PositiveSmallIntegerField(_("end year"), null=True, blank=True)
    content = models.TextField(_("content"), blank=True)
    content_en = models.TextField(_("content in English"), blank=True)
    counterpart_source = models.CharField(_("source of counterpart funds"), max_length=300, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    notes_en = models.TextField(_("notes in English"), blank=True)
    # Published with the project on the public side: whom an NGO should write to about it (else the host agency's
    # and the coordinating department's addresses).
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=50, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    ngo = models.ForeignKey(
        NGO, verbose_name=_("committed NGO"), null=True, blank=True, on_delete=models.PROTECT, related_name="projects"
    )
    decision_number = models.CharField(_("approval decision number"), max_length=80, blank=True)
    decision_date = models.DateField(_("approval decision date"), null=True, blank=True)
    carried_over_from = models.ForeignKey(
        "self",
        verbose_name=_("carried over from"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="carried_over_to",
        help_text=_("The same project in an earlier programme that did not get it funded."),
    )
    source_document = models.CharField(_("source document"), max_length=300, blank=True)
    source_ref = models.CharField(_("source row"), max_length=200, blank=True, help_text=_("Where in the source document the row stands."))
    source_text = models.JSONField(_("text as in the source"), default=dict, blank=True, help_text=_("Cells whose text was corrected, as the source printed them."))
    corrections = models.TextField(_("corrections made on import"), blank=True)
    # Written by projects.services.writing on every save, from projects.search.search_text_for(): lower case, no diacritics.
    search_text = models.TextField(_("search text"), blank=True, editable=False)
    # Bumped on every save through the services, so a stale form is caught instead of overwriting.
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    objects = ProjectQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[admin_units], excluded_fields=["search_text"])

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        ordering = ["programme", "sector__position", "position"]
        indexes = [
            # Who funded work of a field, counted for the likely funders of every project page: on PostgreSQL the
            # count is read from the index alone (20 ms through the table at 100,000 projects, 2 ms from here).
            models.Index(fields=["sector", "ngo"], include=["status", "id"], condition=Q(ngo__isnull=False), name="project_committed_by_sector"),
            # The public catalogue and API count and page the public projects in appendix order from it
            # (projects.appendix_order): 40 ms of counting at 100,000 projects through the table, 7 from here. Its
            # statuses are projects.lifecycle.PUBLIC (which imports this module); a test keeps them the same.
            models.Index(fields=["sector", "position"], condition=Q(status__in=PUBLIC_STATUSES), name="project_public_in_order"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["sector", "position"], name="project_unique_position_in_sector"),
            models.CheckConstraint(
                condition=Q(start_year__isnull=True) | Q(end_year__isnull=True) | Q(end_year__gte=F("start_year")),
                name="project_end_not_before_start",
                violation_error_message=_("The end year cannot come before the start year."),
            ),
            models.CheckConstraint(
                condition=Q(start_year__isnull=True) | Q(start_year__range=PLAUSIBLE_YEARS),
                name="project_start_year_plausible",
            ),
            models.CheckConstraint(
                condition=Q(end_year__isnull=True) | Q(end_year__range=PLAUSIBLE_YEARS),
                name="project_end_year_plausible",
            ),
        ]

    def __str__(self):
        return f"{self.sector.numeral}.{self.position} {self.name}" if self.sector_id else self.name

    def clean(self):
        if self.sector_id and self.programme_id and self.sector.programme_id != self.programme_id:
            raise ValidationError({"sector": _("The sector belongs to another programme.")})

    @property
    def period_label(self) -> str:
        if self.start_year and self.end_year and self.start_year != self.end_year:
            return f"{self.start_year}-{self.end_year}"
        return str(self.start_year or self.end_year or "")


class BudgetLine(models.Model):
    """One budget line of a project; most projects have one, II.6 of the seed has four.

    An empty amount is unknown, never 0; where all three are known the total is
    aid sought plus counterpart funds, which the database enforces.
    """

    # Tuples: forms and formsets extend the lists they are given, which must not change these.
    AMOUNT_FIELDS = ("total", "aid_sought", "counterpart")
    EDITABLE_FIELDS = ("description", "description_en", *AMOUNT_FIELDS, "notes", "notes_en")

    project = models.ForeignKey(Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="lines")
    position = models.PositiveSmallIntegerField(_("position"))
    description = models.TextField(_("description"), blank=True)
    description_en = models.TextField(_("description in English"), blank=True)
    total = models.DecimalField(_("total budget (million VND)"), **AMOUNT)
    aid_sought = models.DecimalField(_("aid sought (million VND)"), **AMOUNT)
    counterpart = models.DecimalField(_("counterpart funds (million VND)"), **AMOUNT)
    notes = models.TextField(_("notes"), blank=True)
    notes_en = models.TextField(_("notes in English"), blank=True)
    is_derived = models.BooleanField(
        _("derived"), default=False, help_text=_("The source prints the amount, but it was lost when the source's text was extracted; it is computed from the line's text.")
    )
    derivation = models.CharField(_("how it was derived"), max_length=300, blank=True)
    derivation_en = models.CharField(_("how it was derived, in English"), max_length=300, blank=True)
    source_ref = models.CharField(_("source row"), max_length=200, blank=True)

    objects = BudgetLineQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        ordering = ["project", "position"]
        constraints = [
            models.UniqueConstraint(fields=["project", "position"], name="budgetline_unique_position"),
            models.CheckConstraint(
                condition=(Q(total__isnull=True) | Q(total__gte=0))
                & (Q(aid_sought__isnull=True) | Q(aid_sought__gte=0))
                & (Q(counterpart__isnull=True) | Q(counterpart__gte=0)),
                name="budgetline_amounts_not_negative",
                violation_error_message=_("Amounts cannot be negative."),
            ),
            models.CheckConstraint(
                # Compared in whole thousandths: SQLite adds decimals as floats, so 28740.904 + 5659 != 34399.904 there.
                condition=Q(total__isnull=True)
                | Q(aid_sought__isnull=True)
                | Q(counterpart__isnull=True)
                | Q(Exact(Round(F("total") * 1000), Round((F("aid_sought") + F("counterpart")) * 1000))),
                name="budgetline_total_is_aid_plus_counterpart",
                violation_error_message=_("The total must equal aid sought plus counterpart funds."),
            ),
        ]

    def __str__(self):
        return f"{self.project} — {self.position}"

    def clean(self):
        if None not in (self.total, self.aid_sought, self.counterpart):
            difference = Decimal(self.total) - Decimal(self.aid_sought) - Decimal(self.counterpart)
            if difference:
                raise ValidationError(
                    _("The total (%(total)s) must equal aid sought plus counterpart funds (%(sum)s); the difference is %(diff)s.")
                    % {
                        "total": format_amount(self.total),
                        "sum": format_amount(Decimal(self.aid_sought) + Decimal(self.counterpart)),
                        "diff": format_amount(abs(difference)),
                    }
                )

    def get_constraints(self):
        # clean() reports a wrong total with the difference; the same constraint would say it again, less helpfully.
        return [
            (model, [c for c in constraints if c.name != "budgetline_total_is_aid_plus_counterpart"])
            for model, constraints in super().get_constraints()
        ]
