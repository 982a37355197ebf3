"""NGOs with certificates dated from today, for the registry's tests."""
import datetime

from django.utils import timezone

from partners.models import NGO, ActivityField, AdministrativeUnit, NGORegistration

OPERATION = NGORegistration.Kind.OPERATION
OFFICE = NGORegistration.Kind.REPRESENTATIVE_OFFICE


def days(n):
    return timezone.localdate() + datetime.timedelta(days=n)


def make_ngo(code, name_original, *, name="", country="DE", kind=NGO.Kind.NGO, relationship=NGO.Relationship.PROSPECTIVE, fields=(), areas=()):
    ngo = NGO.objects.create(code=code, name_original=name_original, name=name, name_en=name_original, country=country, kind=kind, relationship=relationship)
    ngo.fields.set(ActivityField.objects.filter(code__in=fields))
    ngo.areas.set(AdministrativeUnit.objects.filter(code__in=areas))
    return ngo


def certify(ngo, number, *, issued, expires, kind=OPERATION, renews=None, provinces=("soc-trang",)):
    registration = NGORegistration.objects.create(ngo=ngo, kind=kind, number=number, issued_on=issued, expires_on=expires, renews=renews)
    registration.provinces.set(AdministrativeUnit.objects.filter(code__in=provinces))
    return registration
