"""Files follow their rows: an attachment's file goes once its row is gone for good, however it was deleted
(removed by the officer, or with its report or round)."""
from django.db import transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver

from reporting.models import ReportAttachment


@receiver(post_delete, sender=ReportAttachment)
def remove_attachment_file(sender, instance, **kwargs):
    file = instance.file
    if file.name:
        transaction.on_commit(lambda: file.storage.delete(file.name))
