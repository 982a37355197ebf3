"""The USD rate the public pages show amounts at, set by the coordinator with its day and source."""
import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from partners.roles import rules_of
from projects.amounts import format_amount
from projects.models import UsdRate

# A dollar has cost between 15,000 and 27,000 dong this century: far outside this range is a typing slip (a rate
# typed in thousands, or an amount typed for the rate), which the coordinator is asked to check.
PLAUSIBLE_RATE = (Decimal(1_000), Decimal(1_000_000))


@transaction.atomic
def usd_rate_set(*, vnd_per_usd, valid_on, source, by):
    """Record the rate of ``valid_on``; the latest by its day is the one the public sees. Earlier rates are kept."""
    rules_of(by).require_coordinator()
    errors = {}
    source = (source or "").strip()
    if vnd_per_usd is None:
        errors["vnd_per_usd"] = [_("Enter the rate: how many dong one US dollar buys.")]
    elif vnd_per_usd <= 0:
        errors["vnd_per_usd"] = [_("The rate must be more than zero.")]
    elif not PLAUSIBLE_RATE[0] <= vnd_per_usd <= PLAUSIBLE_RATE[1]:
        errors["vnd_per_usd"] = [_("A dollar costs some tens of thousands of dong: check the rate (e.g. %(example)s).") % {"example": format_amount(Decimal(26150))}]
    if not isinstance(valid_on, datetime.date):
        errors["valid_on"] = [_("Enter the day of the rate.")]
    elif valid_on > timezone.localdate():
        errors["valid_on"] = [_("The day of the rate cannot be in the future.")]
    if not source:
        errors["source"] = [_("Say where the rate comes from.")]
    if errors:
        raise ValidationError(errors)
    return UsdRate.objects.create(vnd_per_usd=vnd_per_usd, valid_on=valid_on, source=source, set_by=by)
