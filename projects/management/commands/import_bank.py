from django.core.management.base import BaseCommand

from projects.management.commands import _import


class Command(BaseCommand):
    help = "Import the flat list of the bank (.xlsx or .csv, a row per budget line): preview, then save all or nothing."

    def add_arguments(self, parser):
        _import.add_arguments(parser)

    def handle(self, *args, **options):
        _import.run(self, "bank", options)
