"""The printed documents as PDF, drawn by WeasyPrint from the very page the browser prints (renderers.html).

Nothing is fetched from the network: the page's only outside reference, its stylesheet's ``{% static %}`` URL,
is answered from the local file, and every other URL is refused. Fonts come from the system (fontconfig):
Liberation Serif 2 (Debian's fonts-liberation2) has Times New Roman's metrics and every Vietnamese letter.
"""
import mimetypes
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.templatetags.static import PrefixNode
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

from reporting.renderers.html import appendix_html, plan_html
from socaid.text import without_controls


def appendix_pdf(appendix) -> bytes:
    return html_to_pdf(appendix_html(appendix))


def plan_pdf(plan) -> bytes:
    return html_to_pdf(plan_html(plan))


def html_to_pdf(html: str) -> bytes:
    base_url = base_url_for_documents()
    html = without_controls(html)  # WeasyPrint would print a stored backspace as a glyph (socaid.text)
    document = HTML(string=html, base_url=base_url, url_fetcher=LocalStaticFetcher(base_url))
    return document.write_pdf()


def base_url_for_documents() -> str:
    """Where the page's relative URLs point: the project folder, as a file URL (only static URLs are served)."""
    return Path(settings.BASE_DIR).resolve().as_uri() + "/"


class LocalStaticFetcher(URLFetcher):
    """Serves the site's static files from disk and refuses every other URL, so a PDF never waits on a network."""

    def __init__(self, base_url):
        super().__init__(allowed_protocols=("file", "data"), allow_redirects=False)
        self.static_prefix = urljoin(base_url, PrefixNode.handle_simple("STATIC_URL"))

    def fetch(self, url, headers=None):
        if url.startswith("data:"):
            return super().fetch(url, headers)
        path = self.static_path(url)
        if path is None:
            raise ValueError(f"The report refers to {url}, which is not one of the site's static files; not fetched.")
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(path.as_uri(), path.read_bytes(), {"Content-Type": content_type})

    def static_path(self, url):
        if not url.startswith(self.static_prefix):
            return None
        name = unquote(urlsplit(url[len(self.static_prefix):]).path)
        if not name:
            return None
        found = finders.find(name)
        if found:
            return Path(found)
        try:  # a collected (possibly hashed) name, as the manifest storage writes them in STATIC_ROOT
            path = Path(staticfiles_storage.path(name))
        except Exception:  # no local storage, or a name outside it
            return None
        return path if path.is_file() else None
