"""The site's URLs with a stand-in for public:project, for the branches that do not have the project page yet: what
links to project pages (the sitemap) is then tested with the addresses the contract gives them."""
from django.http import HttpResponse
from django.urls import include, path

from reporting.public import urls as public
from socaid import urls as site


def project_page(request, lang, code):
    return HttpResponse(code)


urlpatterns = [
    *site.urlpatterns[:-1],
    path("", include(([*public.urlpatterns, path("<lang:lang>/projects/<slug:code>/", project_page, name="project")], "public"))),
]
