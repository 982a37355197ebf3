from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from partners.unit_data import load_units


class Command(BaseCommand):
    help = "Load the administrative units of Cần Thơ city from 1 July 2025 and of Sóc Trăng province before it, with their successions. Running it twice changes nothing."

    def add_arguments(self, parser):
        parser.add_argument("--refresh", action="store_true", help="Bring the loaded units back in line with the data, undoing edits to them.")

    def handle(self, *args, refresh=False, **options):
        for model, counts in load_units(update=refresh).counts.by_model.items():
            self.stdout.write(
                _("  %(model)s: %(created)d created, %(updated)d updated, %(unchanged)d unchanged")
                % {"model": model, "created": counts["created"], "updated": counts["updated"], "unchanged": counts["unchanged"]}
            )
