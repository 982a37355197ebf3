"""/sitemap.xml and /robots.txt: what a search engine may index of the public side, in both languages.

A sitemap file lists at most 50,000 addresses (sitemaps.org); each public page is listed once per language. Up to
that, /sitemap.xml lists every page; past it (a bank of 100,000 published projects makes 200,000 addresses),
/sitemap.xml is a sitemap index naming /sitemap-1.xml, /sitemap-2.xml, … each of which reads only its own projects.
The XML is written in Python: through a template, 50,000 addresses with their alternates took over a second.
"""
import math

from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.html import escape

from projects.models import Project
from reporting.public.pages import LANGUAGE_CODES, public_file

# Sign-in pages and everything staff use: nothing there is for a search engine.
STAFF_PREFIXES = ("/bank/", "/reports/", "/units/", "/admin/", "/accounts/")
# The protocol's limit on the addresses of one file.
URLS_PER_FILE = 50_000
XML = "application/xml; charset=utf-8"
MARKER = "project-code"  # stands for a project's code in its reversed address
NAMESPACES = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'


def linked(name, **kwargs):
    """The page in every language: {code: absolute URL}."""
    return {code: settings.SITE_URL + reverse(name, kwargs={"lang": code, **kwargs}) for code in LANGUAGE_CODES}


def fixed_pages():
    return [linked("public:home"), linked("public:catalogue"), linked("public:open_data")]


def pages_per_file():
    return max(URLS_PER_FILE // len(LANGUAGE_CODES), 1)


def pages(first, count):
    """Public pages as their versions in every language, up to ``count`` of them from the ``first``: the fixed
    pages, then one per public project in the order of their codes."""
    fixed = fixed_pages()
    chosen = fixed[first:first + count]
    start = max(first - len(fixed), 0)
    codes = Project.objects.public().order_by("code").values_list("code", flat=True)[start:start + count - len(chosen)] if count > len(chosen) else []
    # Each project's address is made from one reversed per language: reversing 100,000 of them costs seconds.
    around = {code: url.rpartition(f"/{MARKER}/") for code, url in linked("public:project", code=MARKER).items()}
    return chosen + [{code: f"{before}/{project}/{after}" for code, (before, _marker, after) in around.items()} for project in codes]


def page_count():
    return len(fixed_pages()) + Project.objects.public().count()


def urlset(entries):
    """Each version is a <url> of its own, listing every version as its alternate (what search engines ask for)."""
    parts = [f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset {NAMESPACES} xmlns:xhtml="http://www.w3.org/1999/xhtml">\n']
    for versions in entries:
        alternates = "".join(f'  <xhtml:link rel="alternate" hreflang="{code}" href="{escape(url)}"/>\n' for code, url in versions.items())
        parts.extend(f"<url>\n  <loc>{escape(url)}</loc>\n{alternates}</url>\n" for url in versions.values())
    parts.append("</urlset>\n")
    return HttpResponse("".join(parts), content_type=XML)


@public_file
def sitemap(request):
    total, per_file = page_count(), pages_per_file()
    if total <= per_file:
        return urlset(pages(0, per_file))
    files = [settings.SITE_URL + reverse("public:sitemap_file", args=[number]) for number in range(1, math.ceil(total / per_file) + 1)]
    listed = "".join(f"<sitemap>\n  <loc>{escape(url)}</loc>\n</sitemap>\n" for url in files)
    return HttpResponse(f'<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex {NAMESPACES}>\n{listed}</sitemapindex>\n', content_type=XML)


@public_file
def sitemap_file(request, number):
    """One file of a sitemap index: its share of the pages, in the index's order."""
    per_file = pages_per_file()
    if not 1 <= number <= math.ceil(page_count() / per_file):
        raise Http404
    return urlset(pages((number - 1) * per_file, per_file))


@public_file
def robots(request):
    return render(
        request,
        "public/robots.txt",
        {"disallowed": STAFF_PREFIXES, "sitemap_url": settings.SITE_URL + reverse("public:sitemap")},
        content_type="text/plain; charset=utf-8",
    )
