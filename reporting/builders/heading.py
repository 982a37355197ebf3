"""What every printed document shares: the heading above its table and the signature below it."""
from dataclasses import dataclass, field

from django.utils import translation
from django.utils.formats import date_format

from socaid.bilingual import printed_text


@dataclass
class Heading:
    """The lines above a table, as the programme's appendices print them."""

    title: list
    attached_to: str
    unit: str = ""
    filters: list = field(default_factory=list)
    whole: list = field(default_factory=list)  # names in these lines that a printed line must not break


def programme_heading(programme, language, title, **lines):
    """The heading of a document attached to ``programme``: its title, the attached-to line, whose issuer's name
    is never broken across two lines ("Sóc / Trăng"), and any further ``lines`` (unit, filters)."""
    return Heading(title=title, attached_to=attached_to_line(programme, language), whole=[issuer_name(programme, language)], **lines)


def issuer_name(programme, language):
    return printed_text(programme.issuer, "name", language)


@dataclass
class Signature:
    lines: list
    name: str


def attached_to_line(programme, language):
    """'(Kèm theo Chương trình số 03/CTr-UBND ngày 06/5/2020 của Ủy ban nhân dân tỉnh Sóc Trăng)', from the programme's record."""
    with translation.override(language):
        issuer = issuer_name(programme, language)
        if language == "en":
            return f"(Attached to Programme No. {programme.number} of {date_format(programme.issued_on, 'j F Y')} of the {issuer})"
        day = f"{programme.issued_on.day:02d}/{programme.issued_on.month}/{programme.issued_on.year}"
        return f"(Kèm theo Chương trình số {programme.number} ngày {day} của {issuer})"


def signature_of(programme, language):
    """The issuing body's signature block in the document's language; the signatory's name is a name in both."""
    if not programme.signer_name:
        return None
    title = printed_text(programme, "signer_title", language)
    return Signature(lines=[line for line in title.splitlines() if line.strip()], name=programme.signer_name)


def framing_texts(heading, signature):
    """The texts around a table that may be Vietnamese standing in for missing English (see missing_english_note)."""
    return [heading.attached_to, *heading.filters, *(signature.lines if signature else [])]
