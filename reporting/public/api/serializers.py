"""What the API says of each record: public fields only, in both languages (``x`` Vietnamese, ``x_en`` English,
empty where nobody translated it), amounts as decimal strings in million VND."""
from django.utils import translation
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from partners.models import NGO, AdministrativeUnit, Organisation
from projects.models import BudgetLine, Programme, Project, Sector
from reporting.public import records
from reporting.public.filters import STAGE_CHOICES, stage_of

AMOUNT = {"max_digits": 15, "decimal_places": 3, "allow_null": True, "read_only": True}


class OrganisationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Organisation
        fields = ["code", "name", "name_en"]


class NGOSerializer(serializers.ModelSerializer):
    country = serializers.CharField(source="country.code", help_text="ISO 3166-1 alpha-2; empty if unknown.")

    class Meta:
        model = NGO
        fields = ["code", "name_original", "name", "name_en", "acronym", "country"]


class ProgrammeSerializer(serializers.ModelSerializer):
    issuer = OrganisationSerializer(read_only=True)

    class Meta:
        model = Programme
        fields = ["code", "number", "issued_on", "issuer", "title", "title_en", "start_year", "end_year", "aims", "aims_en"]


class SectorSerializer(serializers.ModelSerializer):
    programme = serializers.SlugRelatedField(slug_field="code", read_only=True)
    dac_code = serializers.CharField(help_text="OECD DAC 5-digit purpose code; empty where none was mapped.")

    class Meta:
        model = Sector
        fields = ["id", "programme", "position", "numeral", "name", "name_en", "dac_code"]


class UnitSerializer(serializers.ModelSerializer):
    official_code = serializers.CharField(source="gso_code", help_text="Code in the national list of administrative units; empty where unknown.")
    parent = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)

    class Meta:
        model = AdministrativeUnit
        fields = ["id", "code", "official_code", "name", "name_en", "level", "kind", "parent", "valid_from", "valid_to"]


class ProjectUnitSerializer(serializers.ModelSerializer):
    official_code = serializers.CharField(source="gso_code")

    class Meta:
        model = AdministrativeUnit
        fields = ["id", "code", "official_code", "name", "name_en"]


class BudgetLineSerializer(serializers.ModelSerializer):
    total = serializers.DecimalField(**AMOUNT)
    aid_sought = serializers.DecimalField(**AMOUNT)
    counterpart = serializers.DecimalField(**AMOUNT)

    class Meta:
        model = BudgetLine
        fields = ["position", "description", "description_en", "total", "aid_sought", "counterpart"]


def status_name(project, language):
    with translation.override(language):
        return str(project.get_status_display())


class ProjectSerializer(serializers.ModelSerializer):
    programme = serializers.SlugRelatedField(slug_field="code", read_only=True)
    sector = SectorSerializer(read_only=True)
    host_agency = OrganisationSerializer(read_only=True)
    ngo = NGOSerializer(read_only=True, allow_null=True, help_text="The NGO that committed the aid, once one has.")
    units = ProjectUnitSerializer(source="admin_units", many=True, read_only=True)
    lines = BudgetLineSerializer(many=True, read_only=True)
    total = serializers.DecimalField(**AMOUNT, help_text="Total budget, million VND: the sum of the known amounts of the lines.")
    aid_sought = serializers.DecimalField(**AMOUNT, help_text="Aid sought from NGOs, million VND.")
    counterpart = serializers.DecimalField(**AMOUNT, help_text="Counterpart funds, million VND.")
    stage = serializers.SerializerMethodField(help_text="The catalogue's stage: " + ", ".join(code for code, _label in STAGE_CHOICES if code))
    status_name = serializers.SerializerMethodField()
    status_name_en = serializers.SerializerMethodField()
    page_url = serializers.SerializerMethodField(help_text="The project's public page in Vietnamese.")
    page_url_en = serializers.SerializerMethodField(help_text="The project's public page in English.")

    class Meta:
        model = Project
        fields = [
            "code", "programme", "sector", "position", "name", "name_en", "content", "content_en",
            "location_text", "location_text_en", "units", "start_year", "end_year", "host_agency", "status",
            "status_name", "status_name_en", "stage", "ngo", "total", "aid_sought", "counterpart", "lines",
            "notes", "notes_en", "contact_name", "contact_email", "contact_phone", "page_url", "page_url_en",
        ]

    @extend_schema_field(serializers.ChoiceField(choices=[code for code, _label in STAGE_CHOICES if code]))
    def get_stage(self, project):
        return stage_of(project.status)

    def get_status_name(self, project) -> str:
        return status_name(project, "vi")

    def get_status_name_en(self, project) -> str:
        return status_name(project, "en")

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_page_url(self, project):
        return records.page_url(project, "vi")

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_page_url_en(self, project):
        return records.page_url(project, "en")
