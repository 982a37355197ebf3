from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

admin.site.site_header = "socaid"
admin.site.site_title = "socaid"
# The project list needs the width more than the app menu does.
admin.site.enable_nav_sidebar = False
admin.site.site_url = None  # no public site yet: "View site" would lead back here

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="admin:index", permanent=False)),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
