"""Counts of related rows as correlated subqueries.

Counting two relations of a row with ``Count(..., distinct=True)`` joins both, so the database builds the product
of their rows before counting: the list of programmes, with 100,000 projects and six sectors each, spent 2.6 s of
SQL on 600,000 rows to print three figures. A subquery per count is served by the foreign key's index.
"""
from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce


def count_of(queryset, link):
    """How many rows of ``queryset`` point to the outer row through the field ``link`` (0 for none)."""
    counted = queryset.filter(**{link: OuterRef("pk")}).order_by().values(link).annotate(n=Count("*")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)
