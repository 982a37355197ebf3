from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from partners.unit_data import load_units
from projects.demo import load_demo
from projects.seed import SEED_FIXTURE, load_programme_fixture
from reporting.demo import load_demo_round, load_open_round


class Command(BaseCommand):
    help = "Load the seed programme (Sóc Trăng, 03/CTr-UBND, 2020–2025) and the demo accounts. Running it twice changes nothing."

    def add_arguments(self, parser):
        parser.add_argument("--refresh", action="store_true", help="Bring seed records back in line with the fixture, undoing edits to them.")
        parser.add_argument("--no-accounts", action="store_true", help="Load the seed programme only, without demo accounts and demo NGOs.")
        parser.add_argument(
            "--allow-production", action="store_true", help="Create the demo accounts, whose passwords are public, even with DEBUG off."
        )

    def handle(self, *args, refresh=False, no_accounts=False, allow_production=False, **options):
        if not no_accounts and not settings.DEBUG and not allow_production:
            raise CommandError(_("Demo accounts have public passwords; with DEBUG off pass --allow-production or --no-accounts."))
        loaded = load_programme_fixture(SEED_FIXTURE, update=refresh)
        units = load_units(update=refresh)
        for model, counts in [*loaded.counts.by_model.items(), *units.counts.by_model.items()]:
            self.stdout.write(
                _("  %(model)s: %(created)d created, %(updated)d updated, %(unchanged)d unchanged")
                % {"model": model, "created": counts["created"], "updated": counts["updated"], "unchanged": counts["unchanged"]}
            )
        if no_accounts:
            return
        users = load_demo()[0]
        if load_demo_round() is not None:
            self.stdout.write(_("Demo reporting round 2025 created."))
        opened = load_open_round()
        if opened is not None:
            self.stdout.write(
                _("Demo reporting round %(year)s created, open until %(day)s: UBND huyện Châu Thành (chauthanh) has its report to write.")
                % {"year": opened.year, "day": opened.local_deadline_date().strftime("%d/%m/%Y")}
            )
        if users:
            self.stdout.write(self.style.SUCCESS(_("Demo accounts created: %(users)s (passwords in README.md).") % {"users": ", ".join(users)}))
        else:
            self.stdout.write(_("Demo accounts already exist; left unchanged."))
