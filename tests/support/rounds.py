"""A reporting round still open whenever the tests run: a year of the programme, caught up on late, due in a month."""
import datetime

from django.utils import timezone

from reporting import services
from socaid.province_time import PROVINCE_TZ as HCM


def at(*args):
    """A moment in the province's time, as its deadlines are kept."""
    return datetime.datetime(*args, tzinfo=HCM)


def open_round(programme, by, units, year=None):
    due = timezone.now() + datetime.timedelta(days=30)
    return services.round_open(programme=programme, year=year or programme.end_year, by=by, deadline=due, units=list(units))
