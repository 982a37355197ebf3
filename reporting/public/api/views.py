"""The API's read-only endpoints. Each queryset starts from Project.objects.public() or reaches only what a public
project uses, and runs a fixed number of queries however many rows a page holds."""
from django.db.models import Exists, OuterRef
from django.utils import translation
from drf_spectacular.views import SpectacularAPIView
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import viewsets

from partners.models import AdministrativeUnit
from projects.models import Programme, Project, Sector
from reporting.public import records
from reporting.public.api import serializers
from reporting.public.api.filters import CatalogueFilter
from reporting.public.api.pagination import Pages


def public_projects():
    return Project.objects.public()


class ReadOnly(viewsets.ReadOnlyModelViewSet):
    """A list in pages and one record by its code (a slug, stable across imports)."""

    pagination_class = Pages
    lookup_field = "code"
    lookup_value_regex = "[-a-zA-Z0-9_]+"


@extend_schema_view(
    list=extend_schema(
        summary="Published projects, filtered and sorted like the public catalogue",
        responses={200: serializers.ProjectSerializer(many=True), 400: OpenApiResponse(description="A filter's value is invalid; the body names it.")},
    ),
    retrieve=extend_schema(summary="One published project, by its code"),
)
class ProjectViewSet(ReadOnly):
    serializer_class = serializers.ProjectSerializer
    filter_backends = [CatalogueFilter]

    def get_queryset(self):
        projects = records.with_related(public_projects())
        # A list gets its sums from the catalogue's filter (CatalogueForm.apply), a project read by its code here.
        return projects if self.action == "list" else projects.with_totals()


@extend_schema_view(
    list=extend_schema(summary="Programmes that have published projects"),
    retrieve=extend_schema(summary="One programme, by its code"),
)
class ProgrammeViewSet(ReadOnly):
    serializer_class = serializers.ProgrammeSerializer

    def get_queryset(self):
        return Programme.objects.filter(Exists(public_projects().filter(programme=OuterRef("pk")))).select_related("issuer").order_by("-start_year", "pk")


@extend_schema_view(
    list=extend_schema(
        summary="Sectors of the programmes that have published projects",
        parameters=[OpenApiParameter("programme", str, description="Only this programme's sectors (its code).")],
    ),
    retrieve=extend_schema(summary="One sector, by its id"),
)
class SectorViewSet(ReadOnly):
    serializer_class = serializers.SectorSerializer
    lookup_field, lookup_value_regex = "pk", "[0-9]+"  # a sector has no code of its own

    def get_queryset(self):
        sectors = Sector.objects.filter(Exists(public_projects().filter(programme=OuterRef("programme")))).select_related("programme")
        if self.action == "list" and (code := self.request.query_params.get("programme")):
            sectors = sectors.filter(programme__code=code)
        return sectors.order_by("-programme__start_year", "position", "pk")


@extend_schema_view(
    list=extend_schema(
        summary="Administrative units: provinces, districts and communes with their official codes and validity",
        parameters=[OpenApiParameter("used", bool, description="`true`: only the units that published projects are placed in.")],
    ),
    retrieve=extend_schema(summary="One administrative unit, by its code"),
)
class UnitViewSet(ReadOnly):
    serializer_class = serializers.UnitSerializer

    def get_queryset(self):
        units = AdministrativeUnit.objects.select_related("parent")
        if self.action == "list" and self.request.query_params.get("used") == "true":
            units = units.filter(pk__in=public_projects().values("admin_units"))
        return units.order_by("level", "name", "valid_from", "pk")


class SchemaView(SpectacularAPIView):
    """The OpenAPI description, as JSON (?format=json) or YAML; in English unless ?lang=vi asks for the Vietnamese
    of the field titles: its readers are programmers."""

    @extend_schema(exclude=True)
    def get(self, request, *args, **kwargs):
        with translation.override("en"):
            return super().get(request, *args, **kwargs)
