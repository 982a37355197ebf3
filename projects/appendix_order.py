"""A list's project ids in the appendix's order (programme by start year, sector, position), a page at a time,
without sorting the whole list for each page.

That order runs through two joined tables, so no index serves it: PostgreSQL sorted all 100,000 projects of the
bank to show 50 (70 ms a page, the list's largest cost). But it is the order of the sectors, then of the
projects' positions within a sector, which the index on (sector, position) holds. So the list is counted by
sector (one grouped query, which also gives its count), the sectors put in order (one small query), and a page
inside one sector read from that index; a page that runs over a sector's end sorts only the sectors it shows.

A list whose every read is costly (the search's, through the trigram index) is read once instead, when it holds
few enough projects: its keys are sorted and paged in memory, where counting it and reading a page would read the
index twice.
"""
from django.db import connection
from django.db.models import Count, F

from projects.models import Sector

# A search's keys are read at once up to this many matches (see above).
SEARCH_LISTED = 10_000
ORDER = [F("programme__start_year").asc(nulls_last=True), F("sector__position").asc(nulls_last=True), F("position").asc(nulls_last=True), "pk"]


def nulls_last(*values):
    """A sort key of ``values`` ascending, None after every number, as ORDER sorts in SQL."""
    return tuple(part for value in values for part in (value is None, value or 0))


class AppendixOrderIds:
    """The ids of ``projects`` (a queryset without aggregates) in appendix order, for a Paginator: count() and
    slices."""

    def __init__(self, projects, *, list_up_to=0):
        """``list_up_to``: read the keys of a list of at most that many projects at once (see above)."""
        self.projects = projects.order_by()
        self.listed = None
        if list_up_to:
            rows = list(self.projects.values_list("pk", "sector_id", "position")[:list_up_to + 1])
            if len(rows) <= list_up_to:
                self._list(rows)
                return
        # COUNT(*), not of a column: PostgreSQL then counts from the index on sector alone.
        counts = dict(self.projects.values_list("sector_id").annotate(n=Count("*")).order_by())
        keys = Sector.objects.filter(pk__in=counts).values_list("pk", "programme_id", "programme__start_year", "position")
        # Sectors whose programmes start the same year and that hold the same position interleave their projects
        # by position: they make one group, read together.
        self.groups = []  # [(start, count, [sector ids])]
        self.programmes = set()
        start, last_key = 0, object()
        for pk, programme_id, start_year, position in sorted(keys, key=lambda k: nulls_last(k[2], k[3])):
            self.programmes.add(programme_id)
            if (start_year, position) == last_key:
                group_start, group_count, sectors = self.groups[-1]
                self.groups[-1] = (group_start, group_count + counts[pk], [*sectors, pk])
            else:
                self.groups.append((start, counts[pk], [pk]))
            start += counts[pk]
            last_key = (start_year, position)
        self.total = start

    def _list(self, rows):
        """The ids of ``rows`` (pk, sector, position), sorted as ORDER sorts them."""
        keys = Sector.objects.filter(pk__in={sector_id for _pk, sector_id, _position in rows}).values_list("pk", "programme_id", "programme__start_year", "position")
        sectors = {pk: (programme_id, start_year, position) for pk, programme_id, start_year, position in keys}
        rows = sorted(rows, key=lambda row: (*nulls_last(*sectors[row[1]][1:], row[2]), row[0]))
        self.listed = [pk for pk, _sector, _position in rows]
        self.programmes = {sectors[sector_id][0] for _pk, sector_id, _position in rows}
        self.total = len(self.listed)

    def count(self):
        return self.total

    def __len__(self):
        return self.total

    def __getitem__(self, page):
        if self.listed is not None:
            return self.listed[page]
        bottom, top = page.start or 0, min(page.stop, self.total)
        shown = [(start, sectors) for start, count, sectors in self.groups if start < top and start + count > bottom]
        if not shown:
            return []
        first = shown[0][0]
        sectors = [pk for _start, group in shown for pk in group]
        if len(shown) == 1 and len(sectors) > 1 and connection.features.supports_slicing_ordering_in_compound:
            # Each sector's first rows from its index, merged: sorting the group's sectors whole cost 15 ms a page.
            # (SQLite cannot slice the parts of a UNION; it sorts the group's rows, as below.)
            parts = [self.projects.filter(sector_id=pk).order_by("position", "pk").values_list("pk", "position")[:top - first] for pk in sectors]
            rows = parts[0].union(*parts[1:], all=True).order_by("position", "pk")
            return [pk for pk, _position in rows[bottom - first:top - first]]
        if len(shown) == 1:  # within one group every project has the same programme year and sector position
            rows = self.projects.filter(sector_id__in=sectors).order_by("position", "pk")
        else:
            rows = self.projects.filter(sector_id__in=sectors).order_by(*ORDER)
        return list(rows.values_list("pk", flat=True)[bottom - first:top - first])
