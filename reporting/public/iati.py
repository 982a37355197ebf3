"""The IATI 2.03 activity file of the public projects (iatistandard.org/en/iati-standard/203/activity-standard/).

One iati-activity per project, its elements in the order the schema's sequence requires. The codes come from the
IATI codelists: ActivityStatus, ActivityDateType, OrganisationRole, OrganisationType, SectorVocabulary,
BudgetType, BudgetStatus, GeographicLocationReach, GeographicLocationClass, GeographicVocabulary and Geonames'
feature codes. tests/public/test_iati.py validates the file against the schema.
"""
import datetime
import io
from decimal import Decimal

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from lxml import etree

from partners.models import NGO, AdministrativeUnit, Organisation
from projects.amounts import MILLION
from projects.lifecycle import Status
from reporting.public import records

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
LANGUAGES = ("vi", "en")
VERSION = "2.03"

# ActivityStatus by the catalogue's stage: still seeking aid is a pipeline; funded and not completed is being
# implemented; completed is in finalisation (the province does not know when the NGO closes its books).
# ActivityStatus: 1 pipeline/identification until the work starts (an agreement signed or approved is still being
# prepared), 2 implementation while it is carried out, 3 finalisation once completed.
ACTIVITY_STATUS = {Status.IMPLEMENTING: "2", Status.COMPLETED: "3"}
PIPELINE = "1"
PLANNED_START, PLANNED_END = "1", "3"  # ActivityDateType
FUNDING, IMPLEMENTING = "1", "4"  # OrganisationRole
GOVERNMENT = "10"  # OrganisationType
# OrganisationType of a host agency or an NGO by its kind; a kind not listed gets no type rather than a wrong one
# (a mass organisation is neither government nor an NGO in IATI's sense).
ORGANISATION_TYPES = {
    Organisation.Kind.PEOPLES_COMMITTEE: GOVERNMENT,
    Organisation.Kind.DEPARTMENT: GOVERNMENT,
    Organisation.Kind.POLICE: GOVERNMENT,
    Organisation.Kind.CENTRAL_AGENCY: GOVERNMENT,
    NGO.Kind.NGO: "21",  # international NGO
    NGO.Kind.FOUNDATION: "60",
    NGO.Kind.DIPLOMATIC: GOVERNMENT,
}
OWN_SECTORS, DAC_5 = "99", "1"  # SectorVocabulary: the reporting organisation's own list; OECD DAC 5-digit
ORIGINAL, INDICATIVE = "1", "1"  # BudgetType, BudgetStatus
# A unit's level as a Geonames feature code (first-, second-, third-order administrative division).
FEATURE = {AdministrativeUnit.Level.PROVINCE: "ADM1", AdministrativeUnit.Level.DISTRICT: "ADM2", AdministrativeUnit.Level.COMMUNE: "ADM3"}
ACTIVITY_REACH, ADMINISTRATIVE_REGION = "1", "1"  # GeographicLocationReach, GeographicLocationClass
ISO_COUNTRY = "A4"  # GeographicVocabulary


def activities_file(projects, *, generated=None, on_row=None):
    """The file's bytes: the <iati-activities> of ``projects`` (from Project.objects.public()), in four queries for
    each 2,000 projects. Each activity is written out as soon as it is made (lxml's incremental writer), so that a
    file of 100,000 activities never stands as one tree; ``on_row(n)`` hears of each."""
    generated = generated or timezone.now()
    out = io.BytesIO()
    with etree.xmlfile(out, encoding="UTF-8") as document:
        document.write_declaration()
        with document.element("iati-activities", {"version": VERSION, "generated-datetime": generated.isoformat(timespec="seconds")}):
            document.write("\n")
            ordered = records.with_related(projects.with_totals()).order_by("-programme__start_year", "sector__position", "position", "pk")
            # Read in chunks (each with its own prefetches): 100,000 projects read at once held 1.3 GiB.
            for number, project in enumerate(ordered.iterator(chunk_size=2000), 1):
                document.write(activity(project), pretty_print=True)
                if on_row:
                    on_row(number)
    return out.getvalue()


def activity(project):
    programme = project.programme
    element = etree.Element("iati-activity", {XML_LANG: "vi", "default-currency": "VND"})
    sub(element, "iati-identifier", text=f"{settings.IATI_REPORTING_ORG_REF}-{project.code}")
    narratives(sub(element, "reporting-org", ref=settings.IATI_REPORTING_ORG_REF, type=GOVERNMENT), programme.issuer, "name")
    narratives(sub(element, "title"), project, "name")
    description = sub(element, "description", type="1")  # DescriptionType 1: general
    if not narratives(description, project, "content"):
        narratives(description, project, "name")  # the schema wants a description; the name is what is known
    organisation(element, IMPLEMENTING, project.host_agency)
    if project.ngo:
        organisation(element, FUNDING, project.ngo)
    sub(element, "activity-status", code=ACTIVITY_STATUS.get(project.status, PIPELINE))
    first, last = years(project)
    sub(element, "activity-date", type=PLANNED_START, **{"iso-date": first.isoformat()})
    sub(element, "activity-date", type=PLANNED_END, **{"iso-date": last.isoformat()})
    contact(element, project)
    sub(element, "recipient-country", code="VN", percentage="100")
    for unit in project.admin_units.all():
        location(element, unit)
    sector = project.sector
    own = sub(element, "sector", vocabulary=OWN_SECTORS, code=sector.numeral, percentage="100")
    own.set("vocabulary-uri", settings.SITE_URL.rstrip("/") + reverse("api:sector-list") + f"?programme={programme.code}")
    narratives(own, sector, "name")
    if sector.dac_code:
        sub(element, "sector", vocabulary=DAC_5, code=sector.dac_code, percentage="100")
    budget(element, project, first, last)
    return element


def sub(parent, tag, text=None, **attributes):
    element = etree.SubElement(parent, tag, {name: str(value) for name, value in attributes.items()})
    if text is not None:
        element.text = text
    return element


def narratives(parent, record, field):
    """A <narrative> per language that has text (``field`` in Vietnamese, ``field_en`` in English); how many."""
    written = 0
    for language in LANGUAGES:
        text = (getattr(record, field if language == "vi" else f"{field}_en", "") or "").strip()
        if text:
            sub(parent, "narrative", text=text, **{XML_LANG: language})
            written += 1
    return written


def organisation(parent, role, body):
    element = sub(parent, "participating-org", role=role)
    if kind := ORGANISATION_TYPES.get(body.kind):
        element.set("type", kind)
    if not narratives(element, body, "name") and isinstance(body, NGO):
        # An NGO the registry knows only by its name in its own language, which may be neither of ours.
        sub(element, "narrative", text=body.name_original)
    return element


def years(project):
    """The planned first and last day: 1 January of the start year, 31 December of the end year; the
    programme's years where the project gives none (the schema requires a date)."""
    first = project.start_year or project.end_year or project.programme.start_year
    last = project.end_year or project.start_year or project.programme.end_year
    return datetime.date(first, 1, 1), datetime.date(last, 12, 31)


def contact(parent, project):
    """The contact the project publishes, if any."""
    if not (project.contact_name or project.contact_email or project.contact_phone):
        return
    element = sub(parent, "contact-info", type="1")  # ContactType 1: general enquiries
    if project.contact_name:
        sub(sub(element, "person-name"), "narrative", text=project.contact_name)
    if project.contact_phone:
        sub(element, "telephone", text=project.contact_phone)
    if project.contact_email:
        sub(element, "email", text=project.contact_email)


def location(parent, unit):
    """An administrative unit: its name in both languages, its official code as the location's reference."""
    element = sub(parent, "location", ref=unit.gso_code or unit.code)
    sub(element, "location-reach", code=ACTIVITY_REACH)
    narratives(sub(element, "name"), unit, "name")
    if unit.gso_code:
        description = sub(element, "description")
        for language in LANGUAGES:
            with translation.override(language):
                text = translation.gettext("Official administrative unit code: %(code)s") % {"code": unit.gso_code}
            sub(description, "narrative", text=text, **{XML_LANG: language})
    sub(element, "administrative", vocabulary=ISO_COUNTRY, code="VN", level="0")
    sub(element, "location-class", code=ADMINISTRATIVE_REGION)
    sub(element, "feature-designation", code=FEATURE[unit.level])
    return element


def yearly_shares(total, years):
    """``total`` (whole VND) in equal whole shares over ``years``, the remainder in the last year, so that the
    shares add up to it exactly."""
    share = total // years
    return [share] * (years - 1) + [total - share * (years - 1)]


def budget(parent, project, first, last):
    """The aid sought (else the total), indicative, in VND at the programme's date: one budget per calendar year of
    the period (IATI's rules want no budget longer than a year), the amount spread evenly since the bank does not
    say how it falls by year."""
    amount = project.aid_sought if project.aid_sought is not None else project.total
    if amount is None:
        return
    vnd = int((Decimal(amount) * MILLION).quantize(Decimal(1)))
    years = range(first.year, last.year + 1)
    for year, value in zip(years, yearly_shares(vnd, len(years))):
        element = sub(parent, "budget", type=ORIGINAL, status=INDICATIVE)
        sub(element, "period-start", **{"iso-date": (first if year == first.year else datetime.date(year, 1, 1)).isoformat()})
        sub(element, "period-end", **{"iso-date": (last if year == last.year else datetime.date(year, 12, 31)).isoformat()})
        sub(element, "value", text=str(value), currency="VND", **{"value-date": project.programme.issued_on.isoformat()})
