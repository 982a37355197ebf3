"""Reading a map by locality (partners/choropleth.html) back from a page: its SVG, the figure of each unit drawn,
and the places listed under it."""
import re
import xml.etree.ElementTree as ET
from decimal import Decimal
from html import unescape

SVG = "{http://www.w3.org/2000/svg}"


def map_svg(html, key):
    """The map ``key``'s SVG element, parsed."""
    found = re.search(rf'<figure class="choropleth" id="{key}">\s*(<svg .*?</svg>)', html, re.S)
    assert found, f"no map {key} in the page"
    return ET.fromstring(found.group(1))


def drawn(svg):
    """{place key: (figure or None, hover title)} of every unit drawn."""
    return {
        path.get("data-key"): (Decimal(path.get("data-value")) if path.get("data-value") else None, path.find(f"{SVG}title").text)
        for path in svg.iter(f"{SVG}path")
    }


def listed(html, key):
    """The places listed under the map as not on it: ["label: figure"]."""
    figure = re.search(rf'<figure class="choropleth" id="{key}">(.*?)</figure>', html, re.S).group(1)
    items = re.search(r'<ul class="map-listed">(.*?)</ul>', figure, re.S)
    return [unescape(item).strip() for item in re.findall(r"<li>(.*?)</li>", items.group(1), re.S)] if items else []


def legend(html, key):
    figure = re.search(rf'<figure class="choropleth" id="{key}">(.*?)</figure>', html, re.S).group(1)
    items = re.search(r'<ul class="map-legend">(.*?)</ul>', figure, re.S).group(1)
    return [unescape(re.sub(r"<svg.*?</svg>", "", item, flags=re.S)).strip() for item in re.findall(r"<li>(.*?)</li>", items, re.S)]
