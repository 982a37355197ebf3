"""Likely funders of a proposal (issue 15): the NGOs of the registry that might fund it, ranked, each with the
reasons it scores on, their weights and evidence, and what would make the match stronger.

A builder: plain data from the ORM, deterministic and explainable. An NGO's score is the sum of the weights of the
reasons shown beside it; ties go by the name the reader sees, then by code. Nothing outside the database is asked.
Everything is read once and matched in memory, the same number of queries whatever the number of NGOs, projects,
certificates and units; of the work alike an NGO funded, only the number is read for every NGO, the projects
themselves for the funders shown.
"""
import datetime
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property
from typing import NamedTuple

from django.db.models import Count, Exists, F, OuterRef, Q
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from partners.models import NGO, AdministrativeUnit
from partners.models.ngos import NGOContact, NGORegistration
from partners.reference import Reference
from projects.amounts import format_amount
from projects.lifecycle import CLOSED, FUNDED, Status
from projects.models import Interest, Project, Sector
from projects.models.pipeline import Agreement, Pledge
from projects.unit_overlap import UnitOverlap
from socaid.bilingual import in_language
from socaid.links import pk_address
from socaid.text import fold

# Not funded yet and not closed: a draft too, so that the coordinator can tell its agency whom it is writing for.
SEEKING = frozenset(set(Status) - FUNDED - CLOSED)

# Weights in points. An NGO that asked about the project comes first; one that paid for the same kind of work in
# the province comes next, more for each such project; then the field it works in, where it worked, whether it may
# legally work here in the field (Decree 58/2022/NĐ-CP) and the old relationship.
INTEREST = 30
SIMILAR_FIRST, SIMILAR_FURTHER, SIMILAR_MOST = 20, 5, 35
FIELD = 20
AREA_LOCAL, AREA_PROVINCE = 15, 5
CERTIFICATE = 15
TRADITIONAL = 10
# Past projects named as the evidence of one reason; the count in its text and its weight take every one. A bank of
# 100,000 projects holds thousands an NGO funded in one field: the list names the first few, not a page of them.
SHOWN_PROJECTS = 5
# The project page lists this many funders unless asked for all: a registry of hundreds would make the page the
# length (and the cost) of the whole registry, and the coordinator writes to the first few.
SHOWN_FUNDERS = 20
# The registry's warning period for certificates running out.
EXPIRY_WARNING = datetime.timedelta(days=90)

LOCAL, PROVINCE = "local", "province"
# Up to this many projects on the units met are asked for by their keys; more, by a subquery (SQLite counts the
# parameters of a query).
LISTED_KEYS = 5000


@dataclass(frozen=True)
class Evidence:
    text: str
    project: Project | None = None  # the page it links to
    url: str = ""  # that page's address
    amount: Decimal | None = None  # million VND
    note: str = ""


@dataclass(frozen=True)
class Reason:
    kind: str  # interest, similar, field, area, certificate, traditional
    weight: int
    text: str
    evidence: tuple[Evidence, ...] = ()


@dataclass(frozen=True)
class LikelyFunder:
    ngo: NGO
    name: str
    reasons: tuple[Reason, ...]
    stronger: tuple[str, ...]

    @property
    def score(self):
        return sum(reason.weight for reason in self.reasons)


@dataclass(frozen=True)
class LikelyFunders:
    """The ranking of every NGO with a reason; each funder's evidence and hints are written only for those shown."""

    ranked: list[LikelyFunder]  # scores and kinds of reasons, without their texts, evidence or hints
    considered: int  # the NGOs of the registry weighed
    today: datetime.date
    explain: Callable[[list[NGO]], list[LikelyFunder]]

    @property
    def count(self):
        return len(self.ranked)

    def first(self, count=None):
        """The first ``count`` funders (all with None), each with its reasons' texts and evidence and its hints."""
        return self.explain([funder.ngo for funder in (self.ranked if count is None else self.ranked[:count])])

    @cached_property
    def funders(self):
        return self.first()


class Funded(NamedTuple):
    """A project an NGO funded (the committed NGO, or an agreement of its): what matching needs of it, and the units
    of it that share ground with this project's. A tuple: a large bank makes thousands."""

    pk: int
    units: tuple[int, ...]


def seeks_funds(project):
    return project.status in SEEKING


def likely_funders(project, *, today=None):
    """LikelyFunders for ``project``: the NGOs with at least one reason, highest score first."""
    return Matcher(project, today or timezone.localdate()).build()


def _day(value):
    return date_format(value, "SHORT_DATE_FORMAT")


class Matcher:
    def __init__(self, project, today):
        self.project, self.today = project, today
        # The ranking's order is the names in this language; the funders explained later are written in it too.
        self.language = translation.get_language()
        self.overlap = UnitOverlap.of(Reference())
        self.units = list(project.admin_units.values_list("pk", flat=True))
        province = self.overlap.units[project.programme.province_id]
        self.province_name = in_language(self.overlap.in_force(province, today), "name")
        # A certificate must cover where the project is; without a place, the province it belongs to.
        self.certificate_places = self.units or [province.pk]
        # The field, and the sectors of every programme in it (those of alike work), in one query.
        alike = list(Sector.objects.filter(field_id=project.sector.field_id).select_related("field").order_by()) if project.sector.field_id else []
        self.field = alike[0].field if alike else None
        self.alike_sectors = [sector.pk for sector in alike] or [project.sector_id]
        self.field_name = in_language(self.field, "name") if self.field else in_language(project.sector, "name")
        self.alike_counts = self._alike_counts()
        self.alike = {}  # {NGO pk: [Funded]} of the work alike, read for the funders explained
        self.met = {ngo: [(f, m) for f in funded if (m := self._meeting(f.units))] for ngo, funded in self._on_ground().items()}
        self.status_names = {status: str(label) for status, label in Status.choices}
        self.project_address = pk_address("projects:detail")
        self.interests = defaultdict(list)
        for interest in Interest.objects.filter(project=project, ngo__isnull=False).exclude(state=Interest.State.DECLINED).order_by("received_at", "pk"):
            self.interests[interest.ngo_id].append(interest)
        self.pledges = defaultdict(list)
        for pledge in Pledge.objects.filter(project=project).order_by("pledged_on", "pk"):
            self.pledges[pledge.ngo_id].append(pledge)

    def _dealings(self, ngos):
        """{pk: (contacted, has a contact person)} of ``ngos``: whether the province has dealt with it already (an
        interest in any project, a pledge, a project funded) and whether the registry names whom to write to. Asked
        of each NGO (an index probe each), not gathered from every project of the bank."""
        others = self._others()
        contacted = (
            Exists(Interest.objects.filter(ngo=OuterRef("pk")))
            | Exists(Pledge.objects.filter(ngo=OuterRef("pk")))
            | Exists(others.filter(ngo=OuterRef("pk")))
            | Exists(Agreement.objects.filter(ngo=OuterRef("pk"), project__in=others.values("pk")))
        )
        rows = NGO.objects.filter(pk__in=[ngo.pk for ngo in ngos]).annotate(contacted=contacted, has_contact=Exists(NGOContact.objects.filter(ngo=OuterRef("pk"))))
        return {pk: (contacted, has_contact) for pk, contacted, has_contact in rows.order_by().values_list("pk", "contacted", "has_contact")}

    def _others(self):
        """The bank's other projects that can be evidence: not this one, not withdrawn."""
        return Project.objects.exclude(pk=self.project.pk).exclude(status=Status.WITHDRAWN).order_by()

    def _alike(self):
        """The other projects of work alike: a sector of the field (of every programme), or this project's sector."""
        return self._others().filter(sector_id__in=self.alike_sectors)

    def _alike_counts(self):
        """{NGO pk: how many projects of work alike (a sector of the field) it funded}, as its committed NGO or under
        an agreement. Counted in SQL, by the index of committed projects by sector: the score needs only the number,
        and a bank of 100,000 projects holds thousands in one field (reading them cost 20 ms of SQL and as much of
        Python)."""
        alike = self._alike()
        committed = alike.filter(ngo__isnull=False).values_list("ngo_id").annotate(n=Count("pk"))
        # An agreement funds the project for its NGO; one of the committed NGO's own is counted already.
        signed = (
            Agreement.objects.filter(project__in=alike.values("pk")).exclude(Q(project__ngo__isnull=False) & Q(project__ngo_id=F("ngo_id")))
            .order_by().values_list("ngo_id").annotate(n=Count("project_id", distinct=True))
        )
        counts = Counter()
        for ngo_id, count in committed.union(signed, all=True):
            counts[ngo_id] += count
        return counts

    def _alike_funded(self, ngos):
        """{NGO pk: [Funded]} of the work alike each of ``ngos`` funded, in programme and appendix order."""
        wanted = [ngo.pk for ngo in ngos]
        alike = self._alike()
        return self._by_funder(alike.filter(ngo_id__in=wanted), Agreement.objects.filter(ngo_id__in=wanted, project__in=alike.values("pk")))

    def _on_ground(self):
        """{NGO pk: [Funded]} of the projects it funded on units that share ground with this project's (any work),
        in programme and appendix order, each with those units."""
        meeting = [pk for pk in self.overlap.units if any(self.overlap.overlap(pk, mine) for mine in self.units)]
        if not meeting:
            return {}
        # The links to the units met are read first, so that the projects are then found by their keys (PostgreSQL,
        # guessing thousands of links where there are ten, read the whole bank instead).
        pairs, on_ground = self._links_met(meeting)
        if not pairs:
            return {}
        units = defaultdict(list)
        for project_id, unit_id in pairs:
            units[project_id].append(unit_id)
        projects = self._others().filter(pk__in=on_ground)
        return self._by_funder(projects.filter(ngo__isnull=False), Agreement.objects.filter(project__in=projects.values("pk")), units)

    @staticmethod
    def _by_funder(committed, agreements, units=None):
        """{NGO pk: [Funded]} of the projects ``committed`` to (filed under their committed NGO) and of those of the
        ``agreements`` (under each agreement's NGO), in programme and appendix order, with their ``units``. One
        read: each row names its funder."""
        # Programme and appendix order first, so that the rows sort as tuples.
        order = ("programme__start_year", "sector__position", "position")
        rows = committed.order_by().values_list(*order, "pk", "ngo_id").union(
            agreements.order_by().values_list(*(f"project__{column}" for column in order), "project_id", "ngo_id"), all=True
        )
        funded = defaultdict(list)
        for *_order, pk, ngo_id in sorted(set(rows)):  # a project signed for by its committed NGO comes twice
            funded[ngo_id].append(Funded(pk, tuple(units.get(pk, ())) if units else ()))
        return funded

    def _links_met(self, meeting):
        """The (project, unit) links to the units ``meeting`` that can be evidence, in the order they were made, and
        the keys of their projects (or a subquery of them, when there are too many to list).

        Units met below the province hold few projects: their links are read by the unit's index alone, and the rows
        then keep the funded projects among them. Asked for the funded ones in one query, PostgreSQL guesses
        thousands of links from the bank's statistics where there are ten, and joins all 100,000 projects to them
        (40-70 ms). Only when the units met hold more links than that (the province itself, with every unit in it)
        are the unfunded projects' links left out in SQL: they are then most of them."""
        links = Project.admin_units.through.objects.filter(administrativeunit_id__in=meeting).order_by()
        probe = list(links.values_list("pk", "project_id", "administrativeunit_id")[:LISTED_KEYS + 1])
        if len(probe) <= LISTED_KEYS:
            pairs = [(project_id, unit_id) for _pk, project_id, unit_id in sorted(probe)]
            return pairs, list({project_id for project_id, _unit in pairs})
        funded = links.filter(Q(project__ngo__isnull=False) | Q(project_id__in=Agreement.objects.values("project_id")))
        pairs = list(funded.order_by("pk").values_list("project_id", "administrativeunit_id"))
        keys = list({project_id for project_id, _unit in pairs})
        return pairs, keys if len(keys) <= LISTED_KEYS else funded.values("project_id")

    def _shown(self, ngos):
        """{pk: (Project, label, programme number)} of the past projects the reasons of ``ngos`` name; their
        agreements."""
        named = {f.pk for ngo in ngos for f in self.alike.get(ngo.pk, [])[:SHOWN_PROJECTS]}
        named |= {f.pk for ngo in ngos for f, _meeting in self.met.get(ngo.pk, [])[:SHOWN_PROJECTS]}
        # The agreements by project in one dictionary: a prefetch would file an empty list on each of a thousand
        # projects that have none.
        self.agreements = defaultdict(list)
        for agreement in Agreement.objects.filter(project__in=named).order_by("signed_on", "pk") if named else ():
            self.agreements[agreement.project_id].append(agreement)
        # Read as rows (a thousand at 100,000 projects): each as a Project of the fields shown, its label and its
        # programme's number, without instances of its sector and programme.
        columns = [field.attname for field in Project._meta.concrete_fields if field.attname in ("id", "position", "name", "name_en", "status")]
        shown = {}
        for *values, numeral, number in Project.objects.filter(pk__in=named).values_list(*columns, "sector__numeral", "programme__number"):
            project = Project.from_db("default", columns, values)
            shown[project.pk] = (project, f"{numeral}.{project.position} {in_language(project, 'name')}", number)
        return shown

    def _registry(self):
        """The NGOs, and what weighing them needs of their fields, areas and certificates, read as rows: a prefetch
        of those makes a queryset for each of hundreds of NGOs (35 ms for 200)."""
        field = self.field.pk if self.field else None
        self.areas = defaultdict(list)  # in the units' order, as the registry lists them
        unit_order = [f"{'-' if name.startswith('-') else ''}administrativeunit__{name.lstrip('-')}" for name in AdministrativeUnit._meta.ordering]
        for ngo_id, unit_id in NGO.areas.through.objects.order_by(*unit_order, "pk").values_list("ngo_id", "administrativeunit_id"):
            self.areas[ngo_id].append(unit_id)
        self.registrations = defaultdict(list)  # latest expiry first; each knows whether it names the field
        in_field = NGORegistration.fields.through.objects.filter(ngoregistration_id=OuterRef("pk"), activityfield_id=field)
        for registration in NGORegistration.objects.annotate(in_field=Exists(in_field)).order_by("-expires_on", "pk"):
            self.registrations[registration.ngo_id].append(registration)
        self.registration_provinces = defaultdict(list)
        for registration_id, unit_id in NGORegistration.provinces.through.objects.order_by().values_list("ngoregistration_id", "administrativeunit_id"):
            self.registration_provinces[registration_id].append(unit_id)
        return list(NGO.objects.annotate(in_field=Exists(NGO.fields.through.objects.filter(ngo_id=OuterRef("pk"), activityfield_id=field))).order_by("pk"))

    def build(self):
        ngos = self._registry()
        # Every NGO is weighed (the order needs all the scores); what a reason says is written for those shown only.
        ranked = [funder for funder in (self.match(ngo, explain=False) for ngo in ngos) if funder.reasons]
        ranked.sort(key=lambda funder: (-funder.score, fold(funder.name), funder.ngo.code))
        return LikelyFunders(ranked=ranked, considered=len(ngos), today=self.today, explain=self.explain)

    def explain(self, ngos):
        """The LikelyFunder of each of ``ngos``, in that order, with its reasons' texts and evidence and its hints."""
        with translation.override(self.language):
            self.alike = self._alike_funded(ngos)
            self.shown = self._shown(ngos)
            self.dealings = self._dealings(ngos)
            return [self.match(ngo) for ngo in ngos]

    def match(self, ngo, explain=True):
        """The NGO's reasons and hints; only their kinds and weights unless ``explain``."""
        reasons, stronger = [], []
        for weigh in (self.interest, self.similar, self.works_in_field, self.area, self.certificate, self.traditional):
            reason, hint = weigh(ngo, explain)
            if reason:
                reasons.append(reason)
            if hint:
                stronger.append(hint)
        if not explain:
            return LikelyFunder(ngo=ngo, name=str(ngo), reasons=tuple(reasons), stronger=())
        contacted, has_contact = self.dealings[ngo.pk]
        if not contacted and ngo.relationship != NGO.Relationship.TRADITIONAL:
            stronger.append(_("No contact with it recorded yet: send it the project's English page or invite it to a workshop."))
        if not has_contact:
            stronger.append(_("No contact person in the registry: record whom to write to."))
        return LikelyFunder(ngo=ngo, name=str(ngo), reasons=tuple(reasons), stronger=tuple(stronger))

    # Each weighing gives (reason or None, hint or None); unless ``explain``, a reason's kind and weight alone.

    def interest(self, ngo, explain):
        interests, pledges = self.interests.get(ngo.pk, ()), self.pledges.get(ngo.pk, ())
        if not (interests or pledges):
            return None, None
        if not explain:
            return Reason("interest", INTEREST, ""), None
        evidence = [
            Evidence(_("Expression of interest of %(day)s") % {"day": _day(timezone.localtime(interest.received_at).date())}, note=interest.get_state_display())
            for interest in interests
        ] + [
            Evidence(_("Pledge of %(day)s") % {"day": _day(pledge.pledged_on)}, amount=pledge.million_vnd(), note=f"{format_amount(pledge.amount)} {pledge.currency}")
            for pledge in pledges
        ]
        return Reason("interest", INTEREST, _("Expressed interest in this project"), tuple(evidence)), None

    def similar(self, ngo, explain):
        count = self.alike_counts.get(ngo.pk)
        if not count:
            return None, None
        weight = min(SIMILAR_FIRST + SIMILAR_FURTHER * (count - 1), SIMILAR_MOST)
        if not explain:
            return Reason("similar", weight, ""), None
        text = ngettext(
            "Funded %(count)d project in the field “%(field)s” in the province",
            "Funded %(count)d projects in the field “%(field)s” in the province",
            count,
        ) % {"count": count, "field": self.field_name}
        return Reason("similar", weight, text, self._projects_evidence(ngo, self.alike[ngo.pk], count)), None

    def _projects_evidence(self, ngo, pasts, count=None):
        """The first SHOWN_PROJECTS of ``pasts`` as evidence, and how many more there are of ``count`` (all of
        ``pasts`` unless given)."""
        evidence = tuple(self._project_evidence(ngo, past) for past in pasts[:SHOWN_PROJECTS])
        more = (len(pasts) if count is None else count) - SHOWN_PROJECTS
        if more > 0:
            evidence += (Evidence(ngettext("and %(count)s more project", "and %(count)s more projects", more) % {"count": format_amount(more)}),)
        return evidence

    def _project_evidence(self, ngo, funded):
        past, label, programme_number = self.shown[funded.pk]
        amounts = [agreement.million_vnd() for agreement in self.agreements[past.pk] if agreement.ngo_id == ngo.pk]
        note = f"{programme_number} · {self.status_names[past.status]}"
        if not amounts:
            note += " · " + _("no agreement recorded")
        return Evidence(label, project=past, url=self.project_address(past.pk), amount=sum(amounts, Decimal(0)) if amounts else None, note=note)

    def works_in_field(self, ngo, explain):
        if self.field is None:
            return None, None
        if ngo.in_field:
            return Reason("field", FIELD, _("Works in the field “%(field)s”") % {"field": self.field_name} if explain else ""), None
        if not explain:
            return None, None
        return None, _("The field “%(field)s” is not among its fields of interest in the registry.") % {"field": self.field_name}

    def area(self, ngo, explain):
        if not self.units:
            return None, None
        areas = [(self.overlap.units[pk], meeting) for pk in self.areas.get(ngo.pk, ()) if (meeting := self._meeting([pk]))]
        met = self.met.get(ngo.pk, [])
        meetings = [meeting for _unit, meeting in areas] + [meeting for _funded, meeting in met]
        local = LOCAL in meetings
        if not explain:
            return (Reason("area", AREA_LOCAL if local else AREA_PROVINCE, "") if meetings else None), None
        evidence = tuple(Evidence(_("Area of interest: %(unit)s") % {"unit": unit}) for unit, _meeting in areas)
        evidence += self._projects_evidence(ngo, [funded for funded, _meeting in met])
        if local:
            return Reason("area", AREA_LOCAL, _("Has worked in this area"), evidence), None
        hint = _("No work recorded in this project's locality yet.")
        if meetings:
            return Reason("area", AREA_PROVINCE, _("Works in the province, not yet in this locality"), evidence), hint
        return None, hint

    def _meeting(self, units):
        """LOCAL where one of ``units`` shares ground with one of the project's below the province level,
        PROVINCE where they meet only through a whole province, None where they do not meet."""
        met = None
        for unit in units:
            for mine in self.units:
                if self.overlap.overlap(unit, mine):
                    if AdministrativeUnit.Level.PROVINCE not in (self.overlap.units[unit].level, self.overlap.units[mine].level):
                        return LOCAL
                    met = PROVINCE
        return met

    def certificate(self, ngo, explain):
        """A certificate valid today that names the project's province and field (Decree 58/2022/NĐ-CP: the NGO
        may work only where and in what it names); otherwise what it lacks."""
        if ngo.kind == NGO.Kind.DIPLOMATIC:
            # Decree 58/2022/NĐ-CP governs foreign NGOs; a diplomatic or consular mission funds without its certificate.
            return Reason("certificate", CERTIFICATE, _("Needs no Decree 58 certificate: a diplomatic or consular mission") if explain else ""), None
        registrations = self.registrations.get(ngo.pk, [])  # latest expiry first
        valid = [r for r in registrations if r.is_valid_on(self.today)]
        in_place = [r for r in valid if self._covers_place(r)]
        covering = [r for r in in_place if self.field is None or r.in_field]
        if not explain:
            return (Reason("certificate", CERTIFICATE, "") if covering else None), None
        names = {"province": self.province_name, "field": self.field_name}
        if covering:
            best = covering[0]
            evidence = Evidence(
                _("%(certificate)s, issued on %(issued)s by %(issuer)s, valid until %(expires)s")
                % {"certificate": best, "issued": _day(best.issued_on), "issuer": best.issuer, "expires": _day(best.expires_on)}
            )
            reason = Reason("certificate", CERTIFICATE, _("Has a valid Decree 58 certificate for %(province)s in the field “%(field)s”") % names, (evidence,))
            hint = None
            if best.expires_on - self.today <= EXPIRY_WARNING:
                hint = _("Its certificate %(number)s expires on %(day)s: a renewal.") % {"number": best.number, "day": _day(best.expires_on)}
            return reason, hint
        if in_place:
            return None, _("Its certificate %(number)s does not cover the field “%(field)s”: an amended certificate.") % {"number": in_place[0].number, **names}
        if valid:
            return None, _("Its certificate %(number)s does not cover %(province)s: a certificate naming it.") % {"number": valid[0].number, **names}
        expired = [r for r in registrations if r.expires_on < self.today]
        if expired:
            return None, _("Its certificate %(number)s expired on %(day)s: a renewal covering %(province)s and the field “%(field)s”.") % {
                "number": expired[0].number, "day": _day(expired[0].expires_on), **names
            }
        return None, _("No valid Decree 58 certificate: one covering %(province)s and the field “%(field)s”.") % names

    def _covers_place(self, registration):
        return any(self.overlap.overlap(province, place) for province in self.registration_provinces[registration.pk] for place in self.certificate_places)

    def traditional(self, ngo, explain):
        if ngo.relationship == NGO.Relationship.TRADITIONAL:
            return Reason("traditional", TRADITIONAL, _("Is a traditional partner of the province") if explain else ""), None
        return None, None
