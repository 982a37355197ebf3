from django.db.models import Q, Sum


def budget_sums(lines, *, include_derived=True, where=None):
    """Annotations summing budget lines reached by the path ``lines``, only those ``where`` (a Q) says if given.

    Sum() skips NULLs, so an amount nobody knows stays out of the sum; a group
    with no known amount at all sums to NULL, not 0.
    """
    only = (Q() if include_derived else Q(**{f"{lines}__is_derived": False})) & (where or Q())
    return {
        "total": Sum(f"{lines}__total", filter=only),
        "aid_sought": Sum(f"{lines}__aid_sought", filter=only),
        "counterpart": Sum(f"{lines}__counterpart", filter=only),
    }


def budget_sums_of_lines():
    """The same sums over a BudgetLine queryset itself."""
    return {"total": Sum("total"), "aid_sought": Sum("aid_sought"), "counterpart": Sum("counterpart")}
