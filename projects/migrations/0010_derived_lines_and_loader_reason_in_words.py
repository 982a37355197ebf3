"""The II.6 derived lines described truthfully, in both languages, and the loaders' history reason translatable.

The seed described the two lines it computed for II.6 as amounts "not printed in the original". The original
printed them (its sector II subtotal includes them); they were lost when the text was extracted. The rows the
seed wrote, and their history records, get the seed's present words; only these exact texts change.

The seed and the demo stored their history reason and the projects' creation note in Vietnamese, which English
readers then read. They now store the English message id, shown in the reader's language; so do existing rows.
"""
from django.db import migrations

DERIVATIONS = {
    "Không in số tiền trong bản gốc; tính từ nội dung: 2 triệu đồng/khóm x 60 nhóm = 120": (
        "Số tiền có in trong bản gốc nhưng bị mất khi trích xuất văn bản; tính lại từ nội dung: 2 triệu đồng/khóm x 60 nhóm = 120",
        "The source prints the amount, but it was lost when the text was extracted; computed again from the content: "
        "2 million VND/neighbourhood x 60 groups = 120",
    ),
    "Không in số tiền trong bản gốc; tính từ nội dung: 120 triệu đồng/bể x 02 = 240": (
        "Số tiền có in trong bản gốc nhưng bị mất khi trích xuất văn bản; tính lại từ nội dung: 120 triệu đồng/bể x 02 = 240",
        "The source prints the amount, but it was lost when the text was extracted; computed again from the content: "
        "120 million VND/pool x 02 = 240",
    ),
}
REASONS = {"Nạp từ văn bản gốc": "Loaded from the source document", "Dữ liệu minh họa": "Demo data"}
HISTORIES = [
    ("projects", "HistoricalProject"), ("projects", "HistoricalBudgetLine"),
    ("partners", "HistoricalOrganisation"), ("partners", "HistoricalNGO"),
]


def forwards(apps, schema_editor):
    rewrite(apps, {old: new for old, (new, _english) in DERIVATIONS.items()}, REASONS, english=True)


def backwards(apps, schema_editor):
    rewrite(apps, {new: old for old, (new, _english) in DERIVATIONS.items()}, {new: old for old, new in REASONS.items()}, english=False)


def rewrite(apps, derivations, reasons, *, english):
    for model in ("BudgetLine", "HistoricalBudgetLine"):
        Model = apps.get_model("projects", model)
        for old, new in derivations.items():
            english_text = DERIVATIONS[old][1] if english else ""
            Model.objects.filter(derivation=old).update(derivation=new, derivation_en=english_text)
    for app, model in HISTORIES:
        Model = apps.get_model(app, model)
        for old, new in reasons.items():
            Model.objects.filter(history_change_reason=old).update(history_change_reason=new)
    Event = apps.get_model("projects", "ProjectEvent")
    for old, new in reasons.items():
        Event.objects.filter(action="create", comment=old).update(comment=new)


class Migration(migrations.Migration):
    dependencies = [("projects", "0009_derivation_in_english"), ("partners", "0004_country_code_field")]

    operations = [migrations.RunPython(forwards, backwards)]
