"""The catalogue's filters (reporting.public.filters.CatalogueForm) as a filter backend: the API takes the same
query parameters as the catalogue page and its CSV, and its OpenAPI description lists them."""
from django.utils import translation
from rest_framework.exceptions import ValidationError
from rest_framework.filters import BaseFilterBackend

from reporting.public.filters import ALL_PROGRAMMES, SORT_CHOICES, STAGE_CHOICES, CatalogueForm, CatalogueRows

# name -> (OpenAPI schema, description); the form's fields, in its order.
PARAMETERS = {
    "q": ({"type": "string"}, "Words to find in the name, content, location or host agency, with or without diacritics."),
    "programme": (
        {"type": "string"},
        f"A programme's code (see /programmes/); `{ALL_PROGRAMMES}` for every programme. Left out: the programme running today.",
    ),
    "sector": ({"type": "integer"}, "A sector's id (see /sectors/)."),
    "area": ({"type": "integer"}, "An administrative unit's id (see /units/): the projects in it, below it, or in a unit it succeeded."),
    "stage": ({"type": "string", "enum": [code for code, _label in STAGE_CHOICES if code]}, "Seeking aid, funded (being prepared or carried out), or completed."),
    "aid_min": ({"type": "string", "format": "decimal"}, "Aid sought at least this much, million VND (e.g. 5000 or 5000.5)."),
    "aid_max": ({"type": "string", "format": "decimal"}, "Aid sought at most this much, million VND."),
    "year_from": ({"type": "integer"}, "Running in this year or later."),
    "year_to": ({"type": "integer"}, "Running in this year or earlier."),
    "sort": ({"type": "string", "enum": [code for code, _label in SORT_CHOICES]}, "Order; by sector and number within it unless given."),
}


class CatalogueFilter(BaseFilterBackend):
    """Lists only: a project is found by its code whatever the filters would say."""

    def filter_queryset(self, request, queryset, view):
        if getattr(view, "action", None) != "list":
            return queryset
        # Numbers written the English way (5000.5, never the Vietnamese 5.000 for five thousand) and messages in
        # English, whatever language cookie the caller sends: the API is read by programs.
        with translation.override("en"):
            form = CatalogueForm(request.query_params)
            if not form.is_valid():
                # The catalogue page shows an invalid value beside its field and ignores it; a program is told.
                raise ValidationError(form.errors.get_json_data())
            return CatalogueRows(form, queryset)

    def get_schema_operation_parameters(self, view):
        return [
            {"name": name, "in": "query", "required": False, "description": description, "schema": schema}
            for name, (schema, description) in PARAMETERS.items()
        ]
