"""The catalogue's filters, one form for every public list: the page, its CSV and the API filter the same way."""
from urllib.parse import urlencode

from django import forms
from django.db.models import F, Q
from django.db.models.functions import Round
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from partners.models import AdministrativeUnit
from partners.unit_choices import unit_choices
from projects.appendix_order import SEARCH_LISTED, AppendixOrderIds
from projects.forms import AmountField
from projects.lifecycle import FUNDED, Status
from projects.models import Programme, Sector
from projects.models.proposals import PLAUSIBLE_YEARS

ALL_PROGRAMMES = "all"

# What a reader asks of a project's status, in their words rather than the bank's eleven steps.
STAGES = {
    "seeking": frozenset({Status.PUBLISHED, Status.NEGOTIATION}),
    "funded": FUNDED - {Status.COMPLETED},
    "completed": frozenset({Status.COMPLETED}),
}
STAGE_CHOICES = [
    ("", _("Every stage")),
    ("seeking", _("Seeking aid")),
    ("funded", _("Funded, being prepared or carried out")),
    ("completed", _("Completed")),
]


def stage_of(status):
    """The stage a reader sees for a public project's status (the key of STAGES), or "" for a status not public."""
    return next((stage for stage, statuses in STAGES.items() if status in statuses), "")


def stage_label(status):
    return dict(STAGE_CHOICES).get(stage_of(status), "")

# sort key -> order; unknown amounts and years last, on SQLite and PostgreSQL alike.
SORTS = {
    "sector": ["programme__start_year", "sector__position", "position"],
    "name": ["name"],
    "aid": ["aid_sought"],
    "-aid": ["-aid_sought"],
    "total": ["total"],
    "-total": ["-total"],
    "start": ["start_year", "end_year"],
    "-start": ["-start_year", "-end_year"],
}
SORT_CHOICES = [
    ("sector", _("By sector")),
    ("name", _("By name")),
    ("-aid", _("Largest aid sought first")),
    ("aid", _("Smallest aid sought first")),
    ("-total", _("Largest total budget first")),
    ("total", _("Smallest total budget first")),
    ("start", _("Earliest start first")),
    ("-start", _("Latest start first")),
]


class SectorChoice(forms.ModelChoiceField):
    def label_from_instance(self, sector):
        return f"{sector} ({sector.programme.start_year}–{sector.programme.end_year})"


class ProgrammeChoice(forms.ModelChoiceField):
    def label_from_instance(self, programme):
        return f"{programme.number} ({programme.start_year}–{programme.end_year})"


def area_choices():
    """Today's units and the former districts (2020–2025 projects are placed in those): a former commune's projects
    are found under the commune that succeeded it (ProjectQuerySet.in_unit follows the successions)."""
    today = timezone.localdate()
    units = AdministrativeUnit.objects.select_related("parent").filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=today) | Q(level=AdministrativeUnit.Level.DISTRICT)
    )
    return [("", _("Everywhere")), *unit_choices(units)]


class CatalogueForm(forms.Form):
    """Read from the query string. An invalid value is reported beside its field and otherwise ignored."""

    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    programme = forms.CharField(label=_("Programme"), required=False)
    sector = SectorChoice(label=_("Sector"), queryset=Sector.objects.select_related("programme"), required=False, empty_label=_("All sectors"))
    area = forms.ModelChoiceField(label=_("Area"), queryset=AdministrativeUnit.objects.all(), required=False)
    stage = forms.ChoiceField(label=_("Stage"), choices=STAGE_CHOICES, required=False)
    aid_min = AmountField(label=_("Aid sought from (million VND)"))
    aid_max = AmountField(label=_("to (million VND)"))
    year_from = forms.IntegerField(label=_("Running from year"), required=False, min_value=PLAUSIBLE_YEARS[0], max_value=PLAUSIBLE_YEARS[1])
    year_to = forms.IntegerField(label=_("to year"), required=False, min_value=PLAUSIBLE_YEARS[0], max_value=PLAUSIBLE_YEARS[1])
    sort = forms.ChoiceField(label=_("Sort"), choices=SORT_CHOICES, required=False)

    def __init__(self, data=None, **kwargs):
        super().__init__(data if data is not None else {}, **kwargs)
        self.fields["area"].widget.choices = area_choices()
        programmes = Programme.objects.order_by("-start_year")
        self.fields["programme"].widget = forms.Select(
            choices=[(programme.code, ProgrammeChoice(queryset=programmes).label_from_instance(programme)) for programme in programmes]
            + [(ALL_PROGRAMMES, _("All programmes"))]
        )

    def clean_programme(self):
        """A programme's code; empty means the programme running now (what an NGO reading today is offered)."""
        code = self.cleaned_data.get("programme") or ""
        if code == ALL_PROGRAMMES:
            return None
        if not code:
            return Programme.objects.current()
        programme = Programme.objects.filter(code=code).first()
        if programme is None:
            raise forms.ValidationError(_("There is no such programme."))
        return programme

    def clean(self):
        data = super().clean()
        low, high = data.get("aid_min"), data.get("aid_max")
        if low is not None and high is not None and low > high:
            self.add_error("aid_max", _("The upper amount is below the lower one."))
        first, last = data.get("year_from"), data.get("year_to")
        if first and last and first > last:
            self.add_error("year_to", _("The last year comes before the first year."))
        return data

    def value(self, name):
        """The cleaned value of a field, or None when it was left out or is invalid (then it does not filter)."""
        self.is_valid()
        return self.cleaned_data.get(name) if name not in self.errors else None

    def filter_query(self):
        """The query string of what filters and orders the list, and of nothing else: the valid fields given, in
        one order, the search as it is cleaned. Two addresses that list the same rows the same way give one."""
        self.is_valid()
        given = []
        for name in self.fields:
            raw = self.data.get(name)
            if name in self.errors or raw in (None, ""):
                continue
            given.append((name, self.cleaned_data[name] if name == "q" else raw))
        return urlencode(sorted(given))

    def chosen_programme(self):
        if "programme" in self.errors:
            return Programme.objects.current()
        return self.value("programme")

    def apply(self, projects):
        """``projects`` (Project.objects.public(), or a narrower public queryset) narrowed and ordered as asked,
        with the sums of its budget lines (total, aid_sought, counterpart) on every row."""
        projects = self.narrowed(projects).with_totals()
        low, high = self.value("aid_min"), self.value("aid_max")
        if low is not None or high is not None:
            # Compared in whole thousandths: SQLite sums decimals as floats.
            projects = projects.alias(aid_thousandths=Round(F("aid_sought") * 1000))
            if low is not None:
                projects = projects.filter(aid_thousandths__gte=int(low * 1000))
            if high is not None:
                projects = projects.filter(aid_thousandths__lte=int(high * 1000))
        return projects.order_by(*self.ordering())

    def in_appendix_order(self):
        """Whether the list is in its default order (the appendix's) and does not depend on the sums: its rows can
        then be paged without summing every project's lines (CatalogueRows)."""
        return (self.value("sort") or "sector") == "sector" and not self.filters_by_amount()

    def filters_by_amount(self):
        """Whether the projects' sums narrow the list (an aid sought from or to)."""
        return self.value("aid_min") is not None or self.value("aid_max") is not None

    def needs_sums(self):
        """Whether the list's order or its filters are the projects' sums (the amounts)."""
        amounts = {"total", "aid_sought", "counterpart"}
        ordered_by = {name.lstrip("-") for name in SORTS[self.value("sort") or "sector"]}
        return bool(ordered_by & amounts) or self.filters_by_amount()

    def narrowed(self, projects):
        """``projects`` narrowed by every filter but the amounts, without sums or order."""
        programme = self.chosen_programme()
        if programme is not None:
            projects = projects.filter(programme=programme)
        if sector := self.value("sector"):
            projects = projects.filter(sector=sector)
        if area := self.value("area"):
            projects = projects.in_unit(area)
        if stage := self.value("stage"):
            projects = projects.filter(status__in=STAGES[stage])
        first, last = self.value("year_from"), self.value("year_to")
        if first or last:
            projects = projects.active_between(first, last)
        if query := self.value("q"):
            projects = projects.search(query)
        return projects

    def ordering(self):
        fields = SORTS[self.value("sort") or "sector"]
        return [
            getattr(F(name.lstrip("-")), "desc" if name.startswith("-") else "asc")(nulls_last=True) for name in fields
        ] + ["pk"]


class CatalogueRows:
    """The projects of ``projects`` (a public queryset, with what its rows need selected or prefetched) as ``form``
    filters and orders them, with their sums, for a Paginator: count() and slices.

    In the default order without an amount filter, the keys are paged in the appendix's order from the index on
    (sector, position) (projects.appendix_order) and only a page's rows are summed: summing and sorting every
    public project to show twenty took 0.6 s at 100,000 projects. An order or a filter by the sums needs them all
    (SortedIds); either way the page's rows are then read by their ids, with their sums."""

    def __init__(self, form, projects):
        self.projects = projects
        keys = projects.prefetch_related(None)
        if form.in_appendix_order():
            self.ids = AppendixOrderIds(form.narrowed(keys), list_up_to=SEARCH_LISTED if form.value("q") else 0)
        else:
            self.ids = SortedIds(form, keys)

    def count(self):
        return self.ids.count()

    def __len__(self):
        return self.count()

    def __getitem__(self, page):
        keys = list(self.ids[page])
        rows = {project.pk: project for project in self.projects.filter(pk__in=keys).with_totals().order_by()}
        return [rows[key] for key in keys]


class SortedIds:
    """The ids of the list in an order or under a filter that needs every project's sums, for a Paginator. Only
    the ids are sorted, not whole rows with every column (0.5 s at 100,000 projects, 0.8 s a page of the API), and
    the list is counted without summing anything when no amount filters it."""

    def __init__(self, form, projects):
        if form.needs_sums():
            self.ordered = form.apply(projects).values_list("pk", flat=True)
        else:  # by name or by the years: nothing to sum
            self.ordered = form.narrowed(projects).order_by(*form.ordering()).values_list("pk", flat=True)
        self.counted = self.ordered if form.filters_by_amount() else form.narrowed(projects).order_by()

    def count(self):
        return self.counted.count()

    def __getitem__(self, page):
        return self.ordered[page]
