from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from partners.unit_data import load_units

from projects.demo import DEMO_OFFICER, load_demo, load_programme_for
from projects.demo_engagements import load_engagements_demo
from projects.demo_public import load_public_demo
from projects.demo_pipeline import LEADERSHIP, load_pipeline_demo
from projects.demo_plan import load_plan_demo
from projects.seed import SEED_FIXTURE, load_programme_fixture
from reporting.demo import load_current_round, load_demo_round
from reporting.demo_registry import load_registry_and_its_work
from reporting.models.rounds import PROVINCE_TZ


class Command(BaseCommand):
    help = ("Load the seed programme (Sóc Trăng, 03/CTr-UBND, 2020–2025), the demo accounts, the programme covering this year "
            "and its reporting round. Running it twice changes nothing.")

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
        now = timezone.now()
        programme, started = load_programme_for(now.astimezone(PROVINCE_TZ).year)
        if started:
            self.stdout.write(
                _("Demo programme %(programme)s started, taking over projects of %(previous)s.")
                % {"programme": programme, "previous": programme.predecessor}
            )
        if load_public_demo(programme):
            self.stdout.write(
                _("Public side of %(programme)s filled in: aims, USD rate, projects published to NGOs, expressions of interest.")
                % {"programme": programme}
            )
        if load_engagements_demo(programme):
            self.stdout.write(_("A workshop of last month recorded, with three projects, two NGOs and a follow-up due next week."))
        # The pipelines first: they take projects nobody has pledged to; the registry's lapsed NGO pledges after.
        pipelines = load_pipeline_demo(programme)
        if LEADERSHIP in pipelines:
            self.stdout.write(_("Leadership demo account %(user)s created (viewer at Văn phòng UBND thành phố Cần Thơ).") % {"user": LEADERSHIP})
        if "pipelines" in pipelines:
            self.stdout.write(_("Aid pipelines of %(programme)s at every stage: a pledge, an agreement awaiting approval, an approved one with two years of disbursements and counterpart funds.") % {"programme": programme})
        load_registry_and_its_work(programme, now.astimezone(PROVINCE_TZ).date())
        if load_plan_demo(programme, now.astimezone(PROVINCE_TZ).date()):
            self.stdout.write(_("The plan's tasks reported year by year: %(previous)s's accepted, the first year of %(programme)s in every state of review.")
                              % {"previous": programme.predecessor, "programme": programme})
        opened = load_current_round(programme, now)
        if opened is not None:
            self.stdout.write(
                _("Demo reporting round %(year)s created, open until %(day)s: %(unit)s (%(user)s) has its report to write.")
                % {"year": opened.year, "day": opened.local_deadline_date().strftime("%d/%m/%Y"),
                   "unit": ", ".join(unit.name for unit in opened.units.all()), "user": DEMO_OFFICER}
            )
        if users:
            self.stdout.write(self.style.SUCCESS(_("Demo accounts created: %(users)s (passwords in README.md).") % {"users": ", ".join(users)}))
        else:
            self.stdout.write(_("Demo accounts already exist; left unchanged."))
