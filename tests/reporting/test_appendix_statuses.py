"""Which projects the appendix prints when nobody chose: what a published document may list, never a draft."""
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from projects.models import Project
from reporting.builders.appendix import build_appendix
from tests.support.bank_fixtures import make_draft

pytestmark = pytest.mark.django_db


@pytest.fixture
def accepted(db):
    return make_draft("hoi-nong-dan-soc-trang", "Dự án đã tiếp nhận", status=Project.Status.ACCEPTED)


@pytest.fixture
def coordinator_client(client, users):
    client.force_login(users["coordinator"])
    return client


def printed_names(appendix):
    return [row.name for group in appendix.groups for row in group.rows if row.is_project]


def test_by_default_the_appendix_leaves_out_drafts_and_withdrawn_projects(programme, unpublishable, accepted):
    appendix = build_appendix(programme)
    names = printed_names(appendix)
    assert not {project.name for project in unpublishable} & set(names)
    assert accepted.name in names
    # The seed's 25 projects, all published to NGOs, stay; the accepted project adds its 100 / 80 / 20.
    assert appendix.project_count == 26
    assert appendix.total.as_tuple() == (367902 + 100, 306950 + 80, 60952 + 20)
    assert appendix.heading.filters == ["Dự án từ khi được đưa vào ngân hàng dự án trở đi, trừ dự án đã rút"]


def test_the_english_edition_for_ngo_workshops_prints_the_published_projects(programme, unpublishable, accepted):
    appendix = build_appendix(programme, language="en")
    assert accepted.name not in printed_names(appendix) and appendix.project_count == 25
    assert appendix.total.as_tuple() == (367902, 306950, 60952)
    assert appendix.heading.filters == ["Status: published to NGOs"]


def test_statuses_chosen_are_printed_and_named(programme, unpublishable):
    appendix = build_appendix(programme, statuses=["withdrawn", "draft"])
    assert sorted(printed_names(appendix)) == ["Dự án nháp chưa gửi", "Dự án đã rút"]
    assert appendix.heading.filters == ["Trạng thái: nháp, đã rút"]


def test_the_page_and_its_excel_file_take_the_same_default(coordinator_client, programme, unpublishable):
    page = coordinator_client.get(reverse("reporting:appendix"), {"format": "print"}).content.decode()
    assert "Dự án nháp chưa gửi" not in page and "Dự án đã rút" not in page
    assert "Dự án từ khi được đưa vào ngân hàng dự án trở đi, trừ dự án đã rút" in page
    assert ">367.902<" in page
    response = coordinator_client.get(reverse("reporting:appendix"), {"format": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    texts = [cell.value for row in sheet.iter_rows() for cell in row if isinstance(cell.value, str)]
    assert not any(text.startswith(("Dự án nháp", "Dự án đang thẩm định", "Dự án đã rút")) for text in texts)
    assert "Dự án từ khi được đưa vào ngân hàng dự án trở đi, trừ dự án đã rút" in texts


def test_several_statuses_ticked_are_all_printed(coordinator_client, programme, accepted):
    """The bank list's own status filter, one status at most, must not keep only the last one ticked."""
    query = {"format": "print", "status": ["accepted", "published"]}
    page = coordinator_client.get(reverse("reporting:appendix"), query).content.decode()
    assert accepted.name in page and "Bảo vệ chăm sóc trẻ em" in page


def test_the_command_takes_the_same_default(tmp_path, programme, unpublishable):
    target = tmp_path / "appendix.html"
    call_command("export_appendix", format="html", output=str(target))
    html = target.read_text()
    assert "Dự án nháp chưa gửi" not in html and "Dự án đã rút" not in html and ">367.902<" in html
    call_command("export_appendix", format="html", output=str(target), status=["draft"])
    assert "Dự án nháp chưa gửi" in target.read_text()


def test_the_bank_list_totals_say_which_statuses_they_cover(coordinator_client, programme, unpublishable):
    page = coordinator_client.get(reverse("projects:bank")).content.decode()
    assert "Dự án ở mọi trạng thái, kể cả dự án nháp và dự án đã rút." in page
    page = coordinator_client.get(reverse("projects:bank"), {"status": "published"}).content.decode()
    assert "Chỉ các dự án ở trạng thái “đã công bố cho các tổ chức PCPNN”." in page
