"""Validity periods shared by administrative units and organisations.

Reforms (the 2025 merger of provinces, the end of the district level, merged
departments) end records instead of renaming them, so every such record carries
the dates it was valid and links to its predecessors and successors.
"""
import datetime
import re

from django.db import models
from django.utils.formats import date_format
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class ValidityQuerySet(models.QuerySet):
    def valid_on(self, day: datetime.date):
        return self.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=day)).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=day)
        )

    def valid_in_years(self, first: int, last: int):
        """Records valid for at least one day between 1 January of first and 31 December of last."""
        return self.filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=datetime.date(last, 12, 31))
        ).filter(Q(valid_to__isnull=True) | Q(valid_to__gte=datetime.date(first, 1, 1)))


class Validity(models.Model):
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True, help_text=_("Empty while still valid."))

    class Meta:
        abstract = True

    def is_valid_on(self, day: datetime.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (self.valid_to is None or day <= self.valid_to)

    def existed_in_years(self, first: int, last: int) -> bool:
        """Valid for at least one day between 1 January of first and 31 December of last."""
        return not ((self.valid_to and self.valid_to.year < first) or (self.valid_from and self.valid_from.year > last))


# A name that already says when it was valid, as the seed's "Thành phố Cần Thơ (trước 01/7/2025)" does: the
# qualifier keeps the name apart from its successor's, and adding the end date would say it twice.
DATED_NAME = re.compile(r"\([^()]*\d{4}\)\s*$")


def label_with_end(name, valid_to):
    """A name, with the day it ended if it has ended and the name does not say so: reformed units keep their old
    names."""
    if valid_to is None or DATED_NAME.search(name):
        return name
    return _("%(name)s (until %(date)s)") % {"name": name, "date": date_format(valid_to, "SHORT_DATE_FORMAT")}


def validity_constraint(name: str):
    return models.CheckConstraint(
        condition=Q(valid_from__isnull=True) | Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
        name=name,
        violation_error_message=_("The end of validity cannot come before its start."),
    )


class Succession(models.Model):
    """A link from a record that ended to the one that took over, with the act that decided it."""

    class Kind(models.TextChoices):
        MERGED = "merged", _("merged into")
        RENAMED = "renamed", _("renamed")
        SPLIT = "split", _("split into")
        REORGANISED = "reorganised", _("reorganised as")

    class Extent(models.TextChoices):
        WHOLE = "whole", _("the whole of it")
        PART = "part", _("part of it")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.MERGED)
    # A district that ended in 2025 went in parts into several new communes: each succession says whether the
    # successor took all of the predecessor or a part, so that a figure is never given whole to each part.
    extent = models.CharField(_("extent"), max_length=10, choices=Extent.choices, default=Extent.WHOLE)
    effective_on = models.DateField(_("effective on"))
    legal_act = models.CharField(_("legal act"), max_length=300, blank=True)
    act_date = models.DateField(_("date of the act"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        abstract = True
        ordering = ["effective_on"]
        constraints = [
            models.UniqueConstraint(fields=["predecessor", "successor"], name="%(class)s_unique_pair"),
            models.CheckConstraint(condition=~Q(predecessor=F("successor")), name="%(class)s_not_self"),
        ]

    def __str__(self):
        return f"{self.predecessor.name} → {self.successor.name} ({date_format(self.effective_on, 'SHORT_DATE_FORMAT')})"
