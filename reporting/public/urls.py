from django.urls import path, re_path, register_converter

from reporting.public import appendix_downloads, catalogue, home, open_data, pages, sitemaps

register_converter(pages.LanguageConverter, "lang")

app_name = "public"

urlpatterns = [
    path("", home.entrance, name="entrance"),
    path("<lang:lang>/", home.home, name="home"),
    re_path(rf"^(?P<lang>{pages.LanguageConverter.regex})/appendix\.(?P<format>pdf|xlsx)$", appendix_downloads.appendix, name="appendix"),
    path("<lang:lang>/projects/", catalogue.catalogue, name="catalogue"),
    path("sitemap.xml", sitemaps.sitemap, name="sitemap"),
    path("robots.txt", sitemaps.robots, name="robots"),
    path("<lang:lang>/projects.csv", open_data.catalogue_csv, name="catalogue_csv"),
    path("<lang:lang>/open-data/", open_data.open_data, name="open_data"),
    path("open-data/iati-activities.xml", open_data.iati_activities, name="iati"),
]
