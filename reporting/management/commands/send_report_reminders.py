import datetime

from django.core.management.base import BaseCommand, CommandError

from reporting.reminders import send_due_reminders


class Command(BaseCommand):
    help = "Send the reporting-deadline reminders due today (meant for a daily cron); never sends one twice."

    def add_arguments(self, parser):
        parser.add_argument("--now", help="pretend it is this moment (ISO 8601 with a time zone), for tests and catch-up")

    def handle(self, *args, now=None, **options):
        moment = None
        if now:
            try:
                moment = datetime.datetime.fromisoformat(now)
            except ValueError:
                raise CommandError(f"--now {now!r} is not an ISO 8601 moment, e.g. 2025-12-06T08:00+07:00.") from None
            if moment.tzinfo is None:
                raise CommandError("--now needs a time zone, e.g. 2025-12-06T08:00+07:00.")
        sent = send_due_reminders(moment)
        for round_, unit, days, recipients in sent:
            to = ", ".join(recipients) if recipients else "no officer with an e-mail address"
            self.stdout.write(f"{round_.year} {unit.name}: reminder {days} days before the deadline to {to}")
        self.stdout.write(f"{len(sent)} reminder(s) sent.")
