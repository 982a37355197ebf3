"""The dashboard's figures, each computed again here from the rows with plain loops, and its page, links and export."""
import datetime
import io
from collections import defaultdict
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import load_workbook

from partners.localities import Basis
from partners.models import NGO, AdministrativeUnit, UnitSuccession
from projects.lifecycle import FUNDED, PUBLISHABLE
from projects.models import BudgetLine, PlanTask, Programme, Project, TaskProgress
from projects.models.pipeline import Agreement, CounterpartFunds, Disbursement, Pledge
from reporting.builders.dashboard import build_dashboard, dashboard_rows

pytestmark = pytest.mark.django_db
D = Decimal
DAY = datetime.date(2024, 1, 10)


def money(model, **fields):
    defaults = {"currency": "VND", "rate_to_vnd": D(1), "rate_date": DAY}
    return model.objects.create(**defaults | fields)


@pytest.fixture
def pipeline(programme):
    """Two NGOs on one project (II.1), whose units span the reform (a former commune and the commune that took it
    over); a third project with one NGO, disbursing; entries in USD and EUR whose own conversions round up."""
    ngo_a = NGO.objects.create(code="ngo-a", name_original="Aid Alpha", name="Tổ chức Alpha")
    ngo_b = NGO.objects.create(code="ngo-b", name_original="Aid Beta")
    two_ngos = Project.objects.get(code="03-2020-ii-01")
    one_ngo = Project.objects.get(code="03-2020-i-01")
    two_ngos.status, two_ngos.ngo = Project.Status.COMMITTED, ngo_a
    two_ngos.save()
    one_ngo.status = Project.Status.IMPLEMENTING
    one_ngo.save()
    former = AdministrativeUnit.objects.get(pk=16)  # Xã Phú Tân, ended 2025-06-30
    successor = UnitSuccession.objects.filter(predecessor=former).first().successor
    two_ngos.admin_units.set([former, successor])
    former.is_khmer_area = True
    former.save()
    usd = {"currency": "USD", "rate_to_vnd": D("25000")}
    # 1.02 USD is 25,500 VND, 0.0255 million: each entry rounds to 0.026, their sum converted would be 0.051.
    pledges = [
        money(Pledge, project=two_ngos, ngo=ngo_a, pledged_on=datetime.date(2023, 5, 1), amount=D("1.02"), **usd),
        money(Pledge, project=two_ngos, ngo=ngo_b, pledged_on=datetime.date(2024, 2, 1), amount=D("1.02"), **usd),
        money(Pledge, project=one_ngo, ngo=ngo_b, pledged_on=datetime.date(2023, 9, 1), amount=D("150000000")),
    ]
    agreements = [
        money(Agreement, project=two_ngos, ngo=ngo_a, signed_on=datetime.date(2023, 6, 1), amount=D("1.02"), **usd),
        money(Agreement, project=two_ngos, ngo=ngo_b, signed_on=datetime.date(2024, 3, 1), amount=D("1000.5"), currency="EUR", rate_to_vnd=D("27500.25")),
        money(Agreement, project=one_ngo, ngo=ngo_b, signed_on=datetime.date(2023, 10, 1), amount=D("140000000"),
              decision_number="12/QĐ-UBND", decision_date=datetime.date(2023, 11, 1)),
    ]
    disbursements = [
        money(Disbursement, agreement=agreements[2], year=2023, amount=D("40000000")),
        money(Disbursement, agreement=agreements[2], year=2024, amount=D("60000500")),
        money(Disbursement, agreement=agreements[0], year=2024, amount=D("1.02"), **usd),
    ]
    CounterpartFunds.objects.create(project=one_ngo, year=2023, planned=D("100.5"), spent=D("80.25"))
    CounterpartFunds.objects.create(project=one_ngo, year=2024, planned=D("120"))
    CounterpartFunds.objects.create(project=two_ngos, year=2024, planned=D("10"), spent=D("9.999"))
    return {"pledges": pledges, "agreements": agreements, "disbursements": disbursements, "ngos": (ngo_a, ngo_b), "two_ngos": two_ngos}


def bank(programme):
    return [p for p in Project.objects.filter(programme=programme).order_by("pk") if p.status in PUBLISHABLE]


def by_project(entries, project_of):
    sums = defaultdict(D)
    for entry in entries:
        sums[project_of(entry).pk] += entry.million_vnd()
    return sums


def expected_groups(programme, key_of):
    """Projects, aid sought, pledged, committed, disbursed per group of ``key_of(project)``, by loops over the rows."""
    pledged = by_project(Pledge.objects.all(), lambda e: e.project)
    committed = by_project(Agreement.objects.all(), lambda e: e.project)
    disbursed = by_project(Disbursement.objects.all(), lambda e: e.agreement.project)
    groups = defaultdict(lambda: [0, D(0), D(0), D(0), D(0)])
    for project in bank(programme):
        for key in key_of(project):
            figures = groups[key]
            figures[0] += 1
            for line in BudgetLine.objects.filter(project=project):
                figures[1] += line.aid_sought or 0
            figures[2] += pledged[project.pk]
            figures[3] += committed[project.pk]
            figures[4] += disbursed[project.pk]
    return groups


def figures_of(record):
    return [record["projects"], record["aid_sought"], record["pledged"], record["committed"], record["disbursed"]]


def test_every_figure_equals_the_rows_added_up_by_hand(programme, pipeline):
    dashboard = build_dashboard(programme, "vi")

    sectors = expected_groups(programme, lambda p: [p.sector_id])
    for row, record in zip(dashboard.table("sectors").rows, dashboard.table("sectors").records()):
        assert figures_of(record) == sectors.pop(row.key, [0, 0, 0, 0, 0])
    assert not sectors

    basis = Basis(timezone.localdate())
    units = expected_groups(programme, lambda p: [basis.place_of_units(list(p.admin_units.all())).key])
    table = dashboard.table("units")
    assert {row.key: figures_of(record) for row, record in zip(table.rows, table.records())} == dict(units)

    funnel = expected_groups(programme, lambda p: [p.status])
    for row, record in zip(dashboard.table("funnel").rows, dashboard.table("funnel").records()):
        assert figures_of(record) == funnel.get(row.key, [0, 0, 0, 0, 0])
    assert dashboard.table("funnel").total()["projects"] == sum(r["projects"] for r in dashboard.table("funnel").records())

    priority = expected_groups(programme, lambda p: ["khmer"] if any(
        u.is_khmer_area or (u.parent and u.parent.is_khmer_area) for u in p.admin_units.all()) else [])
    assert figures_of(dashboard.table("priorities").records()[0]) == priority["khmer"]

    years = dashboard.table("years")
    for record in years.records():
        year = int(record["year"])
        assert record["pledged"] == sum((p.million_vnd() for p in Pledge.objects.all() if p.pledged_on.year == year), D(0))
        assert record["committed"] == sum((a.million_vnd() for a in Agreement.objects.all() if a.signed_on.year == year), D(0))
        assert record["disbursed"] == sum((d.million_vnd() for d in Disbursement.objects.all() if d.year == year), D(0))

    counterpart = {int(r["year"]): (r["planned"], r["spent"]) for r in dashboard.table("counterpart").records()}
    assert counterpart[2023] == (D("100.5"), D("80.25"))
    assert counterpart[2024] == (D("130"), D("9.999"))  # a year without a spent figure adds only the known ones
    assert counterpart[2022] == (None, None)

    tasks = dashboard.table("tasks").records()
    assert [(r["number"], r["content"]) for r in tasks] == [(str(t.position), t.content) for t in PlanTask.objects.filter(programme=programme)]
    assert len(tasks) == 9


def test_the_plans_tasks_show_each_years_state_and_the_accepted_progress(programme, users, client):
    """Each task's state per year and its accepted years, counted again from the rows; the progress accepted for the
    programme's last year, and only that; the count links to the plan's accepted progress."""
    states = {(5, 2024): "accepted", (5, 2025): "accepted", (1, 2025): "submitted", (2, 2025): "draft", (4, 2025): "returned", (9, 2021): "accepted"}
    tasks = {t.position: t for t in PlanTask.objects.filter(programme=programme)}
    for (position, year), state in states.items():
        TaskProgress.objects.create(
            task=tasks[position], year=year, organisation=tasks[position].lead, done=f"Việc {position}/{year}", state=state,
            recorded_at=timezone.now(), reviewed_at=timezone.now() if state in ("accepted", "returned") else None,
            review_note="Bổ sung" if state == "returned" else "",
        )
    dashboard = build_dashboard(programme, "en")
    table = dashboard.table("tasks")
    with translation.override("en"):
        labels = {state: str(label) for state, label in TaskProgress.State.choices}
    for record in table.records():
        position = int(record["number"])
        for year in range(2020, 2026):
            state = states.get((position, year))
            assert record[f"y{year}"] == (str(labels[state]).capitalize() if state else "—")
        assert record["accepted"] == sum(1 for (p, _y), state in states.items() if p == position and state == "accepted")
    accepted = dashboard.table("task_progress").records()
    assert [(r["number"], r["done"]) for r in accepted] == [("5", "Việc 5/2025 [VI]")]  # what a unit wrote has no English
    assert dashboard.link("tasks", 5, "accepted") == f"{reverse('projects:plan_progress')}?programme={programme.pk}&state=accepted&task=5"
    client.force_login(users["viewer"])
    assert "Việc 5/2025" in client.get(reverse("reporting:dashboard"), {"programme": programme.pk}).content.decode()


def test_currency_totals_are_sums_of_each_entrys_own_conversion(programme, pipeline):
    dashboard = build_dashboard(programme, "vi")
    total = dashboard.table("years").total()
    assert total["pledged"] == sum(p.million_vnd() for p in pipeline["pledges"]) == D("150.052")
    # Converting the two USD pledges' sum would give 0.051, not 0.052: each entry is rounded once, on its own.
    assert D("2.04") * 25000 / 1_000_000 == D("0.051")
    assert total["committed"] == sum(a.million_vnd() for a in pipeline["agreements"])
    assert total["disbursed"] == sum(d.million_vnd() for d in pipeline["disbursements"]) == D("100.027")


def test_nothing_counts_twice_for_two_ngos_or_units_across_the_reform(programme, pipeline):
    dashboard = build_dashboard(programme, "vi")
    projects = len(bank(programme))
    aid_sought = sum((line.aid_sought or 0 for p in bank(programme) for line in BudgetLine.objects.filter(project=p)), D(0))
    for key in ("sectors", "units"):
        assert dashboard.table(key).total()["projects"] == projects
        assert dashboard.table(key).total()["aid_sought"] == aid_sought
        assert dashboard.table(key).total()["committed"] == sum(a.million_vnd() for a in pipeline["agreements"])
    # Phú Tân is I.1's commune too; II.1 (two NGOs, Phú Tân and the commune that took it over) counts once.
    assert dashboard.table("priorities").records()[0]["projects"] == 2
    # NGOs: Alpha is both II.1's committed NGO and a signatory; Beta signed twice. Two NGOs, each once.
    first = {}
    for agreement in Agreement.objects.all():
        first[agreement.ngo_id] = min(first.get(agreement.ngo_id, 9999), agreement.signed_on.year)
    for project in bank(programme):
        if project.ngo_id and project.status in FUNDED:
            first[project.ngo_id] = min(first.get(project.ngo_id, 9999), project.start_year or programme.start_year)
    for record in dashboard.table("ngos").records():
        year = int(record["year"])
        assert record["ngos"] == sum(1 for y in first.values() if y <= year)
        assert record["new"] == sum(1 for y in first.values() if y == year or (year == programme.start_year and y < year))
    assert dashboard.table("ngos").records()[-1]["ngos"] == 2
    assert len(dashboard.table("ngo_list").rows) == len(first) == 2
    assert dashboard.target[1] == 2 and dashboard.target[2] is False


def test_the_rows_behind_a_figure_add_up_to_it(programme, pipeline, client, users):
    client.force_login(users["viewer"])
    dashboard = build_dashboard(programme, "vi")
    sector = pipeline["two_ngos"].sector_id
    record = next(r for row, r in zip(dashboard.table("sectors").rows, dashboard.table("sectors").records()) if row.key == sector)
    behind = dashboard_rows(programme, figure="committed", sector=sector)
    assert behind.totals == [record["committed"]] and len(behind.rows) == 2
    response = client.get(dashboard.link("sectors", sector, "committed"))
    assert response.status_code == 200
    assert response.context["behind"].totals == [record["committed"]]
    assert "Aid Beta" in response.content.decode()
    stage = client.get(dashboard.link("funnel", "committed", "projects"))
    assert [project.code for project, _cells, _figures in stage.context["shown"]] == ["03-2020-ii-01"]
    bank = client.get(stage.context["bank_href"])
    assert [row.code for row in bank.context["rows"]] == ["03-2020-ii-01"]
    years = dashboard_rows(programme, figure="disbursed", year=2024)
    counterpart = dashboard_rows(programme, figure="counterpart", year=2024)
    year_row = next(r for r in dashboard.table("counterpart").records() if r["year"] == "2024")
    assert counterpart.totals == [year_row["planned"], year_row["spent"]] == [D("130"), D("9.999")]
    assert dashboard.link("counterpart", 2024, "planned") == dashboard.link("counterpart", 2024, "spent")
    assert client.get(dashboard.link("counterpart", 2024, "spent")).context["behind"].totals == counterpart.totals
    in_2024 = next(r for r in dashboard.table("years").records() if r["year"] == "2024")
    assert years.totals == [in_2024["disbursed"]] == [D("60.027")]  # 60.0005 rounds to 60.001, 1.02 USD to 0.026


def test_the_rows_behind_a_figure_are_shown_a_page_at_a_time_under_the_whole_figure(programme, pipeline, client, users, monkeypatch, django_assert_max_num_queries):
    from reporting import dashboard_views

    client.force_login(users["viewer"])
    dashboard = build_dashboard(programme, "vi")
    behind = dashboard_rows(programme, figure="aid_sought")
    assert len(behind.rows) == 25
    monkeypatch.setattr(dashboard_views, "ROWS_PER_PAGE", 10)
    address = dashboard.link("sectors", "total", "aid_sought")
    shown = []
    for number in (1, 2, 3):
        with django_assert_max_num_queries(20):
            page = client.get(f"{address}&page={number}")
        shown += [project.pk for project, _cells, _figures in page.context["shown"]]
        html = page.content.decode()
        assert "25 dòng" in html and page.context["behind"].totals == behind.totals  # the figure, of every row
    assert shown == [pk for pk, _cells, _figures in behind.rows] and len(page.context["shown"]) == 5
    assert 'figure=aid_sought&amp;page=2" rel="prev"' in html  # back to the page before, the figure kept


def test_the_page_links_every_figure_and_runs_a_constant_number_of_queries(programme, pipeline, client, users, django_assert_max_num_queries):
    client.force_login(users["coordinator"])
    with django_assert_max_num_queries(40) as first:
        response = client.get(reverse("reporting:dashboard"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "<svg" in page and "<title id=\"chart-funnel-title\">" in page
    assert f"{reverse('reporting:dashboard_rows')}?programme={programme.pk}&amp;figure=committed&amp;sector=" in page
    assert f'href="{reverse("reporting:dashboard")}"' in page  # in the menu
    more = NGO.objects.create(code="ngo-c", name_original="Aid Gamma")
    for code in ("03-2020-v-01", "03-2020-v-02", "03-2020-iii-01"):
        project = Project.objects.get(code=code)
        project.status = Project.Status.APPROVED
        project.save()
        agreement = money(Agreement, project=project, ngo=more, signed_on=DAY, amount=D("5000000"))
        money(Disbursement, agreement=agreement, year=2025, amount=D("1000000"))
        money(Pledge, project=project, ngo=more, pledged_on=DAY, amount=D("5000000"))
    with django_assert_max_num_queries(len(first.captured_queries)):
        assert client.get(reverse("reporting:dashboard")).status_code == 200


def test_the_menu_offers_the_dashboard_only_to_those_who_may_read_it(client, users):
    for name, shown in (("viewer", True), ("admin", True), ("officer", False), ("reviewer", False)):
        client.force_login(users[name])
        assert (f'href="{reverse("reporting:dashboard")}"' in client.get(reverse("projects:bank")).content.decode()) is shown, name


def test_the_excel_export_holds_every_table_with_formulas_for_the_totals(programme, pipeline, client, users):
    client.force_login(users["viewer"])
    response = client.get(reverse("reporting:dashboard"), {"programme": programme.pk, "format": "xlsx"})
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content) if response.streaming else response.content))
    assert len(workbook.sheetnames) == 8
    formulas = [cell.value for ws in workbook for row in ws.iter_rows() for cell in row if isinstance(cell.value, str) and cell.value.startswith("=SUM(")]
    assert len(formulas) >= 10


def test_another_programme_is_chosen_by_its_key(programme, make_programme, client, users):
    other = make_programme()
    client.force_login(users["coordinator"])
    response = client.get(reverse("reporting:dashboard"), {"programme": other.pk})
    assert response.context["dashboard"].programme == other
    assert response.context["dashboard"].table("sectors").rows == []
    assert Programme.objects.count() == 2


def test_the_year_end_summary_draws_the_pipeline_with_the_same_charts(programme, pipeline, tmp_path):
    from reporting.builders.summary import build_year_summary
    from reporting.renderers.summary_html import summary_html
    from reporting.renderers.summary_pdf import summary_pdf
    from tests.reporting.test_summary_documents import pdf_text

    summary = build_year_summary(programme, 2024, language="en")
    section = next(s for s in summary.sections if s.key == "pipeline")
    dashboard = build_dashboard(programme, "en")
    assert section.tables[0].records() == dashboard.table("years").records()
    assert section.tables[1].records() == dashboard.table("funnel").records()
    assert [str(chart.svg()) for chart in section.maps] == [str(dashboard.sections[1].maps[0].svg()), str(dashboard.sections[5].maps[0].svg())]
    html = summary_html(summary)
    assert html.count('<svg xmlns="http://www.w3.org/2000/svg" class="chart"') == 2
    _text, flat = pdf_text(summary_pdf(summary), tmp_path)
    assert "THE AID PIPELINE OF THE PROGRAMME" in flat and "150.052" in flat


def test_every_group_of_a_generated_bank_holds_the_projects_it_names(programme):
    """The groups are filed once (PipelineData.groups and place_groups): each is the list filtered by hand, in its
    order, alone and combined."""
    import itertools

    from django.core.management import call_command

    from reporting.builders.dashboard import PRIORITIES, PipelineData

    call_command("generate_bank", projects=150, ngos=2, seed=6, stdout=open("/dev/null", "w"))
    data = PipelineData(Programme.objects.get(code="synthetic-2026"))
    projects = data.projects
    sectors = {p.sector_id for p in projects.values()} | {-1}
    statuses = {p.status for p in projects.values()} | {"draft"}
    places = {data.places[pk].key for pk in list(projects)[:8]} | {"nowhere"}
    priorities = [None, *(key for key, _label in PRIORITIES)]
    checked = 0
    for sector, status, place, priority in itertools.product([None, *sectors], [None, *statuses], [None, *places], priorities):
        if sum(value is not None for value in (sector, status, place)) > 2:
            continue
        expected = [
            pk for pk, p in projects.items()
            if sector in (None, p.sector_id) and status in (None, p.status) and place in (None, data.places[pk].key)
            and (priority is None or pk in data.priority[priority])
        ]
        assert data.select(sector=sector, status=status, place=place, priority=priority) == expected
        checked += bool(expected)
    assert checked > 40


def test_the_priority_areas_are_those_the_bank_list_filters_by(programme):
    """The dashboard tells priority projects from the units it reads for the places (AdministrativeUnit.
    in_priority_area); the bank's filter asks the same rule in SQL (Project.objects.in_priority_area)."""
    from reporting.builders.dashboard import PRIORITIES, PipelineData

    bank = Project.objects.in_programme(programme).filter(status__in=PUBLISHABLE)
    links = Project.admin_units.through.objects.filter(project__in=bank).select_related("administrativeunit__parent")
    communes = [link.administrativeunit for link in links if link.administrativeunit.parent_id]
    assert len(communes) >= 3
    AdministrativeUnit.objects.filter(pk=communes[0].parent_id).update(is_khmer_area=True)  # a district: its communes inherit
    AdministrativeUnit.objects.filter(pk=communes[1].pk).update(is_extremely_difficult=True)  # a commune itself
    AdministrativeUnit.objects.filter(pk=communes[2].pk).update(is_khmer_area=True, is_extremely_difficult=True)
    data = PipelineData(programme)
    for key, _label in PRIORITIES:
        expected = set(bank.in_priority_area(**{key: True}).values_list("pk", flat=True))
        assert data.priority[key] == expected and expected, key
    assert data.priority["khmer"] != data.priority["difficult"]
