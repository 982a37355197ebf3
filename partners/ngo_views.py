"""The NGO registry's pages: the list (filters, search without diacritics, pages, Excel), an NGO's page with its
contacts, certificates as a chain of renewals and, for those who may see them, the police's security opinions; the
coordinator's forms (partners/services.py writes). Who sees what: partners/ngo_access.py."""
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from partners.ngo_access import registry_access
from partners.ngo_forms import ContactForm, NGOFilterForm, NGOForm, RegistrationForm, SecurityOpinionForm, certificate_state
from partners.ngo_list_xlsx import ngo_list_xlsx
from partners.models import NGO, NGOContact, NGORegistration
from partners.services import ngo_contact_save, ngo_registration_change, ngo_registration_record, ngo_registration_renew, ngo_save, ngo_security_opinion_record
from socaid.downloads import download, file_stem

PAGE_SIZE = 50


def _with_states(ngos, today):
    for ngo in ngos:
        ngo.certificate_state = certificate_state(list(ngo.registrations.all()), today)
    return ngos


def ngo_list(request):
    access = registry_access(request.user)
    access.require_registry()
    today = timezone.localdate()
    form = NGOFilterForm(request.GET)
    ngos = form.ngos(today).with_registry().prefetch_related("contacts").order_by("name_original", "pk")
    if request.GET.get("export") == "xlsx":
        return download(ngo_list_xlsx(_with_states(list(ngos), today)), file_stem("ngo-list"), "xlsx")
    page = Paginator(ngos, PAGE_SIZE).get_page(request.GET.get("page"))
    _with_states(page.object_list, today)
    return render(request, "partners/ngo_list.html", {"form": form, "page": page, "can_edit": access.is_coordinator})


def ngo_detail(request, pk):
    access = registry_access(request.user)
    access.require_registry()
    today = timezone.localdate()
    ngo = get_object_or_404(NGO.objects.with_registry().prefetch_related("contacts"), pk=pk)
    registrations = list(ngo.registrations.all())
    opinions = None
    if access.can_see_security_opinions:
        opinions = list(ngo.security_opinions.select_related("given_by", "recorded_by"))
    return render(request, "partners/ngo_detail.html", {
        "ngo": ngo, "chains": renewal_chains(registrations), "state": certificate_state(registrations, today), "today": today,
        "contacts": list(ngo.contacts.all()), "opinions": opinions, "can_edit": access.is_coordinator,
        "can_record_opinion": access.can_see_security_opinions and access.police_organisations().exists(),
    })


def renewal_chains(registrations):
    """The certificates as chains, each from the latest renewal back to the first certificate; the chain with the
    latest certificate first."""
    renewed_by = {r.renews_id: r for r in registrations if r.renews_id}
    latest = [r for r in registrations if r.pk not in renewed_by]
    chains = []
    for last in latest:
        chain, current = [last], last
        by_pk = {r.pk: r for r in registrations}
        while current.renews_id and current.renews_id in by_pk:
            current = by_pk[current.renews_id]
            chain.append(current)
        chains.append(chain)
    return sorted(chains, key=lambda chain: chain[0].expires_on, reverse=True)


def ngo_edit(request, pk=None):
    registry_access(request.user).require_coordinator()
    ngo = get_object_or_404(NGO, pk=pk) if pk else None
    form = NGOForm(request.POST or None, instance=ngo)
    if request.method == "POST" and form.is_valid():
        try:
            ngo = ngo_save(by=request.user, ngo=ngo, values=form.cleaned_data)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("The NGO is saved."))
            return redirect("ngos:detail", pk=ngo.pk)
    title = _("Change the NGO") if ngo else _("Add an NGO to the registry")
    return _form_page(request, form, title, ngo)


def contact_edit(request, pk, contact_pk=None):
    registry_access(request.user).require_coordinator()
    ngo = get_object_or_404(NGO, pk=pk)
    contact = get_object_or_404(NGOContact, pk=contact_pk, ngo=ngo) if contact_pk else None
    form = ContactForm(request.POST or None, instance=contact)
    if request.method == "POST" and form.is_valid():
        try:
            ngo_contact_save(by=request.user, ngo=ngo, contact=contact, values=form.cleaned_data)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("The contact is saved."))
            return redirect("ngos:detail", pk=ngo.pk)
    return _form_page(request, form, _("Change the contact") if contact else _("Add a contact"), ngo)


def registration_edit(request, pk, registration_pk=None, renew=False):
    """A new certificate, a correction of one (``registration_pk``), or the renewal of one (``renew``)."""
    registry_access(request.user).require_coordinator()
    ngo = get_object_or_404(NGO, pk=pk)
    registration = get_object_or_404(NGORegistration, pk=registration_pk, ngo=ngo) if registration_pk else None
    if renew:
        initial = {"kind": registration.kind, "issuer": registration.issuer, "issued_on": registration.expires_on,
                   "provinces": list(registration.provinces.all()), "fields": list(registration.fields.all())}
        form = RegistrationForm(request.POST or None, initial=initial)
    else:
        form = RegistrationForm(request.POST or None, instance=registration)
    if request.method == "POST" and form.is_valid():
        try:
            if renew:
                ngo_registration_renew(by=request.user, registration=registration, values=form.cleaned_data)
            elif registration:
                ngo_registration_change(by=request.user, registration=registration, values=form.cleaned_data)
            else:
                ngo_registration_record(by=request.user, ngo=ngo, values=form.cleaned_data)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("The certificate is saved."))
            return redirect("ngos:detail", pk=ngo.pk)
    if renew:
        title = _("Renew certificate %(number)s") % {"number": registration.number}
    else:
        title = _("Correct certificate %(number)s") % {"number": registration.number} if registration else _("Record a certificate")
    return _form_page(request, form, title, ngo)


def security_opinion_add(request, pk):
    access = registry_access(request.user)
    access.require_security_opinions()
    police = access.police_organisations()
    ngo = get_object_or_404(NGO, pk=pk)
    form = SecurityOpinionForm(request.POST or None, police=police)
    if request.method == "POST" and form.is_valid():
        try:
            ngo_security_opinion_record(by=request.user, ngo=ngo, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("The security opinion is recorded."))
            return redirect("ngos:detail", pk=ngo.pk)
    return _form_page(request, form, _("Record the police's security opinion"), ngo)


def _form_page(request, form, title, ngo):
    status = 400 if request.method == "POST" else 200
    return render(request, "partners/ngo_form.html", {"form": form, "title": title, "ngo": ngo}, status=status)
