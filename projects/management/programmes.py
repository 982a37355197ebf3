"""Finding the programme a command is about: by code or number, or the latest one."""
from django.core.management.base import CommandError

from projects.models import Programme


def find_programme(value):
    if not value:
        programme = Programme.objects.order_by("-start_year").first()
        if programme is None:
            raise CommandError("There is no programme; load one with 'manage.py demo' first.")
        return programme
    programme = Programme.objects.filter(code=value).first() or Programme.objects.filter(number=value).first()
    if programme is None:
        known = ", ".join(Programme.objects.values_list("code", flat=True)) or "none"
        raise CommandError(f"Unknown programme {value!r}; known programmes: {known}.")
    return programme
