"""The administrative units' pages: the list every staff role reads, a unit's page with its predecessors and
successors, and the coordinator's forms that complete or correct the successions (partners/services.py writes)."""
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from partners.forms import SuccessionForm, UnitFilterForm
from partners.models import AdministrativeUnit, UnitSuccession
from partners.roles import rules_of
from partners.services import STALE, succession_version, unit_succession_add, unit_succession_change, unit_succession_delete
from partners.unit_history import succession_history
from partners.unit_list_xlsx import unit_list_xlsx
from socaid.downloads import download, file_stem

OTHER_SIDES = {"successors": "successor", "predecessors": "predecessor"}


def unit_list(request):
    roles = rules_of(request.user)
    roles.require_role()
    form = UnitFilterForm(request.GET)
    units = form.rows(AdministrativeUnit.objects.with_successions())
    if request.GET.get("export") == "xlsx":
        return download(unit_list_xlsx(units), file_stem("units"), "xlsx")
    return render(request, "partners/unit_list.html", {"form": form, "units": units, "is_coordinator": roles.is_coordinator})


def unit_detail(request, pk):
    roles = rules_of(request.user)
    roles.require_role()
    unit = get_object_or_404(AdministrativeUnit.objects.with_successions(), pk=pk)
    children = sorted(unit.children.all(), key=lambda child: (child.valid_to is not None, str(child)))
    return render(request, "partners/unit_detail.html", {
        "unit": unit, "children": children, "history": succession_history(unit), "is_coordinator": roles.is_coordinator,
    })


def succession_add(request, pk, side):
    """Record a predecessor or a successor of the unit ``pk``."""
    rules_of(request.user).require_coordinator()
    unit = get_object_or_404(AdministrativeUnit, pk=pk)
    other_side = OTHER_SIDES[side]
    form = SuccessionForm(request.POST or None, unit=unit, other_side=other_side)
    if request.method == "POST" and form.is_valid():
        try:
            unit_succession_add(by=request.user, **form.values())
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("The succession is recorded."))
            return redirect("partners:unit", pk=unit.pk)
    return _form_page(request, form, unit)


def succession_edit(request, pk, succession_pk):
    rules_of(request.user).require_coordinator()
    unit, succession = _unit_and_succession(pk, succession_pk)
    form = SuccessionForm(request.POST or None, unit=unit, other_side=_other_side(unit, succession), succession=succession)
    if request.method == "POST" and form.is_valid():
        try:
            unit_succession_change(by=request.user, succession_id=succession.pk, values=form.values(), version=form.cleaned_data["version"])
        except ValidationError as error:
            if getattr(error, "code", None) == STALE:
                form.add_error(None, error)
                form.saw_version(succession_version(succession))
            else:
                form.add_service_errors(error)
        else:
            messages.success(request, _("The succession is changed."))
            return redirect("partners:unit", pk=unit.pk)
    return _form_page(request, form, unit, succession)


def succession_delete(request, pk, succession_pk):
    rules_of(request.user).require_coordinator()
    unit, succession = _unit_and_succession(pk, succession_pk)
    if request.method == "POST":
        unit_succession_delete(by=request.user, succession_id=succession.pk)
        messages.success(request, _("The succession is deleted; its history keeps it."))
        return redirect("partners:unit", pk=unit.pk)
    return render(request, "partners/succession_delete.html", {"unit": unit, "succession": succession})


def _unit_and_succession(pk, succession_pk):
    """The unit and one of its successions; 404 for a succession that is not the unit's."""
    unit = get_object_or_404(AdministrativeUnit, pk=pk)
    succession = get_object_or_404(UnitSuccession.objects.select_related("predecessor", "successor"), pk=succession_pk)
    if unit.pk not in (succession.predecessor_id, succession.successor_id):
        raise Http404
    return unit, succession


def _other_side(unit, succession):
    return "successor" if succession.predecessor_id == unit.pk else "predecessor"


def _form_page(request, form, unit, succession=None):
    status = 400 if request.method == "POST" else 200
    return render(request, "partners/succession_form.html", {"form": form, "unit": unit, "succession": succession}, status=status)
