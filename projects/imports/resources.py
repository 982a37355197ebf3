"""django-import-export resources: the flat list of the bank (a row per budget line), the NGO registry and the
organisations, in the columns the importers read back."""
import datetime

from import_export import fields, resources
from import_export.widgets import ForeignKeyWidget, Widget

from partners.countries import countries, country_code
from partners.models import NGO, AdministrativeUnit, Organisation, UnitSuccession
from partners.services import succession_errors
from projects.imports.columns import BANK_COLUMNS
from django.core.exceptions import NON_FIELD_ERRORS
from django.utils import translation
from django.utils.translation import gettext as _

from projects.models import BudgetLine, ImportRecord
from socaid.text import fold

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

    @classmethod
    def exported(cls):
        """The rows an export writes, in the order it writes them."""
        return cls._meta.model.objects.order_by("code")

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


class UnitCodeWidget(ForeignKeyWidget):
    """An administrative unit given by its portal code (the one on its page and in the units list's export)."""

    def __init__(self):
        super().__init__(AdministrativeUnit, field="code")

    def clean(self, value, row=None, **kwargs):
        code = str(value or "").strip()
        if not code:
            return None
        unit = AdministrativeUnit.objects.filter(code=code).first()
        if unit is None:
            raise ValueError(_("No administrative unit has the code “%(code)s”: use the portal code shown on the unit's page.") % {"code": code})
        return unit


class ChoiceWidget(Widget):
    """A choice written as its label in the reader's language; read back from its value or its label in either
    language, with or without diacritics."""

    def __init__(self, choices, **kwargs):
        super().__init__(**kwargs)
        self.choices = choices

    def clean(self, value, row=None, **kwargs):
        text = fold(str(value or ""))
        if not text:
            return None
        for choice in self.choices:
            with translation.override("en"):
                english = fold(str(choice.label))
            with translation.override("vi"):
                vietnamese = fold(str(choice.label))
            if text in (choice.value, english, vietnamese):
                return choice.value
        labels = ", ".join(f"“{choice.label}”" for choice in self.choices)
        raise ValueError(_("“%(value)s” is not one of %(labels)s.") % {"value": value, "labels": labels})

    def render(self, value, obj=None, **kwargs):
        return str(self.choices(value).label) if value else ""


class DayWidget(Widget):
    """A day: a date cell, or text written day first (30/06/2025) or as 2025-06-30; written as a date cell."""

    FORMATS = ("%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d")

    def clean(self, value, row=None, **kwargs):
        if value in (None, ""):
            return None
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        for format_ in self.FORMATS:
            try:
                return datetime.datetime.strptime(str(value).strip(), format_).date()
            except ValueError:
                continue
        raise ValueError(_("“%(value)s” is not a date: write it as dd/mm/yyyy, e.g. 01/07/2025.") % {"value": value})

    def render(self, value, obj=None, **kwargs):
        return value


class SuccessionResource(RegistryResource):
    """Successions of administrative units, matched on their pair of units: a coordinator exports them, completes
    them in a spreadsheet (the act, its date, the units the loaded data could not tell) and imports them back.
    Each row is checked as the unit's page checks it (partners.services.succession_errors)."""

    kind = ImportRecord.Kind.SUCCESSIONS

    predecessor = fields.Field(attribute="predecessor", column_name="predecessor", widget=UnitCodeWidget())
    successor = fields.Field(attribute="successor", column_name="successor", widget=UnitCodeWidget())
    extent = fields.Field(attribute="extent", column_name="extent", widget=ChoiceWidget(UnitSuccession.Extent))
    effective_on = fields.Field(attribute="effective_on", column_name="effective_on", widget=DayWidget())
    act_date = fields.Field(attribute="act_date", column_name="act_date", widget=DayWidget())

    class Meta:
        model = UnitSuccession
        import_id_fields = ["predecessor", "successor"]
        fields = ["predecessor", "successor", "extent", "effective_on", "legal_act", "act_date", "notes"]
        skip_unchanged = True
        report_skipped = True
        use_transactions = True
        clean_model_instances = True

    @classmethod
    def exported(cls):
        return UnitSuccession.objects.select_related("predecessor", "successor").order_by("effective_on", "successor__code", "predecessor__code")

    def get_instance(self, instance_loader, row):
        try:
            return super().get_instance(instance_loader, row)
        except ValueError:
            return None  # an unknown unit's code: reported on its column with the row's other errors

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        errors = dict(import_validation_errors or {})
        found = succession_errors(
            predecessor=instance.predecessor if instance.predecessor_id else None,
            successor=instance.successor if instance.successor_id else None,
            effective_on=instance.effective_on, legal_act=instance.legal_act, act_date=instance.act_date, succession=instance,
        )
        # A row's issue names its column: what concerns the pair as a whole is shown on the successor's.
        if NON_FIELD_ERRORS in found:
            found.setdefault("successor", []).extend(found.pop(NON_FIELD_ERRORS))
        for field, messages in found.items():
            errors.setdefault(field, messages)  # a column already refused (an unknown code, a bad date) says why once
        # The pair is checked above in words a coordinator reads; the database's constraint would say it in its own.
        super().validate_instance(instance, errors, validate_unique=False)
