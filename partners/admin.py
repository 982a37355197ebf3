from django.contrib import admin
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.filters import CountryFilter
from simple_history.admin import SimpleHistoryAdmin

from partners import admin_accounts  # noqa: F401  (users and groups, registered on import)
from partners.models import (
    NGO,
    ActivityField,
    AdministrativeUnit,
    Membership,
    NGOContact,
    NGORegistration,
    Organisation,
    OrganisationSuccession,
    UnitSuccession,
)


class StillValidFilter(admin.SimpleListFilter):
    title = _("validity")
    parameter_name = "valid"

    def lookups(self, request, model_admin):
        return [("current", _("still valid")), ("ended", _("ended"))]

    def queryset(self, request, queryset):
        if self.value() == "current":
            return queryset.filter(valid_to__isnull=True)
        if self.value() == "ended":
            return queryset.filter(valid_to__isnull=False)
        return queryset


class SuccessorInline(admin.TabularInline):
    fk_name = "predecessor"
    extra = 0
    autocomplete_fields = ["successor"]
    verbose_name = _("successor")
    verbose_name_plural = _("successors")


class SuccessionAdmin(admin.ModelAdmin):
    list_display = ["predecessor", "kind", "successor", "effective_on", "legal_act"]
    list_filter = ["kind", "effective_on"]
    search_fields = ["predecessor__name", "successor__name", "legal_act"]
    list_select_related = ["predecessor", "successor"]
    autocomplete_fields = ["predecessor", "successor"]


class UnitSuccessorInline(SuccessorInline):
    model = UnitSuccession


@admin.register(AdministrativeUnit)
class AdministrativeUnitAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "parent", "gso_code", "valid_from", "valid_to", "is_khmer_area", "is_extremely_difficult"]
    list_filter = ["level", "kind", StillValidFilter, "is_khmer_area", "is_extremely_difficult", ("parent", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["name", "name_en", "code", "gso_code"]
    list_select_related = ["parent"]
    autocomplete_fields = ["parent"]
    inlines = [UnitSuccessorInline]


admin.site.register(UnitSuccession, SuccessionAdmin)


@admin.register(ActivityField)
class ActivityFieldAdmin(admin.ModelAdmin):
    list_display = ["name", "name_en", "code", "position"]
    search_fields = ["name", "name_en", "code"]


class OrganisationSuccessorInline(SuccessorInline):
    model = OrganisationSuccession


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Organisation)
class OrganisationAdmin(SimpleHistoryAdmin):
    list_display = ["name", "short_name", "kind", "admin_unit", "valid_from", "valid_to"]
    list_filter = ["kind", StillValidFilter, ("admin_unit", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["name", "name_en", "short_name", "code"]
    list_select_related = ["admin_unit"]
    autocomplete_fields = ["admin_unit", "parent"]
    inlines = [OrganisationSuccessorInline, MembershipInline]


admin.site.register(OrganisationSuccession, SuccessionAdmin)


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "organisation", "role", "created_at"]
    list_filter = ["role", ("organisation", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["user__username", "user__first_name", "user__last_name", "organisation__name"]
    list_select_related = ["user", "organisation"]
    autocomplete_fields = ["user", "organisation"]


class NGORegistrationInline(admin.StackedInline):
    model = NGORegistration
    extra = 0
    filter_horizontal = ["provinces", "fields"]


class NGOContactInline(admin.TabularInline):
    model = NGOContact
    extra = 0


@admin.register(NGO)
class NGOAdmin(SimpleHistoryAdmin):
    list_display = ["name_original", "name", "acronym", "kind", "country_name", "relationship"]
    list_filter = ["kind", "relationship", ("country", CountryFilter), "fields"]  # only the countries in use
    search_fields = ["name_original", "name", "name_en", "acronym", "code", "country"]
    filter_horizontal = ["fields"]
    autocomplete_fields = ["areas"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    inlines = [NGORegistrationInline, NGOContactInline]

    @admin.display(description=_("country"), ordering="country")
    def country_name(self, obj):
        # The field's own column looks the name up among its choices, which django-countries builds and sorts
        # again for every row: 250 countries a row, 0.6 s for a page of 100 NGOs.
        return obj.country.name if obj.country else "-"


@admin.register(NGORegistration)
class NGORegistrationAdmin(admin.ModelAdmin):
    list_display = ["ngo", "kind", "number", "issuer", "issued_on", "expires_on"]
    list_filter = ["kind", "expires_on"]
    search_fields = ["number", "ngo__name_original", "ngo__name", "ngo__acronym"]
    list_select_related = ["ngo"]
    autocomplete_fields = ["ngo"]
    filter_horizontal = ["provinces", "fields"]
