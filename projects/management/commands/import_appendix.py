from django.core.management.base import BaseCommand

from projects.management.commands import _import


class Command(BaseCommand):
    help = "Import a workbook laid out like the programme's appendix: preview and reconciliation, then save all or nothing."

    def add_arguments(self, parser):
        _import.add_arguments(parser)

    def handle(self, *args, **options):
        _import.run(self, "appendix", options)
