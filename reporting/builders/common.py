"""What every report built from the bank shares: the heading of the document and text in the edition's language."""
from dataclasses import dataclass, field

from django.utils import translation
from django.utils.formats import date_format

# Marks a cell whose English is missing, so the Vietnamese stands in its place.
VI_MARK = " [VI]"


def text(obj, name, language):
    """The field in the edition's language; in English, the Vietnamese marked where no English exists."""
    vietnamese = getattr(obj, name) or ""
    if language != "en":
        return vietnamese
    english = getattr(obj, f"{name}_en", "") or ""
    if english:
        return english
    return f"{vietnamese}{VI_MARK}" if vietnamese else ""


@dataclass
class Heading:
    """The lines above a table, as the programme's appendices print them."""

    title: list
    attached_to: str
    unit: str = ""
    filters: list = field(default_factory=list)


@dataclass
class Signature:
    lines: list
    name: str


def attached_to_line(programme, language):
    """'(Kèm theo Chương trình số 03/CTr-UBND ngày 06/5/2020 của Ủy ban nhân dân tỉnh Sóc Trăng)', from the programme's record."""
    with translation.override(language):
        issuer = text(programme.issuer, "name", language).replace(VI_MARK, "")
        if language == "en":
            return f"(Attached to Programme No. {programme.number} of {date_format(programme.issued_on, 'j F Y')} of the {issuer})"
        day = f"{programme.issued_on.day:02d}/{programme.issued_on.month}/{programme.issued_on.year}"
        return f"(Kèm theo Chương trình số {programme.number} ngày {day} của {issuer})"


def signature_of(programme):
    if not programme.signer_name:
        return None
    return Signature(lines=[line for line in programme.signer_title.splitlines() if line.strip()], name=programme.signer_name)
