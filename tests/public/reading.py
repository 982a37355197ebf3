"""Reading the public pages as a reader would: the results' names, the amounts, the links."""
import html
import re

RESULT = re.compile(r'<li class="result">(.*?)</li>', re.S)


def text(fragment):
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", fragment))).strip()


def results(response):
    """Each result of a catalogue page as {"name", "href", "aid", ...}: the text a reader sees."""
    rows = []
    for block in RESULT.findall(response.content.decode()):
        heading = re.search(r"<h3>(.*?)</h3>", block, re.S).group(1)
        link = re.search(r'href="([^"]+)"', heading)
        facts = dict(re.findall(r"<dt>(.*?)</dt><dd>(.*?)</dd>", block, re.S))
        rows.append({"name": text(heading), "href": html.unescape(link.group(1)) if link else None, "stage": text(re.search(r'class="badge[^"]*">(.*?)</span>', block).group(1)),
                     **{text(label): text(value) for label, value in facts.items()}})
    return rows


def names(response):
    return [row["name"] for row in results(response)]


def link(response, label):
    """The href of the link whose text is ``label`` (None if there is none)."""
    for href, content in re.findall(r'<a [^>]*href="([^"]*)"[^>]*>(.*?)</a>', response.content.decode(), re.S):
        if text(content).strip("‹› ") == label:
            return html.unescape(href)
    return None
