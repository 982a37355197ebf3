from django.urls import path, re_path, register_converter

from reporting.public import appendix_downloads, catalogue, home, pages, sitemaps

register_converter(pages.LanguageConverter, "lang")

app_name = "public"

urlpatterns = [
    path("", home.entrance, name="entrance"),
    path("<lang:lang>/", home.home, name="home"),
    re_path(rf"^(?P<lang>{pages.LanguageConverter.regex})/appendix\.(?P<format>pdf|xlsx)$", appendix_downloads.appendix, name="appendix"),
    path("<lang:lang>/projects/", catalogue.catalogue, name="catalogue"),
    path("sitemap.xml", sitemaps.sitemap, name="sitemap"),
    path("robots.txt", sitemaps.robots, name="robots"),
]
