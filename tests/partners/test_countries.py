"""Countries are ISO 3166-1 codes named in both languages; free text, files and old rows are read into codes."""
import pytest
import tablib
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import translation

from partners.countries import countries, country_code
from partners.models import NGO
from projects.imports.registry import plan_ngo_file
from projects.imports.resources import NGOResource


@pytest.mark.parametrize(
    "text, code",
    [
        ("Thụy Sĩ", "CH"), ("Switzerland", "CH"), ("ch", "CH"), ("CHE", "CH"), ("Thuỵ Sỹ", "CH"),
        ("Hoa Kỳ", "US"), ("Mỹ", "US"), ("USA", "US"), ("United States of America", "US"),
        ("Hàn Quốc", "KR"), ("South Korea", "KR"), ("Nhật Bản", "JP"), ("Úc", "AU"), ("Đức", "DE"),
        ("Czech Republic", "CZ"), ("Anh", "GB"), ("Vương quốc Anh", "GB"), ("", ""), ("Narnia", None),
    ],
)
def test_a_country_is_found_by_its_code_or_its_name_in_either_language(text, code):
    assert country_code(text) == code


@pytest.mark.parametrize(
    "code, vietnamese, english",
    [
        ("CH", "Thụy Sĩ", "Switzerland"), ("KR", "Hàn Quốc", "South Korea"), ("US", "Hoa Kỳ", "United States"),
        ("DE", "Đức", "Germany"), ("GB", "Vương quốc Anh", "United Kingdom"), ("IS", "Iceland", "Iceland"),
        ("NE", "Niger", "Niger"), ("KP", "Triều Tiên", "North Korea"), ("CZ", "Cộng hòa Séc", "Czechia"),
        ("SZ", "Eswatini", "Eswatini"), ("RE", "Réunion", "Réunion"), ("LC", "Saint Lucia", "Saint Lucia"),
        ("AO", "Angola", "Angola"), ("MW", "Malawi", "Malawi"), ("PS", "Palestine", "Palestine"),
    ],
)
def test_countries_are_named_in_both_languages(code, vietnamese, english):
    with translation.override("vi"):
        assert str(countries.name(code)) == vietnamese
    with translation.override("en"):
        assert str(countries.name(code)) == english


def test_no_vietnamese_name_is_a_translated_word_instead_of_the_country():
    """django-countries' Vietnamese translated some names as words: "Tiếng Swaziland", "Đoàn tụ" (Réunion), "Thánh Lucia"."""
    with translation.override("vi"):
        names = [str(country.name) for country in countries]
    assert not [name for name in names if name.startswith(("Tiếng ", "Thánh ", "Đoàn tụ"))]
    assert not [name for name in names if name.endswith(", Bang")]


def test_the_vietnamese_list_is_in_vietnamese_alphabetical_order():
    """Đ is a letter after D: "Đức" comes before "Ecuador", not after "Zimbabwe"."""
    with translation.override("vi"):
        names = [str(country.name) for country in countries]
    assert names.index("Djibouti") < names.index("Dominica") < names.index("Đài Loan") < names.index("Đức") < names.index("Ecuador")
    assert names.index("Angola") < names.index("Ấn Độ") < names.index("Bắc Macedonia") and names.index("Ba Lan") < names.index("Bắc Macedonia")
    assert names[-1] != "Đức" and not names[-1].startswith("Đ")


def _registry_file(country):
    headers = NGOResource().export(NGO.objects.none()).headers
    row = {"code": "helvetas", "name_original": "Helvetas Swiss Intercooperation", "kind": "ngo", "relationship": "prospective", "country": country}
    return tablib.Dataset([row.get(header, "") for header in headers], headers=headers).export("xlsx")


@pytest.mark.django_db
@pytest.mark.parametrize("country", ["Thụy Sĩ", "Switzerland", "CH"])
def test_the_registry_import_reads_a_country_in_either_language_or_a_code(country, users):
    from projects.services import import_apply

    plan = plan_ngo_file(_registry_file(country), "ngos.xlsx", None)
    assert plan.errors == []
    import_apply(plan=plan, by=users["coordinator"])
    assert NGO.objects.get(code="helvetas").country.code == "CH"


@pytest.mark.django_db
def test_the_registry_import_refuses_an_unknown_country_in_vietnamese(users):
    with translation.override("vi"):
        plan = plan_ngo_file(_registry_file("Narnia"), "ngos.xlsx", None)
    assert [(issue.column, issue.message) for issue in plan.errors] == [
        ("country", "Không có quốc gia nào tên là “Narnia”: hãy ghi tên bằng tiếng Việt hoặc tiếng Anh, hoặc mã ISO (CH, US).")
    ]
    assert not NGO.objects.filter(code="helvetas").exists()


def test_the_registry_export_names_the_country_in_the_readers_language(db):
    NGO.objects.create(code="helvetas", name_original="Helvetas", country="CH")
    for language, name in (("vi", "Thụy Sĩ"), ("en", "Switzerland")):
        with translation.override(language):
            dataset = NGOResource().export(NGO.objects.filter(code="helvetas"))
        assert dataset.dict[0]["country"] == name


BEFORE = [("partners", "0002_short_name_is_local_usage"), ("reporting", "0003_line_round")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def _leaves():
    return [key for key in MigrationExecutor(connection).loader.graph.leaf_nodes() if key[0] in ("partners", "reporting")]


@pytest.mark.django_db(transaction=True)
def test_the_migration_turns_free_text_countries_into_codes_and_stops_on_an_unknown_one():
    leaves = _leaves()
    try:
        apps = _migrate(BEFORE)
        old = apps.get_model("partners", "NGO")
        for code, country in (("a", "Thụy Sĩ"), ("b", "USA"), ("c", "Mỹ"), ("d", "Hàn Quốc"), ("e", ""), ("f", "Narnia")):
            old.objects.create(code=code, name_original=code, country=country)
        with pytest.raises(ValueError, match="'Narnia'"):
            _migrate(leaves)
        old.objects.filter(code="f").update(country="Switzerland")
        _migrate(leaves)
        assert dict(NGO.objects.filter(code__in="abcdef").values_list("code", "country")) == {"a": "CH", "b": "US", "c": "US", "d": "KR", "e": "", "f": "CH"}
    finally:
        # Every app back to its latest migration: going back to BEFORE unapplied the projects' migrations that
        # depend on partners' (not among ``leaves``), and a later transactional test would find their columns gone.
        _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())


@pytest.mark.django_db
def test_the_admin_filters_the_registry_by_the_countries_in_use(client, make_user):
    from django.urls import reverse

    NGO.objects.create(code="helvetas", name_original="Helvetas Swiss Intercooperation", country="CH")
    client.force_login(make_user("root", superuser=True))
    page = client.get(reverse("admin:partners_ngo_changelist"), {"country": "CH"}).content.decode()
    assert "Helvetas Swiss Intercooperation" in page and "Australian Consulate-General" not in page
    assert "Thụy Sĩ" in page and "Hàn Quốc" not in page  # the filter offers the registry's countries only
