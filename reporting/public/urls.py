from django.urls import path, re_path, register_converter

from reporting.public import appendix_downloads, home, pages

register_converter(pages.LanguageConverter, "lang")

app_name = "public"

urlpatterns = [
    path("", home.entrance, name="entrance"),
    path("<lang:lang>/", home.home, name="home"),
    re_path(rf"^(?P<lang>{pages.LanguageConverter.regex})/appendix\.(?P<format>pdf|xlsx)$", appendix_downloads.appendix, name="appendix"),
]
