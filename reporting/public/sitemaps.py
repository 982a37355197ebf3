"""/sitemap.xml and /robots.txt: what a search engine may index of the public side, in both languages."""
from django.conf import settings
from django.shortcuts import render
from django.urls import reverse

from projects.models import Project
from reporting.public.pages import LANGUAGE_CODES, public_file

# Sign-in pages and everything staff use: nothing there is for a search engine.
STAFF_PREFIXES = ("/bank/", "/reports/", "/units/", "/admin/", "/accounts/")


def linked(name, **kwargs):
    """The page in every language: {code: absolute URL}."""
    return {code: settings.SITE_URL + reverse(name, kwargs={"lang": code, **kwargs}) for code in LANGUAGE_CODES}


def pages():
    """Each public page as its versions in every language: the fixed pages, then one per public project."""
    fixed = [linked("public:home"), linked("public:catalogue"), linked("public:open_data")]
    projects = [linked("public:project", code=code) for code in Project.objects.public().order_by("code").values_list("code", flat=True)]
    return fixed + projects


@public_file
def sitemap(request):
    # Each version is a <url> of its own, listing every version as its alternate (what search engines ask for).
    entries = [(url, versions) for versions in pages() for url in versions.values()]
    return render(request, "public/sitemap.xml", {"entries": entries}, content_type="application/xml; charset=utf-8")


@public_file
def robots(request):
    return render(
        request,
        "public/robots.txt",
        {"disallowed": STAFF_PREFIXES, "sitemap_url": settings.SITE_URL + reverse("public:sitemap")},
        content_type="text/plain; charset=utf-8",
    )
