"""The workshop pack as one PDF (A4): a cover, the English appendix of the chosen projects (landscape, as the
appendix prints), one upright sheet per project with a QR code to its public page, and the NGOs attending.

One HTML document drawn by WeasyPrint with the appendix's fetcher and fonts (reporting.renderers.pdf), so the pages
number on from the cover to the last. The QR codes are SVG carried in data: URIs: nothing is fetched.
"""
import segno
from django.template.loader import render_to_string
from django.utils import translation

from reporting.formatting import printed_amount
from reporting.renderers.html import STYLESHEET, appendix_html
from reporting.renderers.pdf import html_to_pdf

PACK_STYLESHEET = "reporting/workshop_pack.css"


def qr_data_uri(url):
    # Error correction M survives a creased or photocopied page; the code is drawn at its size by the stylesheet.
    return segno.make(url, error="m", micro=False).svg_data_uri(scale=4, border=4, dark="#000", light="#fff")


def workshop_pack_html(pack):
    language = "en"
    with translation.override(language):
        context = {
            "pack": pack,
            "language": language,
            "stylesheets": [STYLESHEET, PACK_STYLESHEET],
            "appendices": [appendix_html(appendix, for_print=False) for appendix in pack.appendices],
            "sheets": [
                {
                    "sheet": sheet,
                    "qr": qr_data_uri(sheet.public_url),
                    "lines": [(line.description, _amounts(line.amounts, language)) for line in sheet.lines],
                    "total": _amounts(sheet.total, language),
                }
                for sheet in pack.sheets
            ],
        }
        return render_to_string("reporting/workshop_pack.html", context)


def workshop_pack_pdf(pack) -> bytes:
    return html_to_pdf(workshop_pack_html(pack))


def _amounts(amounts, language):
    return [printed_amount(value, language) for value in amounts.as_tuple()]
