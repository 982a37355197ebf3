from django.urls import path, register_converter

from reporting.public import catalogue, home, pages, sitemaps

register_converter(pages.LanguageConverter, "lang")

app_name = "public"

urlpatterns = [
    path("", home.entrance, name="entrance"),
    path("<lang:lang>/", home.home, name="home"),
    path("<lang:lang>/projects/", catalogue.catalogue, name="catalogue"),
    path("sitemap.xml", sitemaps.sitemap, name="sitemap"),
    path("robots.txt", sitemaps.robots, name="robots"),
]
