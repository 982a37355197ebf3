"""Every path that writes a project goes through the one writing service, and its rules hold on every path."""
import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from partners.models import AdministrativeUnit
from partners.roles import ensure_role_groups
from projects.imports.flat_export import bank_flat_xlsx
from projects.imports.flat import plan_bank_file
from projects.models import BudgetLine, ImportRecord, Project, Sector
from projects.models.proposals import MAX_POSITION
from projects.seed import REASON as SEED_REASON
from projects.seed import load_programme_fixture
from projects.services import import_apply, programme_take_over_unfunded, project_withdraw
from projects.services import writing
from tests.support.bank_workbooks import edited, row_of
from tests.support.project_forms import admin_post

pytestmark = pytest.mark.django_db
MARK = " written-by-the-writing-service "


@pytest.fixture
def marked(monkeypatch):
    """Search text only the writing service can have written: every path must have gone through it."""
    monkeypatch.setattr(writing, "search_text_for", lambda project: MARK)


@pytest.fixture
def coordinator(make_user):
    user = make_user("coord", role="coordinator", organisation="so-tai-chinh-can-tho", staff=True)
    user.groups.add(ensure_role_groups()["coordinator"])
    return user


def latest_reason(project):
    return project.history.order_by("-history_date", "-history_id").first().history_change_reason


def workbook_with(programme, code, column, value):
    """The bank's flat list with one cell of the project ``code`` changed."""
    with translation.override("vi"):
        exported = bank_flat_xlsx(Project.objects.filter(programme=programme))

    def change(sheet, column_of):
        sheet.cell(row=row_of(sheet, column_of, code), column=column_of[column], value=value)

    return edited(exported, change)


def test_applying_an_import_writes_through_the_service(programme, coordinator, marked):
    lake = Project.objects.get(code="03-2020-v-01")
    with translation.override("en"):
        plan = plan_bank_file(workbook_with(programme, lake.code, "Tên dự án bằng tiếng Anh", "Regulating lake, Ward 4"), "bank.xlsx", programme)
    assert plan.errors == [] and plan.counts["update"] == 1
    record = import_apply(plan=plan, by=coordinator)
    after = Project.objects.get(pk=lake.pk)
    assert (after.name_en, after.version, after.search_text) == ("Regulating lake, Ward 4", lake.version + 1, MARK)
    assert latest_reason(after) == record.history_reason() == ImportRecord.objects.get().history_reason()


def test_an_admin_save_writes_through_the_service(client, coordinator, marked):
    client.force_login(coordinator)
    lake = Project.objects.get(code="03-2020-v-01")
    response = admin_post(client, lake, name_en="Regulating lake, Ward 4")
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else response
    after = Project.objects.get(pk=lake.pk)
    assert (after.name_en, after.version, after.search_text) == ("Regulating lake, Ward 4", lake.version + 1, MARK)
    assert latest_reason(after) == "Edited in the admin"  # stored as the message id, shown in each reader's language
    assert after.history.latest().history_user == coordinator


def test_the_take_over_writes_through_the_service(programme, make_programme, coordinator, marked):
    successor = make_programme(predecessor=programme)
    for sector in programme.sectors.all():
        Sector.objects.create(programme=successor, position=sector.position, numeral=sector.numeral, name=sector.name, field=sector.field)
    with translation.override("en"):
        copies = programme_take_over_unfunded(programme=successor, by=coordinator)
    assert copies and {copy.version for copy in copies} == {1}
    assert set(Project.objects.filter(programme=successor).values_list("search_text", flat=True)) == {MARK}
    assert latest_reason(copies[0]) == "Taken over from programme 03/CTr-UBND"


def test_the_seed_loader_writes_through_the_service(marked):
    lake = Project.objects.get(code="03-2020-v-01")
    Project.objects.filter(pk=lake.pk).update(name="Đã sửa tay")
    load_programme_fixture(update=True)
    after = Project.objects.get(pk=lake.pk)
    assert (after.name, after.version, after.search_text) == (lake.name, lake.version + 1, MARK)
    assert latest_reason(after) == SEED_REASON


@pytest.fixture
def future_ward():
    """A ward that exists only from 2027: no project of 2020–2025 can be in it."""
    return AdministrativeUnit.objects.create(
        code="test-phuong-tuong-lai", name="Phường Tương Lai", level=3, kind="ward", valid_from=datetime.date(2027, 1, 1)
    )


def test_the_unit_rule_refuses_an_import_row_and_an_admin_save_with_the_forms_message(client, programme, coordinator, future_ward):
    lake = Project.objects.get(code="03-2020-v-01")
    with translation.override("vi"):
        message = writing.unit_errors(lake.start_year, lake.end_year, [future_ward])[0]
        assert message == f"{future_ward} không tồn tại trong giai đoạn {lake.start_year}–{lake.end_year}."
        plan = plan_bank_file(workbook_with(programme, lake.code, "Đơn vị hành chính", future_ward.code), "bank.xlsx", programme)
    assert [issue.message for issue in plan.errors] == [message]

    client.force_login(coordinator)
    response = admin_post(client, lake, admin_units=[future_ward.pk])
    assert response.status_code == 200 and response.context["adminform"].form.errors["admin_units"] == [message]
    assert Project.objects.get(pk=lake.pk).version == lake.version and not lake.admin_units.filter(pk=future_ward.pk).exists()


def test_a_step_or_a_row_that_changes_neither_years_nor_units_is_not_refused_for_a_unit_recorded_before(programme, coordinator, future_ward):
    """Data written before the rule held on every path, or a unit whose dates were corrected later, blocks nothing
    that leaves the years and the units as they are."""
    lake = Project.objects.get(code="03-2020-v-01")
    lake.admin_units.add(future_ward)
    with translation.override("vi"):
        plan = plan_bank_file(workbook_with(programme, lake.code, "Tên dự án bằng tiếng Anh", "Lake"), "bank.xlsx", programme)
    assert plan.errors == [] and plan.counts["update"] == 1
    project_withdraw(project=lake, by=coordinator, comment="Không còn nhu cầu")
    assert Project.objects.get(pk=lake.pk).status == "withdrawn"
    with pytest.raises(ValidationError) as refused:  # changing the years checks the units again
        writing.projects_write([writing.ProjectWrite(Project.objects.get(pk=lake.pk), {"end_year": 2024})], by=coordinator, reason="test")
    assert "admin_units" in refused.value.message_dict


def test_projects_trade_numbers_even_beside_the_last_number_of_a_sector(programme, coordinator):
    first, second = Project.objects.get(code="03-2020-i-01"), Project.objects.get(code="03-2020-i-02")
    Project.objects.filter(code="03-2020-i-03").update(position=MAX_POSITION)  # where a number would be parked
    writing.projects_write(
        [writing.ProjectWrite(first, {"position": 2}), writing.ProjectWrite(second, {"position": 1})], by=coordinator, reason="test"
    )
    assert (Project.objects.get(pk=first.pk).position, Project.objects.get(pk=second.pk).position) == (2, 1)


def test_budget_lines_of_another_project_are_refused(coordinator):
    lake, other = Project.objects.get(code="03-2020-v-01"), Project.objects.get(code="03-2020-v-02")
    stranger = other.lines.first()
    with pytest.raises(ValidationError):
        writing.projects_write([writing.ProjectWrite(lake, lines=[{"id": stranger.pk, "total": None}])], by=coordinator, reason="test")
    assert BudgetLine.objects.get(pk=stranger.pk).project_id == other.pk


def test_new_projects_and_lines_each_get_the_creation_record_a_save_would_write(programme, coordinator):
    # The creation's history is copied by the database from the rows just written: every tracked value, the
    # user, the reason and the units must be those of the saved project, as simple-history records a save.
    model = Project.objects.filter(programme=programme).order_by("pk").first()
    units = list(AdministrativeUnit.objects.filter(pk__in=model.admin_units.all()))
    writes = [
        writing.ProjectWrite(
            Project(programme=programme, status=Project.Status.ACCEPTED, source_ref=f"row {n}"),
            {"sector": model.sector, "host_agency": model.host_agency, "name": f"Trạm bơm {n}", "start_year": model.start_year,
             "end_year": model.end_year, "content": "Nội dung\r\ncó dấu"},
            units if n else [],
            [{"total": 3, "aid_sought": 2, "counterpart": 1, "description": "Gói thầu"}, {"total": None, "notes": "chưa rõ"}],
        )
        for n in range(3)
    ]
    before = Project.history.count()

    created = writing.projects_write(writes, by=coordinator, reason="import test")

    assert Project.history.count() == before + 3
    for project in created:
        project.refresh_from_db()
        for row in [project, *project.lines.all()]:
            [record] = row.history.all()
            assert (record.history_type, record.history_user, record.history_change_reason) == ("+", coordinator, "import test")
            assert {f.attname: getattr(record, f.attname) for f in type(record).tracked_fields} == {
                f.attname: getattr(row, f.attname) for f in type(record).tracked_fields}
        assert sorted(project.history.get().admin_units.values_list("administrativeunit_id", flat=True)) == sorted(
            project.admin_units.values_list("pk", flat=True))
    assert created[1].admin_units.exists() and created[1].history.get().content == "Nội dung\ncó dấu"
