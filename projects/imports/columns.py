"""The flat list of the bank: a row per budget line, the project's own columns repeated on each of its rows.

The headings are written in the user's language and read in either, without regard to case and diacritics;
the same columns serve the export, the import and the downloadable template.
"""
from django.utils.translation import gettext_lazy as _

from socaid.text import fold

# key, heading; the key is the model field, or what the importer makes of the column.
BANK_COLUMNS = [
    ("code", _("Project code")),
    ("programme", _("Programme")),
    ("sector", _("Sector")),
    ("position", _("Number within the sector")),
    ("host_agency", _("Host agency")),
    ("name", _("Project name")),
    ("name_en", _("Project name in English")),
    ("location_text", _("Location")),
    ("location_text_en", _("Location in English")),
    ("admin_units", _("Administrative units")),
    ("start_year", _("Start year")),
    ("end_year", _("End year")),
    ("content", _("Content")),
    ("content_en", _("Content in English")),
    ("status", _("Status")),
    ("notes", _("Notes")),
    ("notes_en", _("Notes in English")),
    ("line", _("Budget line number")),
    ("line_description", _("Budget line description")),
    ("line_description_en", _("Budget line description in English")),
    ("total", _("Total budget")),
    ("aid_sought", _("Aid sought")),
    ("counterpart", _("Counterpart funds")),
    ("line_notes", _("Budget line notes")),
    ("line_notes_en", _("Budget line notes in English")),
]
REQUIRED = ("sector", "host_agency", "name", "total", "aid_sought", "counterpart")
AMOUNTS = ("total", "aid_sought", "counterpart")


def headings():
    return [str(heading) for _key, heading in BANK_COLUMNS]


def column_keys(header_cells):
    """Map each header cell to its column key, in Vietnamese or English.

    Returns ({index: key}, the headings' language, the headings given twice).
    """
    from django.utils import translation

    known = {}
    for language in ("vi", "en"):
        with translation.override(language):
            for key, heading in BANK_COLUMNS:
                known.setdefault(fold(str(heading)), (key, language))
    for key, _heading in BANK_COLUMNS:
        known.setdefault(key, (key, None))
    found, votes, twice = {}, {"vi": 0, "en": 0}, []
    for index, cell in enumerate(header_cells):
        key, language = known.get(fold(str(cell or "")).strip(" *"), (None, None))
        if key and key in found.values():
            twice.append(str(cell))
        elif key:
            found[index] = key
            if language:
                votes[language] += 1
    return found, ("en" if votes["en"] > votes["vi"] else "vi"), twice
