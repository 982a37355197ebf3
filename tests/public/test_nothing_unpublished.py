"""Issue 14, point 5: nothing unpublished is reachable from the public side, by any URL it has.

One project of every status is made, each named with a mark of its own; then every URL of the public side and the
API (read from the URL configuration: a new public view without an entry in HOW below fails the test) is
requested with every project's code and with every filter the catalogue takes, in both languages, and every
answer, PDFs and workbooks included, is read as text. The marks of the projects that are not public must never
appear; the marks of the public ones must (so the test can fail). Staff data (who edited, internal notes,
officers' e-mail addresses) must not appear either.
"""
import io
import re
import zipfile
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import URLResolver, get_resolver, reverse
from pypdf import PdfReader

from partners.models import NGO, AdministrativeUnit, Membership, Organisation
from projects.lifecycle import PUBLIC
from projects.models import BudgetLine, Programme, Project, Sector
from projects.search import search_text_for

pytestmark = pytest.mark.django_db

STATUSES = list(Project.Status)
OFFICER_EMAIL = "can-bo-noi-bo@socaid.example.gov.vn"
INTERNAL = "GHICHUNOIBO"  # an internal note of the host agency and of the NGO


def mark(status):
    return f"DAU{status.upper()}MOC"


@pytest.fixture
def every_status(programme):
    officer = get_user_model().objects.create_user("probe-officer", email=OFFICER_EMAIL, first_name="Cán bộ", last_name="Nội bộ")
    agency = Organisation.objects.get(code="ubnd-huyen-chau-thanh")
    Organisation.objects.filter(pk=agency.pk).update(notes=f"{INTERNAL} tổ chức")
    Membership.objects.create(user=officer, organisation=agency, role=Membership.Role.OFFICER)
    ngo = NGO.objects.create(code="probe-ngo", name_original="Probe Foundation", notes=f"{INTERNAL} NGO")
    sector = Sector.objects.get(programme=programme, numeral="I")
    unit = AdministrativeUnit.objects.get(code="soc-trang-chau-thanh-phu-tan")
    projects = {}
    for number, status in enumerate(STATUSES, start=1):
        project = Project.objects.create(
            code=f"probe-{status}", programme=programme, sector=sector, position=200 + number, host_agency=agency,
            name=f"Dự án {mark(status)}", name_en=f"Project {mark(status)}", location_text=f"Xã {mark(status)}",
            start_year=2024, end_year=2025, content=f"Nội dung {mark(status)}", content_en=f"Content {mark(status)}",
            status=status, ngo=ngo if status in {"committed", "approved", "implementing", "completed"} else None,
        )
        project.admin_units.add(unit)
        BudgetLine.objects.create(
            project=project, position=1, description=f"Hạng mục {mark(status)}", total=Decimal("700.123"),
            aid_sought=Decimal("600.123"), counterpart=Decimal("100"),
        )
        Project.objects.filter(pk=project.pk).update(search_text=search_text_for(project))
        projects[status] = project
    return {"projects": projects, "sector": sector, "unit": unit, "officer": officer}


def public_url_names(resolver=None, namespace=""):
    """Every named view under the public and API namespaces, as 'namespace:name'."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from public_url_names(entry, inner)
        elif namespace.split(":")[0] in ("public", "api") and entry.name:
            yield f"{namespace}{entry.name}"


def filters(scene):
    """Every filter of the catalogue, each alone, with a search for each project's mark."""
    programme = Programme.objects.get(number="03/CTr-UBND")
    queries = ["", "programme=all", f"programme={programme.code}", f"sector={scene['sector'].pk}", f"area={scene['unit'].pk}",
               "stage=seeking", "stage=funded", "stage=completed", "aid_min=600&aid_max=601", "year_from=2024&year_to=2025",
               "sort=-aid", "sort=name", "page=2", "programme=all&page=2"]
    queries += [f"programme=all&q={mark(status).lower()}" for status in STATUSES]
    return queries


# How each public view is requested: its URL arguments for a scene, and which query strings to try.
def every_code(scene):
    return [{"code": project.code} for project in scene["projects"].values()]


ONE = lambda scene: [{}]  # noqa: E731
PROGRAMMES = lambda scene: ["", "programme=all", f"programme={Programme.objects.get(number='03/CTr-UBND').code}"]  # noqa: E731
HOW = {
    "public:entrance": (ONE, lambda s: [""]),
    "public:home": (ONE, lambda s: [""]),
    "public:catalogue": (ONE, filters),
    "public:catalogue_csv": (ONE, filters),
    "public:project": (every_code, lambda s: [""]),
    "public:interest": (every_code, lambda s: [""]),
    "public:interest_sent": (every_code, lambda s: [""]),
    "public:appendix": (lambda s: [{"format": "pdf"}, {"format": "xlsx"}], PROGRAMMES),
    "public:open_data": (ONE, lambda s: [""]),
    "public:iati": (ONE, lambda s: [""]),
    "public:sitemap": (ONE, lambda s: [""]),
    "public:sitemap_file": (lambda s: [{"number": 1}], lambda s: [""]),
    "public:robots": (ONE, lambda s: [""]),
}


API_HOW = {
    "api:schema": (ONE, lambda s: ["", "format=json"]),
    "api:project-list": (ONE, filters),
    "api:project-detail": (every_code, lambda s: [""]),
    "api:programme-list": (ONE, lambda s: [""]),
    "api:programme-detail": (lambda s: [{"code": s["sector"].programme.code}], lambda s: [""]),
    "api:sector-list": (ONE, lambda s: [""]),
    "api:sector-detail": (lambda s: [{"pk": s["sector"].pk}], lambda s: [""]),
    "api:unit-list": (ONE, lambda s: ["", "page=2"]),
    "api:unit-detail": (lambda s: [{"code": s["unit"].code}], lambda s: [""]),
}


def text_of(response):
    """What a reader (or a program) gets out of the answer: the text of a PDF, the cells of a workbook."""
    body = b"".join(response.streaming_content) if response.streaming else response.content
    kind = response.get("Content-Type", "")
    if kind.startswith("application/pdf"):
        return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(body)).pages)
    if "spreadsheetml" in kind:
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            return "\n".join(archive.read(name).decode("utf-8") for name in archive.namelist() if name.endswith(".xml"))
    return body.decode("utf-8")


def test_every_public_view_is_enumerated():
    names = set(public_url_names())
    assert names, "no public URL found"
    missing = names - set(HOW) - set(API_HOW)
    assert not missing, f"public views without a way to request them here: {sorted(missing)}"


def requests_for(name, scene):
    arguments, queries = HOW.get(name) or API_HOW[name]
    for kwargs in arguments(scene):
        for language in ("vi", "en"):
            try:
                path = reverse(name, kwargs={"lang": language, **kwargs})
            except Exception:
                path = reverse(name, kwargs=kwargs)
                if language == "en":
                    continue
            for query in queries(scene):
                yield f"{path}?{query}" if query else path


def test_nothing_unpublished_is_reachable(every_status, subtests):
    hidden = [mark(status) for status in STATUSES if status not in PUBLIC]
    shown = [mark(status) for status in STATUSES if status in PUBLIC]
    assert hidden and shown
    seen = set()
    client = Client()
    for name in sorted(set(public_url_names())):
        for url in requests_for(name, every_status):
            with subtests.test(url=url):
                response = client.get(url, follow=True)
                assert response.status_code in (200, 404), response.status_code
                text = text_of(response)
                # The page repeats what was searched for (the search box's value, its own links' q=): the reader's
                # words, not a project. Only those places are blanked, so a leaked project's name still shows.
                searched = re.search(r"[?&]q=([^&]*)", url)
                if searched:
                    text = re.sub(r'(value="|q=)' + re.escape(searched.group(1)), "", text, flags=re.I)
                upper = re.sub(r"\s+", "", text).upper()  # a PDF may wrap a word anywhere
                leaked = [m for m in hidden if m in upper]
                assert not leaked, f"{url} shows {leaked}"
                assert OFFICER_EMAIL not in text and INTERNAL not in upper and "probe-officer" not in text
                seen.update(m for m in shown if m in upper)
    assert seen == set(shown), f"public projects never shown: {set(shown) - seen}"
