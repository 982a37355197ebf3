"""One style of project code on every path, and provenance in words a clerk understands, kept for the history and
the admin rather than the project page."""
import importlib
import re

import pytest
from django.apps import apps
from django.urls import reverse

from projects.models import Project, Sector
from projects.services import programme_take_over_unfunded
from tests.projects.test_project_editing import new_project_payload
from tests.support.bank_fixtures import make_draft

pytestmark = pytest.mark.django_db

SEED_STYLE = re.compile(r"^\d+-\d{4}-[ivx]+-\d{2,}(-\d+)?$")
recoding = importlib.import_module("projects.migrations.0007_project_codes_in_one_style")
plain_words = importlib.import_module("projects.migrations.0008_provenance_in_plain_words")


def test_every_seed_project_is_coded_in_the_one_style():
    assert all(SEED_STYLE.match(code) for code in Project.objects.values_list("code", flat=True))


def test_a_project_filed_in_the_portal_is_coded_like_the_seed(client, users, programme):
    client.force_login(users["officer"])
    client.post(reverse("projects:create"), new_project_payload(programme))
    assert Project.objects.get(name="Nhà văn hóa ấp Phú Lợi").code == "03-2020-i-09"


def test_projects_taken_over_are_coded_by_their_new_programme(programme, make_programme, make_user):
    later = make_programme(predecessor=programme)
    for sector in programme.sectors.all():
        Sector.objects.create(programme=later, position=sector.position, numeral=sector.numeral, name=sector.name, field=sector.field)
    copies = programme_take_over_unfunded(programme=later, by=make_user("coord", role="coordinator", organisation="so-tai-chinh-can-tho"))
    codes = {copy.carried_over_from.code: copy.code for copy in copies}
    assert codes["03-2020-ii-06"] == "05-2026-ii-06"
    assert all(SEED_STYLE.match(code) for code in codes.values())


def test_codes_of_the_earlier_style_are_migrated_to_the_one_style():
    old = make_draft("ubnd-huyen-chau-thanh", "Mã kiểu cũ", position=95)
    Project.objects.filter(pk=old.pk).update(code="03-ctr-ubnd-2020-i-95")
    clash = make_draft("ubnd-huyen-chau-thanh", "Mã trùng", position=96)
    Project.objects.filter(pk=clash.pk).update(code="03-ctr-ubnd-2020-i-96")
    holder = make_draft("ubnd-huyen-chau-thanh", "Đã giữ mã", position=97)
    Project.objects.filter(pk=holder.pk).update(code="03-2020-i-96")  # the code the clash would get

    recoding.recode(apps, None)

    codes = dict(Project.objects.filter(pk__in=[old.pk, clash.pk, holder.pk]).values_list("pk", "code"))
    assert codes == {old.pk: "03-2020-i-95", clash.pk: "03-2020-i-96-2", holder.pk: "03-2020-i-96"}
    assert Project.objects.get(code="03-2020-v-01").name.startswith("Hồ điều hòa")  # the seed's codes stay


def test_stored_provenance_is_migrated_to_plain_words():
    lake = Project.objects.get(code="03-2020-v-01")
    Project.objects.filter(pk=lake.pk).update(
        source_ref="Phụ lục Danh mục dự án, lĩnh vực V, STT 1 (dòng 378 của shared/seeds/000_00505654dfb17084.txt)"
    )
    lake.lines.update(source_ref="STT V.1, dòng 378")
    children = Project.objects.get(code="03-2020-ii-06").lines.order_by("position")
    children.filter(position=2).update(source_ref="STT II.6, dòng 367 (nội dung)")

    plain_words.rewrite(apps, None)

    lake.refresh_from_db()
    assert lake.source_ref == "Phụ lục Danh mục dự án, lĩnh vực V, STT 1"
    assert lake.lines.get().source_ref == "STT V.1"
    assert children.get(position=2).source_ref == "STT II.6, tính từ nội dung"


def test_the_project_page_shows_no_provenance_but_its_history_does(client, users):
    client.force_login(users["viewer"])
    lake = Project.objects.get(code="03-2020-v-01")
    response = client.get(reverse("projects:detail", args=[lake.pk]))
    html = response.content.decode()
    facts = html[html.index('class="facts"'):html.index("</dl>")]
    assert "Phụ lục" not in facts and "Nguồn dữ liệu" not in facts
    assert ".txt" not in html and "shared/seeds" not in html
    created = [entry for entry in response.context["history"] if entry.kind == "project"][-1]
    provenance = {change.label: change.new for change in created.changes}
    assert provenance["Vị trí trong văn bản gốc"] == "Phụ lục Danh mục dự án, lĩnh vực V, STT 1"
    assert provenance["Văn bản gốc"] == "Chương trình số 03/CTr-UBND ngày 06/5/2020 của UBND tỉnh Sóc Trăng"
