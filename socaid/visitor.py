"""One person at one browser, talking HTTP to a running portal: their own cookies, the CSRF token sent back with
every form, no redirect followed (the caller sees each 302 and where it goes).

Used by the soak run (projects/management/commands/soak.py) and by the tests that start a real server
(tests/support/live_site.py): standard library only, so that it runs wherever the portal does.
"""
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from dataclasses import dataclass, field
from html.parser import HTMLParser
from http.cookiejar import CookieJar


@dataclass
class Answer:
    status: int
    content: bytes
    headers: dict = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def text(self):
        return self.content.decode("utf-8", errors="replace")

    @property
    def location(self):
        return self.headers.get("Location", "")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class FormFields(HTMLParser):
    """The name/value pairs a browser would send for the first form of class ``form_class``."""

    def __init__(self, form_class):
        super().__init__()
        self.form_class = form_class
        self.fields = []
        self._inside = self._done = False
        self._select = self._textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and not self._done and self.form_class in (attrs.get("class") or "").split():
            self._inside = True
        if not self._inside:
            return
        if tag == "input" and attrs.get("name"):
            kind = attrs.get("type", "text")
            if kind in ("submit", "button", "file") or (kind in ("checkbox", "radio") and "checked" not in attrs):
                return
            self.fields.append((attrs["name"], attrs.get("value") or ("on" if kind == "checkbox" else "")))
        elif tag == "select":
            self._select = attrs.get("name")
        elif tag == "option" and self._select and "selected" in attrs:
            self.fields.append((self._select, attrs.get("value", "")))
        elif tag == "textarea":
            self._textarea = attrs.get("name")
            self.fields.append((self._textarea, ""))

    def handle_data(self, data):
        if self._textarea:
            name, value = self.fields[-1]
            self.fields[-1] = (name, value + data)

    def handle_endtag(self, tag):
        if tag == "form" and self._inside:
            self._inside, self._done = False, True
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def form_fields(html, form_class):
    parser = FormFields(form_class)
    parser.feed(html)
    return parser.fields


def multipart(fields, files):
    """(body, content type) of a form with ``files``: {name: (file name, bytes, content type)}."""
    boundary = uuid.uuid4().hex
    parts = []
    for name, value in fields:
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
    for name, (file_name, content, content_type) in files.items():
        head = (f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{file_name}"\r\n'
                f"Content-Type: {content_type}\r\n\r\n")
        parts.append(head.encode() + content + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


class Refused(AssertionError):
    """The portal did not answer a step of a person's way through it as that person expects."""


class Visitor:
    def __init__(self, base_url, timeout=60):
        self.base_url = base_url
        self.timeout = timeout
        self.cookies = CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies), _NoRedirect)

    def answer(self, path, data=None, files=None):
        """The Answer to a GET, or to a POST of ``data`` (a list of pairs, and ``files``) with the CSRF token.
        A refused connection or a timeout is an Answer too, of status 0, so that a load run counts it."""
        body, headers = None, {}
        if data is not None:
            fields = [*data, ("csrfmiddlewaretoken", self.csrf_token())]
            if files:
                body, content_type = multipart(fields, files)
            else:
                body, content_type = urllib.parse.urlencode(fields).encode(), "application/x-www-form-urlencoded"
            headers = {"Referer": self.base_url + path, "Content-Type": content_type}
        request = urllib.request.Request(self.base_url + path, data=body, headers=headers)
        started = time.monotonic()
        try:
            with self.opener.open(request, timeout=self.timeout) as response:
                status, content, response_headers = response.status, response.read(), dict(response.headers)
        except urllib.error.HTTPError as error:
            status, content, response_headers = error.code, error.read(), dict(error.headers)
        except (OSError, urllib.error.URLError) as error:
            status, content, response_headers = 0, str(error).encode(), {}
        return Answer(status, content, response_headers, time.monotonic() - started)

    def request(self, path, data=None):
        """(status, body) of a GET, or of a POST of ``data`` (a list of pairs) with the CSRF token."""
        answer = self.answer(path, data)
        return answer.status, answer.text

    def csrf_token(self):
        return next((cookie.value for cookie in self.cookies if cookie.name == "csrftoken"), "")

    def form(self, path, form_class):
        status, html = self.request(path)
        if status != 200:
            raise Refused(f"{path} answered {status}")
        return form_fields(html, form_class)

    def sign_in(self, username, password):
        self.request("/accounts/login/")
        status, _ = self.request("/accounts/login/", [("username", username), ("password", password)])
        if status != 302:
            raise Refused(f"{username} could not sign in ({status})")
