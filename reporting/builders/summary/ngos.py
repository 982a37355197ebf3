"""NGOs active in the year or the period, the new ones, and the programme's target."""

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from partners.countries import countries
from partners.models import NGO
from socaid.text import fold
from reporting.builders.summary.lines import ACCEPTED
from reporting.builders.summary.documents import NGORow, TargetCheck
from reporting.builders.summary.sections import number_column
from reporting.formatting import cell_text
from reporting.models import ReportNGO
from reporting.tables import TEXT, Column, Row, Table
from socaid.bilingual import in_language, printed_text

# --- NGOs -------------------------------------------------------------------------------------------------------


class Registry:
    """Tells which NGO a mention names: the registry's NGO, or a proposed name folded for case and diacritics.

    A proposed name that folds to the name of an NGO already in the registry is that NGO (one query, only when
    some name was proposed).
    """

    def __init__(self, mentions):
        self.by_name = {}
        if any(not mention.ngo_id for mention in mentions):
            for ngo in NGO.objects.only("pk", "name", "name_original", "name_en", "acronym", "country"):
                for name in (ngo.name, ngo.name_original, ngo.name_en):
                    if name:
                        self.by_name.setdefault(fold(name), ngo)

    def key(self, mention):
        if mention.ngo_id:
            return ("ngo", mention.ngo_id)
        ngo = self.by_name.get(fold(mention.proposed_name))
        return ("ngo", ngo.pk) if ngo else ("name", fold(mention.proposed_name))

    def ngo(self, mention):
        return mention.ngo if mention.ngo_id else self.by_name.get(fold(mention.proposed_name))


def earlier_keys(programme, year):
    """NGOs named in accepted reports of the programme's earlier rounds, as Registry keys (one query, two with names)."""
    earlier = list(
        ReportNGO.objects.filter(report__status=ACCEPTED, report__round__programme=programme, report__round__year__lt=year).only("ngo_id", "proposed_name")
    )
    registry = Registry(earlier)
    return {registry.key(mention) for mention in earlier}


def _ngo_name(ngo, language):
    name = in_language(ngo, "name", language) or ngo.name_original
    return f"{name} ({ngo.acronym})" if ngo.acronym else name


def _best_written(names):
    """Of the ways units wrote the same name, the one with its Vietnamese marks ("Trẻ em" rather than "TRE EM")."""
    names = [name.strip() for name in names]
    return max(names, key=lambda name: (sum(1 for c in name if ord(c) > 127), sum(1 for c in name if c.islower())))


def ngo_rows(mentions, registry, language, *, earlier):
    """One row per distinct NGO; ``earlier``: keys of earlier rounds for the year's "new" flag (None for the period)."""
    grouped = {}
    for mention in mentions:
        grouped.setdefault(registry.key(mention), []).append(mention)
    rows = []
    for key, group in grouped.items():
        ngo = registry.ngo(group[0])
        proposed = ngo is None
        units = list(dict.fromkeys(printed_text(m.report.organisation, "name", language) for m in group))
        # What the unit wrote has no English twin: the English edition marks it [VI].
        activities = [
            f"{printed_text(m.report.organisation, 'name', language)}: {printed_text(m, 'activities', language).strip()}"
            for m in group
            if m.activities.strip()
        ]
        years = sorted({m.report.round.year for m in group})
        new = earlier is not None and (proposed or key not in earlier)
        if proposed:
            note = _("proposed for the registry")
        elif new:
            note = _("first named in an accepted report")
        else:
            note = ""
        rows.append(
            NGORow(
                number="",
                name=_best_written([m.proposed_name for m in group]) if proposed else _ngo_name(ngo, language),
                country=str(countries.name(next((m.proposed_country for m in group if m.proposed_country), "") if proposed else ngo.country)),
                proposed=proposed,
                new=new,
                units="; ".join(units),
                activities="\n".join(activities),
                years=", ".join(str(y) for y in years),
                note=str(note),
            )
        )
    rows.sort(key=lambda row: fold(row.name))
    for index, row in enumerate(rows, start=1):
        row.number = str(index)
    return rows


def _ngo_columns(name_width):
    return [number_column(), Column("name", str(_("Organisation")), TEXT, name_width), Column("country", str(_("Country")), TEXT, 16)]


def year_ngo_tables(ngos):
    """The NGOs active in the year, and the new ones among them."""
    active = Table(
        "ngos",
        [*_ngo_columns(36), Column("units", str(_("Units working with it")), TEXT, 28), Column("activities", str(_("Activities in the year")), TEXT, 52)],
        [Row([row.number, row.name, row.country, row.units, row.activities]) for row in ngos],
        empty=str(_("No accepted report.")),
    )
    new = Table(
        "new_ngos",
        [*_ngo_columns(36), Column("note", str(_("Notes")), TEXT, 44)],
        [Row([str(number), row.name, row.country, cell_text(row.note)]) for number, row in enumerate((row for row in ngos if row.new), start=1)],
        title=str(_("New NGOs")),
        empty=str(_("None.")),
    )
    return [active, new]


def period_ngo_table(ngos):
    return Table(
        "ngos",
        [*_ngo_columns(40), Column("years", str(_("Years active")), TEXT, 16), Column("units", str(_("Units working with it")), TEXT, 44)],
        [Row([row.number, row.name, row.country, row.years, row.units]) for row in ngos],
        empty=str(_("No accepted report.")),
    )


def target_check(target, achieved, year, *, period):
    if target is None:
        return None
    met = target.is_met_by(achieved)
    value = target.value
    shown = "" if value is None else str(int(value) if value == value.to_integral_value() else value.normalize())
    # The count stands inside the sentence and the verdict ends it: a count closing a sentence ("…: 2. Target not
    # met.") wraps into what reads like an item of a numbered list ("2. Target not met.").
    if met is None:
        verdict = _("the target has no figure to compare with")
    elif met:
        verdict = _("target met")
    elif target.target_year and year < target.target_year:
        verdict = _("target not yet met")
    else:
        verdict = _("target not met")
    if period:
        sentence = ngettext(
            "Target of the programme: %(comparison)s %(value)s NGOs with programmes or projects in the province by %(year)s; over the period %(achieved)s NGO was active: %(verdict)s.",
            "Target of the programme: %(comparison)s %(value)s NGOs with programmes or projects in the province by %(year)s; over the period %(achieved)s NGOs were active: %(verdict)s.",
            achieved,
        )
    else:
        sentence = ngettext(
            "Target of the programme: %(comparison)s %(value)s NGOs with programmes or projects in the province by %(year)s; in the year %(achieved)s NGO was active: %(verdict)s.",
            "Target of the programme: %(comparison)s %(value)s NGOs with programmes or projects in the province by %(year)s; in the year %(achieved)s NGOs were active: %(verdict)s.",
            achieved,
        )
    return TargetCheck(
        text=printed_text(target, "text", translation.get_language()),
        value=value,
        comparison=target.comparison,
        target_year=target.target_year,
        achieved=achieved,
        met=met,
        verdict=str(
            sentence
            % {
                "comparison": target.get_comparison_display(),
                "value": shown,
                "year": target.target_year or "",
                "achieved": achieved,
                "verdict": verdict,
            }
        ),
    )
