"""Median response times of the bank's pages on the current database: `benchmark_pages --repeat 15`.

Run it after generate_bank; it reads, and writes only the "benchmark" superuser
and its session. At 100,000 projects on PostgreSQL (issue 16):

    manage.py migrate && manage.py demo --no-accounts
    manage.py generate_bank --projects 100000      # about 8 minutes
    psql ... -c "VACUUM ANALYZE"                    # where autovacuum is off: plans from fresh statistics
    DEBUG=0 SECRET_KEY=... SITE_URL=... SECURE_SSL_REDIRECT=0 manage.py benchmark_pages --repeat 5

It measures the unfiltered list, one sector, the list filtered to the smallest other programme (the seed's 25: compare
it with the same page on a database of the seed alone), the search, the whole list's totals asked for (past
BANK_TOTALS_ABOVE_PROJECTS they are added up on request only), and the page of a project still seeking funds, with
its likely funders.
"""
import statistics
import time
from urllib.parse import urlencode

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.models import Count
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import NoReverseMatch, reverse

from projects.likely_funders import SEEKING
from projects.models import Programme, Project

WARM_UP = 2


class Command(BaseCommand):
    help = "Measure the median time of the project-bank pages on the current database (run generate_bank first)."

    def add_arguments(self, parser):
        parser.add_argument("--programme-code", default="synthetic-2026")
        parser.add_argument("--repeat", type=int, default=15)

    def handle(self, *args, programme_code, repeat, **options):
        if repeat < 1:
            raise CommandError("--repeat must be at least 1.")
        programme = Programme.objects.filter(code=programme_code).first()
        # A project still seeking funds: its page ranks the likely funders against the funded projects of the bank.
        project = programme and programme.projects.select_related("sector").filter(status__in=SEEKING).order_by("pk").first()
        if not project:
            raise CommandError(f"No programme {programme_code!r} with a project seeking funds; run generate_bank first.")
        sector = project.sector
        try:
            bank = reverse("projects:bank")
            pages = [
                ("bank list", bank),
                ("bank list, by sector", f"{bank}?{urlencode({'programme': programme.pk, 'sector': sector.pk})}"),
                *((f"bank list, programme {small.code}", f"{bank}?{urlencode({'programme': small.pk})}") for small in self.smallest(programme)),
                ("bank list, searched", f"{bank}?{urlencode({'q': 'ho dieu hoa'})}"),
                ("bank list, totals asked", f"{bank}?{urlencode({'totals': '1'})}"),
                ("project page", reverse("projects:detail", args=[project.pk])),
                ("healthz", reverse("healthz")),
            ]
        except NoReverseMatch as error:
            raise CommandError(f"A page to measure has no URL yet: {error}") from None

        client = Client()
        client.force_login(self.user())
        self.stdout.write(
            f"{connection.vendor}: {Project.objects.count()} projects, {programme.projects.count()} in {programme_code}; "
            f"median of {repeat} after {WARM_UP} warm-up requests"
        )
        with override_settings(ALLOWED_HOSTS=["testserver", "localhost", "127.0.0.1"]):
            rows = [(name, *self.measure(client, name, url, repeat)) for name, url in pages]
        width = max(len(name) for name, *_ in rows)
        self.stdout.write(f"{'page':<{width}}  {'median ms':>9}  {'queries':>7}  status")
        for name, median, queries, status in rows:
            self.stdout.write(f"{name:<{width}}  {median:>9.1f}  {queries:>7}  {status}")

    @staticmethod
    def smallest(measured):
        """Another programme, the smallest with projects (the seed's 25): a filter's cost must follow what it shows."""
        others = Programme.objects.exclude(pk=measured.pk).annotate(n=Count("projects")).filter(n__gt=0).order_by("n", "pk")
        return list(others[:1])

    def user(self):
        user, created = get_user_model().objects.get_or_create(username="benchmark", defaults={"is_staff": True, "is_superuser": True})
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
        elif not (user.is_active and user.is_superuser):
            # Someone else's account of that name: measuring with fewer rights would mislead, and raising them is not ours to do.
            raise CommandError('User "benchmark" exists but is not an active superuser; rename or remove it.')
        return user

    def measure(self, client, name, url, repeat):
        def get():
            response = client.get(url)
            if response.status_code != 200:
                raise CommandError(f"{name} ({url}) answered {response.status_code}, not 200.")
            return response

        for _ in range(WARM_UP):
            get()
        times = []
        for _ in range(repeat):
            started = time.perf_counter()
            get()
            times.append((time.perf_counter() - started) * 1000)
        # Counted on a request of its own, so capturing queries does not slow the timed ones.
        with CaptureQueriesContext(connection) as queries:
            response = get()
        return statistics.median(times), len(queries), response.status_code
