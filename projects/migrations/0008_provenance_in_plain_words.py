"""The seed's provenance in words a clerk understands, as the seed now writes it.

The seed recorded where each row stood in the text extracted from the scan: "Phụ lục Danh mục dự án, lĩnh vực I,
STT 1 (dòng 347 của shared/seeds/000_00505654dfb17084.txt)", "STT I.1, dòng 347", and the file's path as the
programme's source document. The place in the programme's document stays; the file and its lines, which no user
has, go (the fixture keeps them as source_line for whoever checks the scan). The history's records get the same
words: the history is where users read a project's provenance, and only these machine annotations change.
"""
import re

from django.db import migrations

SEED_FILE = "shared/seeds/000_00505654dfb17084.txt"
SEED_DOCUMENT = "Chương trình số 03/CTr-UBND ngày 06/5/2020 của UBND tỉnh Sóc Trăng"
REWRITES = [
    (re.compile(r"^(.*?) \(dòng \d+ của shared/seeds/[^)]+\)$"), r"\1"),
    (re.compile(r"^(STT [IVX]+\.\d+), dòng \d+ \(nội dung\)$"), r"\1, tính từ nội dung"),
    (re.compile(r"^(STT [IVX]+\.\d+), dòng tiếp \d+$"), r"\1, dòng tiếp theo"),
    (re.compile(r"^(STT [IVX]+\.\d+), dòng \d+$"), r"\1"),
]


def plain(text):
    for pattern, replacement in REWRITES:
        if pattern.match(text):
            return pattern.sub(replacement, text)
    return text


def rewrite(apps, schema_editor):
    for model in ("Project", "HistoricalProject", "BudgetLine", "HistoricalBudgetLine", "PlanTask"):
        Model = apps.get_model("projects", model)
        for pk, text in Model.objects.filter(source_ref__contains="dòng").values_list("pk", "source_ref"):
            if plain(text) != text:
                Model.objects.filter(pk=pk).update(source_ref=plain(text))
    apps.get_model("projects", "Programme").objects.filter(source_document=SEED_FILE).update(source_document=SEED_DOCUMENT)


class Migration(migrations.Migration):
    dependencies = [("projects", "0007_project_codes_in_one_style")]

    operations = [migrations.RunPython(rewrite, migrations.RunPython.noop)]
