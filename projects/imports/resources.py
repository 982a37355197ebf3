"""django-import-export resources: the flat list of the bank (a row per budget line), the NGO registry and the
organisations, in the columns the importers read back."""
from import_export import fields, resources
from import_export.widgets import ForeignKeyWidget, Widget

from partners.countries import countries, country_code
from partners.models import NGO, AdministrativeUnit, Organisation
from projects.imports.columns import BANK_COLUMNS
from django.utils.translation import gettext as _

from projects.models import BudgetLine

SEPARATOR = "; "


class BankResource(resources.Resource):
    """A row per budget line; the project's columns repeat on each of its lines. Export only: the bank's import
    (projects.imports.flat) needs the whole file at once to group the lines of a project."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.fields = {key: fields.Field(attribute=key, column_name=heading, dehydrate_method=f"dehydrate_{key}") for key, heading in BANK_COLUMNS}

    def get_export_fields(self, selected_fields=None):
        return list(self.fields.values())

    @staticmethod
    def lines_of(projects):
        return (
            BudgetLine.objects.filter(project__in=projects)
            .select_related("project__programme", "project__sector", "project__host_agency")
            .prefetch_related("project__admin_units")
            .order_by("project__programme__start_year", "project__sector__position", "project__position", "position")
        )

    def dehydrate_code(self, line):
        return line.project.code

    def dehydrate_programme(self, line):
        return line.project.programme.number

    def dehydrate_sector(self, line):
        return line.project.sector.numeral

    def dehydrate_position(self, line):
        return line.project.position

    def dehydrate_host_agency(self, line):
        return line.project.host_agency.name

    def dehydrate_admin_units(self, line):
        return SEPARATOR.join(unit.code for unit in line.project.admin_units.all())

    def dehydrate_status(self, line):
        return line.project.get_status_display()

    def dehydrate_line(self, line):
        return line.position

    def dehydrate_line_description(self, line):
        return line.description

    def dehydrate_line_description_en(self, line):
        return line.description_en

    def dehydrate_line_notes(self, line):
        return line.notes

    def dehydrate_line_notes_en(self, line):
        return line.notes_en

    def dehydrate_total(self, line):
        return line.total

    def dehydrate_aid_sought(self, line):
        return line.aid_sought

    def dehydrate_counterpart(self, line):
        return line.counterpart


def _project_field(name):
    return lambda self, line: getattr(line.project, name)


for _name in ("name", "name_en", "location_text", "location_text_en", "start_year", "end_year", "content", "content_en", "notes", "notes_en"):
    setattr(BankResource, f"dehydrate_{_name}", _project_field(_name))


class RegistryResource(resources.ModelResource):
    """Matched on the stable code; each saved row's history names the import that wrote it (``reason``, given by
    the import page's plan, which keeps the ImportRecord)."""

    def __init__(self, reason="", user=None, **kwargs):
        super().__init__(**kwargs)
        self.reason, self.user = reason, user

    @classmethod
    def import_id_fields_names(cls):
        return list(cls._meta.import_id_fields)

    def before_save_instance(self, instance, row, **kwargs):
        if self.reason:
            instance._change_reason = self.reason
        if self.user is not None:
            instance._history_user = self.user


class CountryWidget(Widget):
    """A country written as its name in the reader's language; read back from a name in either language or a code."""

    def clean(self, value, row=None, **kwargs):
        code = country_code(value)
        if code is None:
            raise ValueError(_("No country is called “%(value)s”: write its name in Vietnamese or English, or its ISO code (CH, US).") % {"value": value})
        return code

    def render(self, value, obj=None, **kwargs):
        return str(countries.name(value)) if value else ""


class NGOResource(RegistryResource):
    country = fields.Field(attribute="country", column_name="country", widget=CountryWidget())

    class Meta:
        model = NGO
        import_id_fields = ["code"]
        fields = ["code", "name_original", "name", "name_en", "acronym", "kind", "country", "website", "relationship", "description", "description_en", "notes"]
        skip_unchanged = True
        report_skipped = True
        use_transactions = True
        clean_model_instances = True  # the model's own validation (choices, lengths) before anything is saved


class OrganisationResource(RegistryResource):
    admin_unit = fields.Field(attribute="admin_unit", column_name="admin_unit", widget=ForeignKeyWidget(AdministrativeUnit, field="code"))
    parent = fields.Field(attribute="parent", column_name="parent", widget=ForeignKeyWidget(Organisation, field="code"))

    class Meta:
        model = Organisation
        import_id_fields = ["code"]
        fields = ["code", "name", "name_en", "short_name", "kind", "admin_unit", "parent", "email", "phone", "address", "valid_from", "valid_to"]
        skip_unchanged = True
        report_skipped = True
        use_transactions = True
        clean_model_instances = True  # the model's own validation (choices, lengths) before anything is saved
