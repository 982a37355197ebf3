"""The project page, its history and the restore page for a reader of English: the English the records hold, the
Vietnamese marked [VI] where they hold none, and what the loader stored in the reader's language."""
import importlib
import re

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import translation

from projects.models import BudgetLine, Project, ProjectEvent
from projects.services import project_update

pytestmark = pytest.mark.django_db

CHILDREN = "03-2020-ii-06"  # II.6: lines 2 and 3 (120, 240) are derived from the content
derived_words = importlib.import_module("projects.migrations.0010_derived_lines_and_loader_reason_in_words")
OLD_DERIVATION = "Không in số tiền trong bản gốc; tính từ nội dung: 2 triệu đồng/khóm x 60 nhóm = 120"


@pytest.fixture
def english(client, users):
    client.force_login(users["coordinator"])
    client.cookies["django_language"] = "en"
    return client


def detail(client):
    project = Project.objects.get(code=CHILDREN)
    return client.get(reverse("projects:detail", args=[project.pk])).content.decode()


def test_the_project_page_in_english_shows_the_records_english(english):
    html = detail(english)
    expected = [
        "Programme for strengthening cooperation with and mobilising aid from foreign non-governmental organisations",
        "II. Social welfare", "People&#x27;s Committee of Sóc Trăng city", "Sóc Trăng city",
        "Funding support for the work of trusted addresses", "Implemented under Decision No. 582/QĐ-TTg",
        "Consulate General of the Czech Republic in Ho Chi Minh City",  # the NGO list of the next steps
    ]
    assert [text for text in expected if text not in html] == []
    vietnamese = [
        "Chương trình Tăng cường hợp tác", "Lĩnh vực an sinh xã hội", "Ủy ban nhân dân thành phố Sóc Trăng",
        "Hỗ trợ kinh phí phục vụ công tác", "Thực hiện theo Quyết định", "Tổng Lãnh sự quán Cộng hòa Séc",
    ]
    # The Vietnamese column of "Name and content" and the history, which shows each stored field, keep Vietnamese.
    page = html[:html.index('<div lang="vi">')] + html[html.index('<div lang="en">'):html.index('id="history-title"')]
    assert [text for text in vietnamese if text in page] == []


def test_the_history_names_related_records_in_english(english, users):
    project = Project.objects.get(code=CHILDREN)
    other = project.programme.sectors.get(numeral="III")
    Project.history.filter(id=project.pk).update(sector=other)  # as if an earlier version sat in sector III
    rows = [{name: getattr(line, name) for name in BudgetLine.EDITABLE_FIELDS} | {"id": line.pk} for line in project.lines.order_by("position")]
    project_update(project=project, by=users["coordinator"], expected_version=project.version,
                   fields={"name": project.name, "host_agency": project.host_agency}, admin_units=list(project.admin_units.all()), lines=rows)
    html = detail(english)
    history = html[html.index('id="history-title"'):]
    assert f"III. {other.name_en}" in history and "II. Social welfare" in history and other.name not in history


def test_text_without_english_shows_the_vietnamese_marked(english):
    project = Project.objects.get(code=CHILDREN)
    project.lines.filter(position=4).update(notes_en="")
    assert "Thực hiện theo Quyết định số 582/QĐ-TTg ngày 28/4/2017 của Thủ tướng Chính phủ [VI]" in detail(english)


def test_the_loaders_words_are_in_the_readers_language(english, client):
    html = detail(english)
    timeline = html[html.index('id="timeline-title"'):html.index('id="history-title"')]
    history = html[html.index('id="history-title"'):]
    assert "Loaded from the source document" in timeline and "Loaded from the source document" in history
    assert "Nạp từ văn bản gốc" not in html
    english.cookies["django_language"] = "vi"
    assert "Nạp từ văn bản gốc" in detail(english)


def test_the_restore_page_gives_the_loaders_reason_in_english(english):
    project = Project.objects.get(code=CHILDREN)
    record = project.history.earliest("history_date").history_id  # the seed's version
    html = english.get(reverse("projects:restore", args=[project.pk, record])).content.decode()
    assert "(Loaded from the source document)" in html and "Nạp từ" not in html


def budget(client):
    html = detail(client)
    return html[html.index('id="lines-title"'):html.index('id="steps-title"')]


def test_the_derived_lines_say_the_source_printed_them_in_either_language(english):
    html = budget(english)
    assert html.count("The source prints the amount, but it was lost when the text was extracted") == 4  # title and text
    assert "2 million VND/neighbourhood x 60 groups = 120" in html and "120 million VND/pool x 02 = 240" in html
    english.cookies["django_language"] = "vi"
    html = budget(english)
    assert html.count("Số tiền có in trong bản gốc nhưng bị mất khi trích xuất văn bản") == 4
    assert "Không in số tiền" not in html
    help_text = BudgetLine._meta.get_field("is_derived").help_text
    with translation.override("en"):
        assert "not printed" not in str(help_text) and "lost when" in str(help_text)
    with translation.override("vi"):
        assert "có in số tiền nhưng bị mất khi trích xuất" in str(help_text)


def test_existing_databases_get_the_new_words(english):
    project = Project.objects.get(code=CHILDREN)
    line = project.lines.get(position=2)
    BudgetLine.objects.filter(pk=line.pk).update(derivation=OLD_DERIVATION, derivation_en="")
    BudgetLine.history.filter(id=line.pk).update(derivation=OLD_DERIVATION, derivation_en="")
    other = project.lines.get(position=1)
    BudgetLine.objects.filter(pk=other.pk).update(derivation="Không in số tiền trong bản gốc; do người dùng ghi")
    project.history.update(history_change_reason="Nạp từ văn bản gốc")
    BudgetLine.history.filter(project_id=project.pk).update(history_change_reason="Nạp từ văn bản gốc")
    ProjectEvent.objects.filter(project=project, action="create").update(comment="Nạp từ văn bản gốc")

    derived_words.forwards(apps, None)

    line.refresh_from_db()
    assert line.derivation.startswith("Số tiền có in trong bản gốc") and line.derivation_en.startswith("The source prints")
    assert {record.derivation for record in BudgetLine.history.filter(id=line.pk)} == {line.derivation}
    assert project.lines.get(position=1).derivation == "Không in số tiền trong bản gốc; do người dùng ghi"  # not the seed's
    html = detail(english)
    assert "Nạp từ" not in html and re.search(r"Loaded from the source document", html)


reasons_as_ids = importlib.import_module("projects.migrations.0011_history_reasons_as_message_ids")


def test_what_the_services_wrote_in_the_history_reads_in_each_language(english, client, users):
    project = Project.objects.get(code=CHILDREN)
    rows = [{name: getattr(line, name) for name in BudgetLine.EDITABLE_FIELDS} | {"id": line.pk} for line in project.lines.order_by("position")]
    with translation.override("vi"):  # a coordinator working in Vietnamese saves
        project_update(project=project, by=users["coordinator"], expected_version=project.version,
                       fields={"name": project.name + " (sửa)", "host_agency": project.host_agency},
                       admin_units=list(project.admin_units.all()), lines=rows)
    history = detail(english)[detail(english).index('id="history-title"'):]
    assert "· Edited" in history and "Đã chỉnh sửa" not in history
    client.cookies["django_language"] = "vi"
    history = detail(client)[detail(client).index('id="history-title"'):]
    assert "· Đã chỉnh sửa" in history


def test_existing_reasons_in_vietnamese_become_message_ids(db):
    project = Project.objects.get(code=CHILDREN)
    latest = Project.history.filter(id=project.pk).latest("history_id")
    for reason, expected in [("Đã chỉnh sửa", "Edited"), ("Khôi phục phiên bản lúc 01/01/2026 10:00", "Restored an earlier version"),
                             ("Edited", "Edited"), ("Bổ sung theo góp ý của Sở", "Bổ sung theo góp ý của Sở")]:
        Project.history.filter(history_id=latest.history_id).update(history_change_reason=reason)
        reasons_as_ids.forwards(apps, None)
        assert Project.history.get(history_id=latest.history_id).history_change_reason == expected


def test_administrative_units_are_named_in_english_in_the_lists(english):
    page = english.get(reverse("projects:bank")).content.decode()
    assert "Sóc Trăng province (until 30/06/2025)" in page and "Cần Thơ city (before 1 July 2025)" in page
    assert "Tỉnh Sóc Trăng" not in page and "(trước 01/7/2025)" not in page
