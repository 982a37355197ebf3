from django.urls import path, re_path, register_converter

from reporting.public import appendix_downloads, catalogue, home, interest_page, open_data, pages, project_page, sitemaps

register_converter(pages.LanguageConverter, "lang")

app_name = "public"

urlpatterns = [
    path("", home.entrance, name="entrance"),
    path("<lang:lang>/", home.home, name="home"),
    re_path(rf"^(?P<lang>{pages.LanguageConverter.regex})/appendix\.(?P<format>pdf|xlsx)$", appendix_downloads.appendix, name="appendix"),
    path("<lang:lang>/projects/", catalogue.catalogue, name="catalogue"),
    path("sitemap.xml", sitemaps.sitemap, name="sitemap"),
    path("sitemap-<int:number>.xml", sitemaps.sitemap_file, name="sitemap_file"),
    path("robots.txt", sitemaps.robots, name="robots"),
    path("<lang:lang>/projects.csv", open_data.catalogue_csv, name="catalogue_csv"),
    path("<lang:lang>/open-data/", open_data.open_data, name="open_data"),
    path("open-data/iati-activities.xml", open_data.iati_activities, name="iati"),
    path("<lang:lang>/projects/<slug:code>/", project_page.project_page, name="project"),
    path("<lang:lang>/projects/<slug:code>/interest/", interest_page.interest, name="interest"),
    path("<lang:lang>/projects/<slug:code>/interest/sent/", interest_page.interest_sent, name="interest_sent"),
]
