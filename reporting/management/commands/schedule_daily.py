from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from reporting.daily import daily, reads_its_queue, schedule_next, waiting_run
from socaid.province_time import PROVINCE_TZ


class Command(BaseCommand):
    help = (
        "Queue the daily task (reminders, NGO certificates to watch, expired exports) for the next 07:00 in the province, "
        "unless a run waits already: run it whenever the worker starts. Where the queue cannot be read "
        "(TASKS_BACKEND other than database), it queues a run now instead: run it from cron once a day."
    )

    def handle(self, *args, **options):
        if not reads_its_queue():
            daily.enqueue()
            self.stdout.write(f"Daily task queued to run now (TASKS_BACKEND={settings.TASKS_BACKEND}: run this command from cron once a day).")
            return
        queued = schedule_next()
        if queued:
            self.stdout.write(f"Daily task queued for {self.local(queued)}.")
        else:
            self.stdout.write(f"Daily task already queued for {self.local(waiting_run())}; nothing added.")

    @staticmethod
    def local(moment):
        return timezone.localtime(moment, PROVINCE_TZ).strftime("%Y-%m-%d %H:%M %Z")
