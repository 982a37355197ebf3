"""The road from an NGO's interest to money spent, per project (issue 15): pledges, agreements (commitments) with
their approval, disbursements by year, and the counterpart funds the province plans and spends by year.

Amounts keep the currency they were agreed in, with each entry's own rate to VND, its date and source; a figure in
million VND is computed from each entry by ``million_vnd()`` and rounded once, to the thousand VND, so that any
total is the sum of its printed entries. A project may have several NGOs, each with its own pledge and agreement.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from partners.models import NGO
from projects.amounts import MILLION, VND, thousandth
from projects.models.proposals import PLAUSIBLE_YEARS, Project

MONEY = {"max_digits": 18, "decimal_places": 2}


class ForeignAmount(models.Model):
    """An amount in its own currency, with the rate that turns it into VND (1 for VND), its date and source."""

    amount = models.DecimalField(_("amount"), **MONEY)
    currency = models.CharField(_("currency"), max_length=3, default=VND, help_text=_("ISO code: VND, USD, EUR, AUD…"))
    rate_to_vnd = models.DecimalField(_("rate to VND"), max_digits=14, decimal_places=4, help_text=_("VND for one unit of the currency."))
    rate_date = models.DateField(_("date of the rate"))
    rate_source = models.CharField(_("source of the rate"), max_length=200, blank=True)

    class Meta:
        abstract = True

    def million_vnd(self):
        """The amount in million VND at the entry's own rate, to the thousand VND, half up: the one rounding."""
        return thousandth(self.amount * self.rate_to_vnd / MILLION)


def money_constraints(prefix):
    return [
        models.CheckConstraint(condition=Q(amount__gt=0), name=f"{prefix}_amount_positive"),
        models.CheckConstraint(condition=Q(rate_to_vnd__gt=0), name=f"{prefix}_rate_positive"),
        models.CheckConstraint(condition=~Q(currency=VND) | Q(rate_to_vnd=1), name=f"{prefix}_vnd_rate_is_one"),
    ]


class Recorded(models.Model):
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        abstract = True


class Pledge(ForeignAmount, Recorded):
    """An NGO says it will fund the project, for an amount in its currency, on a day (not yet an agreement)."""

    project = models.ForeignKey(Project, verbose_name=_("project"), on_delete=models.PROTECT, related_name="pledges")
    ngo = models.ForeignKey(NGO, verbose_name=_("NGO"), on_delete=models.PROTECT, related_name="pledges")
    pledged_on = models.DateField(_("pledged on"))
    # The expression of interest it came from, when there was one (the public page's form).
    interest = models.ForeignKey("projects.Interest", verbose_name=_("expression of interest"), null=True, blank=True, on_delete=models.SET_NULL, related_name="pledges")

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("pledge")
        verbose_name_plural = _("pledges")
        ordering = ["project", "pledged_on", "pk"]
        constraints = money_constraints("pledge")


class Agreement(ForeignAmount, Recorded):
    """The commitment: the aid agreement an NGO signs for the project, and its approval by the province.

    Decree 313/2025/NĐ-CP governs the approval of non-refundable aid outside ODA; the approving document is recorded
    by its reference (number and date), the file itself stays in the province's document system."""

    project = models.ForeignKey(Project, verbose_name=_("project"), on_delete=models.PROTECT, related_name="agreements")
    ngo = models.ForeignKey(NGO, verbose_name=_("NGO"), on_delete=models.PROTECT, related_name="agreements")
    pledge = models.OneToOneField(Pledge, verbose_name=_("pledge"), null=True, blank=True, on_delete=models.SET_NULL, related_name="agreement")
    signed_on = models.DateField(_("signed on"))
    decision_number = models.CharField(_("approving decision number"), max_length=80, blank=True)
    decision_date = models.DateField(_("approving decision date"), null=True, blank=True)
    approval_reference = models.CharField(
        _("approval under Decree 313/2025/NĐ-CP"), max_length=200, blank=True,
        help_text=_("The document approving the aid: its number, date and issuer."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("aid agreement")
        verbose_name_plural = _("aid agreements")
        ordering = ["project", "signed_on", "pk"]
        constraints = [
            *money_constraints("agreement"),
            models.CheckConstraint(condition=Q(decision_date__isnull=True) | Q(decision_date__gte=F("signed_on")) | Q(decision_number=""), name="agreement_decision_not_before_signing"),
        ]

    @property
    def is_approved(self):
        return bool(self.decision_number and self.decision_date)


class Disbursement(ForeignAmount, Recorded):
    """Money an NGO paid out under an agreement in a year, in the currency and at the rate of the transfer."""

    agreement = models.ForeignKey(Agreement, verbose_name=_("aid agreement"), on_delete=models.PROTECT, related_name="disbursements")
    year = models.PositiveSmallIntegerField(_("year"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("disbursement")
        verbose_name_plural = _("disbursements")
        ordering = ["agreement", "year", "pk"]
        constraints = [
            *money_constraints("disbursement"),
            models.CheckConstraint(condition=Q(year__gte=PLAUSIBLE_YEARS[0], year__lte=PLAUSIBLE_YEARS[1]), name="disbursement_year_plausible"),
        ]


class CounterpartFunds(Recorded):
    """The province's side of a project in a year, in million VND: what the budget estimate must hold (planned, by
    the Finance department, task 5 of the plan) and what was spent."""

    project = models.ForeignKey(Project, verbose_name=_("project"), on_delete=models.PROTECT, related_name="counterpart_years")
    year = models.PositiveSmallIntegerField(_("year"))
    planned = models.DecimalField(_("planned (million VND)"), max_digits=15, decimal_places=3, null=True, blank=True)
    spent = models.DecimalField(_("spent (million VND)"), max_digits=15, decimal_places=3, null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("counterpart funds of a year")
        verbose_name_plural = _("counterpart funds by year")
        ordering = ["project", "year"]
        constraints = [
            models.UniqueConstraint(fields=["project", "year"], name="counterpart_once_per_year"),
            models.CheckConstraint(condition=Q(planned__isnull=True) | Q(planned__gte=0), name="counterpart_planned_not_negative"),
            models.CheckConstraint(condition=Q(spent__isnull=True) | Q(spent__gte=0), name="counterpart_spent_not_negative"),
            models.CheckConstraint(condition=Q(year__gte=PLAUSIBLE_YEARS[0], year__lte=PLAUSIBLE_YEARS[1]), name="counterpart_year_plausible"),
        ]
