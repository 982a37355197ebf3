"""The coordinator starts the 2026–2030 programme from the browser and chooses the projects it takes over."""
import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from partners.models import AdministrativeUnit, Organisation
from projects.models import Programme, ProgrammeTarget, Project, Sector
from reporting.builders.appendix import build_appendix
from reporting.renderers.xlsx import appendix_xlsx

pytestmark = pytest.mark.django_db

START = reverse("projects:programme_start")


def org(code):
    return Organisation.objects.get(code=code)


def form_data(programme, **changes):
    """What the form sends for the programme after ``programme``: its sectors and targets as the page offers them."""
    data = {
        "number": "15/CTr-UBND",
        "issued_on": "12/01/2026",
        "issuer": org("ubnd-can-tho").pk,
        "province": AdministrativeUnit.objects.get(code="can-tho-2025").pk,
        "coordinator": org("so-tai-chinh-can-tho").pk,
        "title": "Chương trình vận động viện trợ phi chính phủ nước ngoài thành phố Cần Thơ giai đoạn 2026 - 2030",
        "title_en": "Programme for mobilising foreign NGO aid in Cần Thơ city, 2026–2030",
        "start_year": "2026",
        "end_year": "2030",
        "predecessor": programme.pk,
    }
    sectors = list(programme.sectors.order_by("position"))
    data |= rows("sectors", [
        {"position": s.position, "numeral": s.numeral, "name": s.name, "name_en": s.name_en, "field": s.field_id or ""} for s in sectors
    ])
    data |= rows("targets", [
        {"position": 1, "indicator": "ngos_with_projects", "comparison": "gt", "value": "25", "target_year": "2030",
         "text": "Phấn đấu đến năm 2030 thu hút trên 25 tổ chức PCPNN có chương trình, dự án tại thành phố.", "text_en": ""}
    ])
    # The empty row the page offers to add a target, sent back untouched with its lists' first choices.
    data |= {"targets-1-indicator": "other", "targets-1-comparison": "gte"}
    return data | changes


def rows(prefix, values):
    data = {f"{prefix}-TOTAL_FORMS": str(len(values) + 1), f"{prefix}-INITIAL_FORMS": str(len(values))}
    for index, row in enumerate(values):
        data |= {f"{prefix}-{index}-{name}": value for name, value in row.items()}
    return data


def appendix_snapshot(programme):
    appendix = build_appendix(programme, signature=True)
    sheet = load_workbook(io.BytesIO(appendix_xlsx(appendix))).active
    return appendix, [[cell.value for cell in row] for row in sheet.iter_rows()]


def test_the_coordinator_starts_2026_2030_and_takes_over_the_projects_ticked(programme, users, client, django_assert_max_num_queries):
    before = appendix_snapshot(programme)
    client.force_login(users["coordinator"])
    with django_assert_max_num_queries(12):
        page = client.get(START)
    assert page.status_code == 200
    # The form starts from the programme before: its sectors and the five years after it.
    assert page.context["form"].initial["start_year"] == 2026 and page.context["form"].initial["end_year"] == 2030
    assert len(page.context["sectors"].initial) == 6

    data = form_data(programme)
    data["sectors-5-name"] = "Lĩnh vực khác và chuyển đổi số"  # a sector renamed on the way
    response = client.post(START, data)
    new = Programme.objects.get(number="15/CTr-UBND")
    assert response.status_code == 302 and response.url == reverse("projects:programme_take_over", args=[new.pk])
    assert (new.code, new.issuer.code, new.province.code, new.coordinator.code, new.predecessor) == (
        "15-ctr-ubnd-2026", "ubnd-can-tho", "can-tho-2025", "so-tai-chinh-can-tho", programme)
    assert new.sectors.get(numeral="VI").name == "Lĩnh vực khác và chuyển đổi số"
    assert new.sectors.count() == 6 and new.signer_title == programme.signer_title
    (target,) = new.targets.all()
    assert (target.value, target.target_year, target.comparison) == (Decimal("25"), 2030, "gt")

    page = client.get(reverse("projects:programme_take_over", args=[new.pk]))
    listed = {p.code: p for p in page.context["candidates"]}
    assert len(listed) == 25 and "03-2020-ii-06" in listed
    text = page.content.decode()
    assert "1.135" in text  # II.6's four lines, 475 + 120 + 240 + 300, the Vietnamese way
    chosen = [listed["03-2020-ii-06"], listed["03-2020-v-01"]]
    response = client.post(reverse("projects:programme_take_over", args=[new.pk]), {"project": [p.pk for p in chosen]})
    assert response.status_code == 302

    copies = Project.objects.filter(programme=new).order_by("code")
    assert [c.carried_over_from.code for c in copies] == ["03-2020-ii-06", "03-2020-v-01"]
    assert [c.code for c in copies] == ["15-2026-ii-01", "15-2026-v-01"]
    ii6 = copies[0]
    assert ii6.status == "accepted" and [line.total for line in ii6.lines.order_by("position")] == [475, 120, 240, 300]
    # The originals stay as they were in 2020–2025, each with its own history.
    original = Project.objects.get(code="03-2020-ii-06")
    assert original.programme == programme and original.status == "published" and original.carried_over_to.get() == ii6
    assert appendix_snapshot(programme) == before
    # The 2026–2030 appendix lists the two copies, and prints its own act.
    appendix = build_appendix(new)
    assert appendix.project_count == 2
    assert appendix.heading.attached_to == "(Kèm theo Chương trình số 15/CTr-UBND ngày 12/1/2026 của Ủy ban nhân dân thành phố Cần Thơ)"


def test_the_seeds_appendix_is_the_same_after_the_next_programme_took_everything_over(programme, users):
    from projects.services import programme_start, programme_take_over_unfunded
    from projects.services.programmes import next_programme_defaults

    appendix, cells = appendix_snapshot(programme)
    assert (appendix.total.total, appendix.total.aid_sought, appendix.total.counterpart) == (367902, 306950, 60952)
    defaults = next_programme_defaults(programme)
    fields = defaults["fields"] | {
        "number": "15/CTr-UBND", "issued_on": datetime.date(2026, 1, 12), "issuer": org("ubnd-can-tho"),
        "province": AdministrativeUnit.objects.get(code="can-tho-2025"), "coordinator": org("so-tai-chinh-can-tho"), "title": "2026-2030",
    }
    new = programme_start(by=users["coordinator"], fields=fields, sectors=defaults["sectors"], targets=defaults["targets"])
    copies = programme_take_over_unfunded(programme=new, by=users["coordinator"])
    assert len(copies) == 25
    assert appendix_snapshot(programme) == (appendix, cells)
    # A place a reform ended moves to its one successor where it existed during the project's years.
    province_wide = Project.objects.get(programme=new, carried_over_from__code="03-2020-i-04")
    assert [u.code for u in province_wide.admin_units.all()] == ["can-tho-2025"]
    # A former district went in parts to several communes: the copy keeps it, for the coordinator to choose.
    district = Project.objects.get(programme=new, carried_over_from__code="03-2020-iii-01")
    assert [u.code for u in district.admin_units.all()] == ["soc-trang-chau-thanh"]


def test_an_officer_gets_403_and_nothing_is_saved(programme, users, client):
    client.force_login(users["officer"])
    assert client.get(reverse("projects:programmes")).status_code == 403
    assert client.get(START).status_code == 403
    assert client.post(START, form_data(programme)).status_code == 403
    assert not Programme.objects.filter(number="15/CTr-UBND").exists()


def test_refusals_are_in_vietnamese_and_nothing_is_half_saved(programme, users, client):
    client.force_login(users["coordinator"])
    counts = (Programme.objects.count(), Sector.objects.count(), ProgrammeTarget.objects.count())
    # UBND tỉnh Sóc Trăng ended on 30/6/2025; the years overlap 2020–2025; two sectors share a numeral.
    data = form_data(programme, issuer=org("ubnd-soc-trang").pk, start_year="2025")
    data["sectors-1-numeral"] = "I"
    response = client.post(START, data)
    text = response.content.decode()
    assert response.status_code == 400
    assert "Ủy ban nhân dân tỉnh Sóc Trăng (đến 30/06/2025) không thể ban hành chương trình vào ngày 12/01/2026" in text
    assert "Năm bắt đầu phải sau năm kết thúc của chương trình trước (2025)." in text
    assert "Có hai dòng trùng số La Mã." in text
    assert (Programme.objects.count(), Sector.objects.count(), ProgrammeTarget.objects.count()) == counts
    response = client.post(START, form_data(programme, issued_on="31/02/2026"))
    assert "Nhập ngày theo dạng ngày/tháng/năm (nn/tt/nnnn), ví dụ 01/12/2025." in response.content.decode()
    assert Programme.objects.count() == counts[0]


def test_taking_over_nothing_ticked_is_refused(next_programme, users, client, django_assert_max_num_queries):
    new = next_programme
    client.force_login(users["coordinator"])
    url = reverse("projects:programme_take_over", args=[new.pk])
    response = client.post(url, {})
    assert response.status_code == 400 and "Hãy đánh dấu các dự án cần chuyển tiếp." in response.content.decode()
    assert not Project.objects.filter(programme=new).exists()
    with django_assert_max_num_queries(8):
        ticked = client.get(url + "?all=1").content.decode()
    assert ticked.count(" checked") == 25
    client.force_login(users["officer"])
    assert client.post(url, {"project": [Project.objects.get(code="03-2020-v-01").pk]}).status_code == 403
    assert not Project.objects.filter(programme=new).exists()


def test_a_long_list_to_take_over_comes_a_page_at_a_time(next_programme, users, client, monkeypatch, django_assert_max_num_queries):
    from projects.views import programmes as views

    monkeypatch.setattr(views, "TAKE_OVER_PER_PAGE", 10)
    client.force_login(users["coordinator"])
    url = reverse("projects:programme_take_over", args=[next_programme.pk])
    listed = []
    for number in (1, 2, 3):
        with django_assert_max_num_queries(10):
            page = client.get(url, {"page": number})
        listed += [p.code for p in page.context["candidates"]]
    assert len(listed) == len(set(listed)) == 25  # each once, in the appendix's order
    second = client.get(url, {"page": 2, "all": 1}).content.decode()
    assert second.count(" checked") == 10 and "Dự án 11–20 trên 25." in second and "Chọn tất cả trên trang này" in second
    assert '<input type="hidden" name="page" value="2">' in second
    ticked = [p.pk for p in client.get(url, {"page": 2}).context["candidates"]][:3]
    response = client.post(url, {"page": 2, "project": ticked})
    assert response.status_code == 302 and response.url == url  # more to take over: back to the list
    assert sorted(Project.objects.filter(programme=next_programme).values_list("carried_over_from", flat=True)) == sorted(ticked)
    assert client.get(url).context["page"].paginator.count == 22


def test_the_programmes_page_counts_in_constant_queries(programme, users, client, django_assert_max_num_queries, make_programme):
    new = make_programme(predecessor=programme)
    sectors = [Sector.objects.create(programme=new, position=n, numeral=numeral, name=f"Lĩnh vực {numeral}") for n, numeral in enumerate(["I", "II"], 1)]
    old = list(Project.objects.filter(programme=programme).order_by("pk")[:3])
    for position, project in enumerate(old, 1):  # three taken over, one new
        Project.objects.create(
            code=f"05-2026-{position}", programme=new, sector=sectors[0], position=position, host_agency=project.host_agency,
            name=project.name, carried_over_from=project,
        )
    Project.objects.create(code="05-2026-new", programme=new, sector=sectors[1], position=1, host_agency=old[0].host_agency, name="Dự án mới")
    client.force_login(users["coordinator"])
    with django_assert_max_num_queries(8) as queries:
        page = client.get(reverse("projects:programmes"))
    text = page.content.decode()
    assert "Số 03/CTr-UBND ngày 06/05/2020" in text and "2020–2025" in text and "2026–2030" in text
    rows = {cells[2]: cells[3:6] for cells in table_rows(text)}
    seed_projects, seed_sectors = Project.objects.filter(programme=programme).count(), programme.sectors.count()
    assert rows == {"2026–2030": ["2", "4", "3 từ 03/CTr-UBND"], "2020–2025": [str(seed_sectors), str(seed_projects), "—"]}
    # Each figure is counted by itself: counting projects and sectors in one join multiplied their rows (2.6 s of SQL
    # at 100,000 projects).
    listed = next(q["sql"] for q in queries.captured_queries if q["sql"].startswith('SELECT "projects_programme"'))
    assert "JOIN \"projects_project\"" not in listed and "JOIN \"projects_sector\"" not in listed
    # Counts in the reader's way of writing numbers.
    Project.objects.bulk_create(
        Project(code=f"05-2026-many-{n}", programme=new, sector=sectors[1], position=100 + n, host_agency=old[0].host_agency, name="Dự án")
        for n in range(1000)
    )
    assert {cells[2]: cells[4] for cells in table_rows(client.get(reverse("projects:programmes")).content.decode())}["2026–2030"] == "1.004"


def table_rows(html):
    import re
    from html import unescape

    body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return [
        [" ".join(unescape(re.sub(r"<[^>]+>", " ", cell)).split()) for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
        for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)
    ]
