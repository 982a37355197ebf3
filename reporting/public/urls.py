from django.urls import path, register_converter

from reporting.public import home, interest_page, pages, project_page

register_converter(pages.LanguageConverter, "lang")

app_name = "public"

urlpatterns = [
    path("", home.entrance, name="entrance"),
    path("<lang:lang>/", home.home, name="home"),
    path("<lang:lang>/projects/<slug:code>/", project_page.project_page, name="project"),
    path("<lang:lang>/projects/<slug:code>/interest/", interest_page.interest, name="interest"),
    path("<lang:lang>/projects/<slug:code>/interest/sent/", interest_page.interest_sent, name="interest_sent"),
]
