from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse, HttpResponsePermanentRedirect
from django.templatetags.static import static
from django.urls import include, path
from django.views.i18n import set_language

admin.site.site_header = "socaid"
admin.site.site_title = "socaid"
# The project list needs the width more than the app menu does.
admin.site.enable_nav_sidebar = False
admin.site.site_url = "/"


@login_not_required
def healthz(request):
    """For load balancers and for the benchmark's bare-view baseline: no database, no template."""
    return HttpResponse("ok", content_type="text/plain")


@login_not_required
def favicon(request):
    """Browsers and feed readers ask for /favicon.ico whatever the page says; the icon lives with the static files."""
    return HttpResponsePermanentRedirect(static("socaid/favicon.ico"))


# A missing public page is answered in the public frame and its address's language; a staff one as before.
handler404 = "reporting.public.errors.page_not_found"

urlpatterns = [
    path("accounts/login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("healthz", healthz, name="healthz"),
    path("favicon.ico", favicon, name="favicon"),
    path("bank/", include("projects.urls")),
    # "My exports" kept its address from when it lived in reporting: the links of mails already sent still work.
    path("reports/exports/", include("socaid.jobs.urls")),
    path("reports/", include("reporting.urls")),
    path("units/", include("partners.urls")),
    path("ngos/", include("partners.ngo_urls")),
    path("admin/", admin.site.urls),
    # The open-data API, before the public pages' /<lang>/ addresses.
    path("api/v1/", include("reporting.public.api.urls")),
    # Last, so that its /<lang>/ pages never shadow a staff address.
    path("", include("reporting.public.urls")),
]
