"""What a page runs that is not a file of the portal's: an inline <script>, an on*= event handler, a javascript:
address. The Content Security Policy (script-src 'self') blocks all three in the browser, so a page that has one is
broken there; test_settings puts the check on every HTML page the test suite renders."""
from html.parser import HTMLParser

# A <script> of another type is a data block (json_script's application/json), which the browser never runs.
SCRIPT_TYPES = {"", "text/javascript", "application/javascript", "module", "text/ecmascript", "application/ecmascript"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction"}


class _InlineScripts(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        position = "line %d" % self.getpos()[0]
        if tag == "script" and not attrs.get("src") and (attrs.get("type") or "").strip().lower() in SCRIPT_TYPES:
            self.found.append(f"{position}: <script> without src")
        for name, value in attrs.items():
            if name.startswith("on"):
                self.found.append(f"{position}: <{tag} {name}=...>")
            elif name in URL_ATTRIBUTES and (value or "").strip().lower().startswith("javascript:"):
                self.found.append(f"{position}: <{tag} {name}=\"javascript:...\">")


def inline_scripts(html):
    """Where ``html`` holds a script the browser would run from the page itself, one line each."""
    parser = _InlineScripts()
    parser.feed(html)
    parser.close()
    return parser.found


class NoInlineScriptMiddleware:
    """Fails the request (and so the test) whose HTML page runs an inline script."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.get("Content-Type", "").startswith("text/html") and not response.streaming:
            found = inline_scripts(response.content.decode(response.charset or "utf-8", "replace"))
            assert not found, f"{request.path} runs inline script, which the Content Security Policy blocks: {found}"
        return response
