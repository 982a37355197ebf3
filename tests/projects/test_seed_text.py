"""The seed's OCR and extraction defects are corrected, and the source text is kept."""
import pytest

from projects.models import PlanTask, Project, SectorOrientation

pytestmark = pytest.mark.django_db


def project(numeral, position):
    return Project.objects.get(programme__number="03/CTr-UBND", sector__numeral=numeral, position=position)


@pytest.mark.parametrize("position", [1, 2, 3])
def test_regulating_lakes_are_spelt_right_and_the_source_is_kept(position):
    lake = project("V", position)
    assert lake.name.startswith("Hồ điều hòa diện tích")
    assert lake.source_text["name"].startswith("Hỗ điều hòa")
    assert "Hỗ điều hòa" in lake.corrections


def test_street_lights_and_flying_foxes_and_hamlet():
    lights = project("V", 6)
    assert lights.name == "Xây dựng mô hình Đèn đường năng lượng mặt trời thích ứng với biến đổi khí hậu"
    assert "Đền đường" in lights.source_text["name"]
    bats = project("VI", 2)
    assert bats.name == "Xây dựng vành đai và vùng đệm bảo tồn đàn dơi ngựa chùa Mahatup"
    assert "dân Dơi Ngựa" in bats.source_text["name"]
    assert "<ul" not in bats.content and "đàn dơi" in bats.content
    port = project("I", 7)
    assert port.location_text.startswith("Ấp Cảng, thị trấn Trần Đề")
    assert port.source_text["location_text"].startswith("Áp Cảng")


def test_content_of_i8_is_no_longer_glued_to_i7():
    port, livelihoods = project("I", 7), project("I", 8)
    assert port.content.endswith("90.000 m³ .")
    assert "Lựa chọn mô hình" not in port.content
    assert "Lựa chọn mô hình" in port.source_text["content"]
    assert livelihoods.content.splitlines() == [
        "- Lựa chọn mô hình sẵn có để cải tiến và phát triển nhân rộng",
        "- Hỗ trợ nguồn vốn cho nông dân thông qua các tổ chức ở cơ sở để phát triển các mô hình trồng trọt và chăn nuôi"
        " gắn với thích ứng biến đổi khí hậu. Giúp nâng cao sinh kế và cải thiện đời sống cho người nông dân.",
        "- Tạo điều kiện cho người dân liên kết tiêu",
    ]


def test_cut_off_content_stays_as_the_source_has_it():
    assert project("II", 1).content.endswith("những công cụ, kiến thức cần thiết để phát hiện")


def test_every_project_has_provenance_and_an_english_name():
    for p in Project.objects.filter(programme__number="03/CTr-UBND"):
        # Where the row stands in the programme's document, in words; not the extracted text's file and line.
        assert p.source_ref == f"Phụ lục Danh mục dự án, lĩnh vực {p.sector.numeral}, STT {p.position}", p
        assert p.source_document == "Chương trình số 03/CTr-UBND ngày 06/5/2020 của UBND tỉnh Sóc Trăng"
        assert p.name_en, p


def test_plan_tasks_as_the_appendix_lists_them():
    tasks = PlanTask.objects.filter(programme__number="03/CTr-UBND").select_related("lead").order_by("position")
    # short_name is the name as the province's own documents print it
    assert [(t.position, t.timing, t.lead.short_name) for t in tasks] == [
        (1, "Hàng năm", "Sở Kế hoạch và Đầu tư"),
        (2, "Hàng năm", "Sở Kế hoạch và Đầu tư"),
        (3, "Hàng năm", "Sở Thông tin và Truyền thông"),
        (4, "Năm 2020", "Sở Kế hoạch và Đầu tư"),
        (5, "Hàng năm", "Sở Tài chính"),
        (6, "Giai đoạn 2020 - 2025", "Sở Kế hoạch và Đầu tư"),
        (7, "Giai đoạn 2020 - 2025", "Văn phòng UBND tỉnh"),
        (8, "Giai đoạn 2020 - 2025", "Sở Kế hoạch và Đầu tư"),
        (9, "Quý IV hàng năm", "Sở Kế hoạch và Đầu tư"),
    ]
    first = tasks[0]
    assert sorted(first.coordinators.values_list("short_name", flat=True)) == ["Công an tỉnh", "Sở Tài chính", "Văn phòng UBND tỉnh"]
    assert first.coordinators_text == "VP UBND, Sở Tài chính, Công an tỉnh và các ngành có liên quan."
    training = tasks[5]
    assert "<p>" not in training.content and "trong tỉnh nắm vững" in training.content
    assert "tinh năm vững" in training.source_text["content"]
    assert all(t.content_en and t.timing_en for t in tasks)


def test_sector_orientations_a_to_g_in_both_languages():
    orientations = SectorOrientation.objects.filter(programme__number="03/CTr-UBND").order_by("position")
    assert [o.letter for o in orientations] == ["a", "b", "c", "d", "đ", "e", "f", "g"]
    assert orientations[0].name == "Giáo dục và đào tạo" and orientations[0].name_en == "Education and training"
    assert all(o.name_en and o.guidance and o.guidance_en for o in orientations)
