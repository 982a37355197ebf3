"""The API's OpenAPI description (drf-spectacular) matches its answers: every documented endpoint is fetched and its
answer checked against the documented schema, undocumented fields refused."""
import copy

import jsonschema
import pytest
import yaml

from projects.models import Project, Sector
from tests.support.open_data import make_project

pytestmark = pytest.mark.django_db

SCHEMA = "/api/v1/schema/"
# Formats checked too (e-mail, URI, date): the description's "a blank or an e-mail" needs the e-mail checked.
FORMATS = jsonschema.Draft202012Validator.FORMAT_CHECKER
CATALOGUE_PARAMETERS = {"q", "programme", "sector", "area", "stage", "aid_min", "aid_max", "year_from", "year_to", "sort"}


def closed(schema):
    """The schema with every object closed to properties it does not document, so that an undocumented field fails."""
    schema = copy.deepcopy(schema)

    def close(node):
        if isinstance(node, dict):
            if node.get("type") == "object" and "properties" in node:
                node.setdefault("additionalProperties", False)
            for value in node.values():
                close(value)
        elif isinstance(node, list):
            for value in node:
                close(value)

    close(schema)
    return schema


@pytest.fixture
def described(client):
    response = client.get(SCHEMA + "?format=json")
    assert response.status_code == 200 and "Set-Cookie" not in response.headers
    return response.json()


def path_arguments(described):
    """A value for each path parameter: a published project with an NGO and a contact, so that no field is left empty."""
    project = make_project("described", position=70, status=Project.Status.IMPLEMENTING, ngo="tong-lanh-su-quan-uc-tphcm", contact_email="a@example.vn")
    return {"code": {"projects": project.code, "programmes": project.programme.code, "units": "soc-trang-chau-thanh-phu-tan"}, "id": {"sectors": str(Sector.objects.first().pk)}}


def test_the_description_is_openapi_3_1_and_lists_the_catalogues_filters(described):
    assert described["openapi"] == "3.1.0"
    listed = {parameter["name"] for parameter in described["paths"]["/api/v1/projects/"]["get"]["parameters"]}
    assert CATALOGUE_PARAMETERS | {"page"} <= listed
    sort = next(p for p in described["paths"]["/api/v1/projects/"]["get"]["parameters"] if p["name"] == "sort")
    assert "-aid" in sort["schema"]["enum"]
    assert set(described["paths"]) == {
        "/api/v1/projects/", "/api/v1/projects/{code}/", "/api/v1/programmes/", "/api/v1/programmes/{code}/",
        "/api/v1/sectors/", "/api/v1/sectors/{id}/", "/api/v1/units/", "/api/v1/units/{code}/",
    }
    # Its readers are programmers: English unless they ask for Vietnamese.
    assert described["components"]["schemas"]["Project"]["properties"]["code"]["description"] == "Stable code used by imports and links."


def test_yaml_too(client):
    response = client.get(SCHEMA)
    assert response.status_code == 200
    assert yaml.safe_load(response.content)["info"]["title"] == "socaid open data"


def test_every_documented_endpoint_answers_as_documented(client, described, subtests):
    arguments = path_arguments(described)
    components = closed({"components": described["components"]})
    checked = 0
    for path, operations in described["paths"].items():
        operation = operations["get"]
        url = path
        for parameter in operation.get("parameters", []):
            if parameter["in"] == "path":
                url = url.replace("{%s}" % parameter["name"], arguments[parameter["name"]][path.split("/")[3]])
        if path == "/api/v1/projects/":
            url += "?programme=all"
        with subtests.test(path=path):
            response = client.get(url)
            assert response.status_code == 200
            documented = operation["responses"]["200"]["content"]["application/json"]["schema"]
            jsonschema.validate(response.json(), documented | components, cls=jsonschema.Draft202012Validator, format_checker=FORMATS)
            checked += 1
    assert checked == 8


def test_an_undocumented_field_would_fail(described):
    """The check above can fail: an answer with a field the description lacks is refused."""
    components = closed({"components": described["components"]})
    documented = {"$ref": "#/components/schemas/Unit"}
    unit = {"id": 1, "code": "x", "official_code": "", "name": "X", "name_en": "", "level": 1, "kind": "province", "parent": None, "valid_from": None, "valid_to": None}
    jsonschema.validate(unit, documented | components, cls=jsonschema.Draft202012Validator, format_checker=FORMATS)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(unit | {"notes": "staff only"}, documented | components, cls=jsonschema.Draft202012Validator, format_checker=FORMATS)
