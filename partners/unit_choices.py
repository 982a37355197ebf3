"""How a form offers administrative units: grouped under their province, city or district, in the order of the
Vietnamese alphabet with numbered wards in their numbers' order, a unit that a reform ended marked as such (its
label says until when, see label_with_end)."""
import re
from collections import defaultdict

from django.utils.translation import gettext_lazy as _

from partners.countries import vietnamese_order


def natural_order(text):
    """'Phường 2' before 'Phường 10'."""
    return vietnamese_order(re.sub(r"\d+", lambda number: number.group().zfill(6), str(text)))


def _unit_order(unit):
    # The units in force first, then those a reform ended; each in alphabetical order.
    return (unit.valid_to is not None, natural_order(unit.name))


def unit_choices(units):
    """Choices for a select or a list of boxes: [(group label, [(pk, label), …]), …], the units without a parent
    first. ``units`` should come with their parents (select_related("parent"))."""
    groups = defaultdict(list)
    for unit in units:
        groups[unit.parent].append(unit)
    parents = sorted((parent for parent in groups if parent is not None), key=lambda parent: (parent.level, *_unit_order(parent)))
    ordered = ([None] if None in groups else []) + parents
    return [
        (str(parent) if parent else _("Provinces and cities"), [(unit.pk, str(unit)) for unit in sorted(groups[parent], key=_unit_order)])
        for parent in ordered
    ]
