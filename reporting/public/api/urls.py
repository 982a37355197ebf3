"""/api/v1/: included in socaid/urls.py before the public pages, under the namespace ``api``."""
from django.contrib.auth.decorators import login_not_required
from django.urls import path
from rest_framework.routers import SimpleRouter

from reporting.public.api import views
from reporting.public.pages import revalidated

app_name = "api"

# SimpleRouter: no browsable root and no format suffixes, so that each endpoint has one address and one name.
router = SimpleRouter()
router.register("projects", views.ProjectViewSet, basename="project")
router.register("programmes", views.ProgrammeViewSet, basename="programme")
router.register("sectors", views.SectorViewSet, basename="sector")
router.register("units", views.UnitViewSet, basename="unit")


def open_to_all(view):
    """Anyone may read the API without signing in; its answers are cached like the public pages. DRF exempts its
    views from the CSRF check, which the API, taking no write, does not need: like every view of the portal, a
    POST without a token is refused with 403 before anything else."""
    view = login_not_required(revalidated(view))
    view.csrf_exempt = False
    return view


urlpatterns = [path("schema/", open_to_all(views.SchemaView.as_view()), name="schema")]
for pattern in router.urls:
    pattern.callback = open_to_all(pattern.callback)
    urlpatterns.append(pattern)
