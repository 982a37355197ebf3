"""History reasons written by the portal's own services, stored as their English message id.

"Edited", "Created", a workflow step's name... were stored translated into the language of the person who saved,
so that English readers read "Đã chỉnh sửa". They are now stored as the message id and shown in each reader's
language (socaid.bilingual.stored_phrase); existing rows in either language get the message id. A restore's
reason ("Khôi phục phiên bản lúc 30/11/2026 19:10") becomes "Restored an earlier version": the timeline keeps
the day and time of the version, now without words around it ("Phiên bản lúc …"), which the page adds.
"""
from django.db import migrations
from django.utils import translation

MESSAGE_IDS = ["Created", "Edited", "Created in the admin", "Edited in the admin", "Deleted in the admin"]
RESTORED = "Restored an earlier version"
RESTORE_PREFIXES = ["Khôi phục phiên bản lúc ", "Restored the version of "]


def forwards(apps, schema_editor):
    Event = apps.get_model("projects", "ProjectEvent")
    message_ids = MESSAGE_IDS + [str(label) for _value, label in Event._meta.get_field("action").choices]
    written = {}
    for message_id in message_ids:
        with translation.override("vi"):
            written[translation.gettext(message_id)] = message_id
        written[message_id] = message_id
    for model in ("HistoricalProject", "HistoricalBudgetLine"):
        Model = apps.get_model("projects", model)
        for text, message_id in written.items():
            if text != message_id:
                Model.objects.filter(history_change_reason=text).update(history_change_reason=message_id)
        for prefix in RESTORE_PREFIXES:
            Model.objects.filter(history_change_reason__startswith=prefix).update(history_change_reason=RESTORED)
    # A restore's timeline note keeps the version's day and time only; the page words it.
    for event in Event.objects.filter(action="restore"):
        for prefix in ("Phiên bản lúc ", "Version of "):
            if event.comment.startswith(prefix):
                Event.objects.filter(pk=event.pk).update(comment=event.comment[len(prefix):])


class Migration(migrations.Migration):
    dependencies = [("projects", "0010_derived_lines_and_loader_reason_in_words")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
