"""What every printed document shares: the heading above its table and the signature below it.

An appendix is attached to the programme and says so under its title. A report is a document of its own, and
Decree 30/2020/NĐ-CP (Appendix I) gives it a head: the issuing body and the document's number on the left, the
country's name and motto and the place and date on the right; and, under the text, the recipients (Nơi nhận)
beside the signature.
"""
import datetime
from dataclasses import dataclass, field

from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from partners.successions import organisation_successions
from socaid.bilingual import in_language, printed_text

# The blank an official draft leaves for what is filled in when the document is signed.
BLANK = "\u00a0" * 6


@dataclass
class Issuance:
    """The head of a document issued by a body: who issues it, its number, where and when."""

    issuer: str  # in capitals
    number: str  # "Số: /BC-UBND" until it is numbered
    place_date: str  # "Cần Thơ, ngày 05 tháng 01 năm 2026"
    nation: tuple = ()  # the country's name and motto, in the document's language


@dataclass
class Heading:
    """The lines above a table, as the programme's appendices print them, or a report's head (``issuance``)."""

    title: list
    attached_to: str
    unit: str = ""
    filters: list = field(default_factory=list)
    issuance: Issuance | None = None
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
    recipients: list = field(default_factory=list)  # a report's Nơi nhận, printed on the left


def attached_to_line(programme, language):
    """'(Kèm theo Chương trình số 03/CTr-UBND ngày 06/5/2020 của Ủy ban nhân dân tỉnh Sóc Trăng)', from the programme's record."""
    with translation.override(language):
        issuer = issuer_name(programme, language)
        if language == "en":
            return f"(Attached to Programme No. {programme.number} of {date_format(programme.issued_on, 'j F Y')} of the {issuer})"
        day = f"{programme.issued_on.day:02d}/{programme.issued_on.month}/{programme.issued_on.year}"
        return f"(Kèm theo Chương trình số {programme.number} ngày {day} của {issuer})"


def signature_of(programme, language, *, title=None, name=None, recipients=()):
    """The signature block in the document's language: the programme's signatory, or the one given (``title`` lines
    as one text); None when no name is known. The signatory's name is a name in both languages."""
    name = programme.signer_name if name is None else name
    title = printed_text(programme, "signer_title", language) if title is None else title
    if not name:
        return None
    return Signature(lines=_lines(title), name=name, recipients=list(recipients))


def _lines(text):
    return [line.strip() for line in text.splitlines() if line.strip()]


def framing_texts(heading, signature):
    """The texts around a table that may be Vietnamese standing in for missing English (see missing_english_note)."""
    return [heading.attached_to, *heading.filters, *(signature.lines if signature else [])]


@dataclass
class IssueDetails:
    """What the coordinator fills in when printing a report: its number, date, signatory and recipients (None: the
    defaults: no number yet, no date yet, the programme's signatory, the usual recipients)."""

    number: str = ""
    day: datetime.date | None = None
    signer_title: str | None = None
    signer_name: str | None = None
    recipients: str | None = None


def report_issuer(programme, year, issue):
    """The body that issues a report of the programme on the report's day (the end of ``year`` until the day is
    given): the programme's issuer, or the successor of a body that a reform ended."""
    return organisation_successions().successor_on(programme.issuer, issue.day or datetime.date(year, 12, 31))


def report_issuance(programme, year, language, issue):
    """The head of a report of the programme's issuing body (report_issuer), from its own place. Without a day the
    whole date is left blank, the year too: a year-end report is dated when it is signed, often the next year."""
    issuer = report_issuer(programme, year, issue)
    with translation.override(language):
        place = _place(issuer, language)
        if issue.day:
            when = date_format(issue.day, "j F Y") if language == "en" else _formal_date(issue.day)
        else:
            when = f"{BLANK} {BLANK} {BLANK}" if language == "en" else f"ngày{BLANK}tháng{BLANK}năm{BLANK}"
        return Issuance(
            issuer=in_language(issuer, "name", language).upper(),
            number=_("No.: %(number)s") % {"number": _document_number(programme, issue.number)},
            place_date=f"{place}, {when}",
            nation=(_("SOCIALIST REPUBLIC OF VIET NAM"), _("Independence - Freedom - Happiness")),
        )


def report_names(programme, year, language, issue):
    """The names a report's title and head must not break across two lines ("tỉnh Sóc / Trăng"): the programme's
    issuer, its place and the place of the body that issues the report."""
    return [issuer_name(programme, language), *{_place(body, language) for body in (programme.issuer, report_issuer(programme, year, issue))}]


def report_signature(programme, year, language, issue):
    """The signatory and the recipients of a report; the usual recipients where none are given.

    A report always has the block, a draft too. The programme's signatory signs for the programme's issuer only:
    for a successor after a reform, the title lines are printed and the name is left for the coordinator to fill in.
    """
    name = issue.signer_name
    if name is None:
        name = programme.signer_name if report_issuer(programme, year, issue).pk == programme.issuer_id else ""
    title = printed_text(programme, "signer_title", language) if issue.signer_title is None else issue.signer_title
    with translation.override(language):
        recipients = issue.recipients if issue.recipients is not None else _(
            "Ministry of Finance;\nMinistry of Foreign Affairs;\nVietnam Union of Friendship Organisations;\n"
            "Departments, agencies and units concerned;\nArchived: VT."
        )
    return Signature(lines=_lines(title), name=name or "", recipients=_lines(recipients))


def _document_number(programme, number):
    """The number as given ("125/BC-UBND", or "125" completed), or the blank before "/BC-" and the issuer's sign,
    which the programme's own number carries ("03/CTr-UBND": UBND)."""
    sign = programme.number.split("-", 1)[1] if "-" in programme.number else ""
    suffix = f"/BC-{sign}" if sign else "/BC"
    number = number.strip()
    if not number:
        return f"{BLANK}{suffix}"
    return number if "/" in number else f"{number}{suffix}"


def _formal_date(day):
    """'ngày 05 tháng 02 năm 2026': a leading zero for days below 10 and for months 1 and 2 (Decree 30/2020)."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def _place(issuer, language):
    """Where the body sits, as the date line names it: its administrative unit without "tỉnh" or "thành phố"."""
    unit = issuer.admin_unit
    if unit is None:
        return ""
    name = in_language(unit, "name", language)
    for prefix in ("Tỉnh ", "Thành phố ", "Province of ", "City of "):
        if name.startswith(prefix):
            return name[len(prefix):]
    for suffix in (" Province", " City", " province", " city"):
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return name
