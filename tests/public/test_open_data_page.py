"""The open-data page: what is offered and on what terms, in the address's language, with addresses that work."""
import re

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", ["vi", "en"])
def test_every_address_it_gives_answers(client, language, django_assert_max_num_queries):
    with django_assert_max_num_queries(4):
        response = client.get(f"/{language}/open-data/")
    assert response.status_code == 200 and "Set-Cookie" not in response.headers
    page = response.content.decode()
    assert f'<html lang="{language}">' in page
    links = set(re.findall(r'href="(/(?:api|open-data|vi|en)[^"]*)"', page.replace("&amp;", "&")))
    expected = {f"/{language}/projects.csv", f"/{language}/projects.csv?programme=all", "/api/v1/projects/", "/api/v1/projects/03-2020-i-01/",
                "/api/v1/programmes/", "/api/v1/sectors/", "/api/v1/units/", "/api/v1/schema/?format=json", "/open-data/iati-activities.xml"}
    assert expected <= links
    for link in sorted(links):
        assert client.get(link).status_code == 200, link
    assert "VN-CT-SOCAID-DEMO-" in page  # how the IATI file names each project


def test_the_api_parameters_are_all_described(client):
    page = client.get("/en/open-data/").content.decode()
    for name in ("q", "programme", "sector", "area", "stage", "aid_min", "aid_max", "year_from", "year_to", "sort", "page"):
        assert f"<code>{name}</code>" in page
