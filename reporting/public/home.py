"""The public entrance (/ → the reader's language) and the programme in brief."""
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect, render
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_safe

from reporting.public.pages import preferred_language, public_page


@login_not_required
@require_safe
def entrance(request):
    response = redirect("public:home", lang=preferred_language(request))
    patch_vary_headers(response, ("Accept-Language", "Cookie"))
    return response


@public_page
def home(request):
    return render(request, "public/home.html", {})
