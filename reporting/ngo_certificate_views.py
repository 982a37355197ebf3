"""The page of certificates to watch (reporting/ngo_certificates.py builds it), for those who read the registry."""
from django.shortcuts import render
from django.utils import timezone

from partners.ngo_access import registry_access
from reporting.ngo_certificates import certificate_watch


def ngo_certificates(request):
    registry_access(request.user).require_registry()
    return render(request, "reporting/ngo_certificates.html", {"watch": certificate_watch(timezone.localdate())})
