"""The coordinator sets the USD rate the public pages show amounts at."""
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from partners.roles import rules_of
from projects.interest_forms import UsdRateForm
from projects.models import UsdRate
from projects.services.rates import usd_rate_set

EARLIER_SHOWN = 100


@require_http_methods(["GET", "HEAD", "POST"])
def usd_rate(request):
    rules_of(request.user).require_coordinator()
    rates = list(UsdRate.objects.select_related("set_by").order_by("-valid_on", "-set_at", "-pk")[: EARLIER_SHOWN + 1])
    if request.method == "POST":
        form = UsdRateForm(request.POST)
        if form.is_valid():
            try:
                usd_rate_set(by=request.user, **form.cleaned_data)
            except ValidationError as error:
                for name, refusals in error.message_dict.items():
                    for refusal in refusals:
                        form.add_error(name if name in form.fields else None, refusal)
            else:
                messages.success(request, _("The USD rate was saved; the public pages show amounts at it from now on."))
                return redirect("projects:usd_rate")
    else:
        latest = rates[0] if rates else None
        form = UsdRateForm(initial={"valid_on": timezone.localdate(), "source": latest.source if latest else ""})
    return render(
        request,
        "projects/usd_rate.html",
        {"form": form, "current": rates[0] if rates else None, "earlier": rates[1:]},
        status=400 if form.errors else 200,
    )
