from django.urls import path, register_converter

from reporting.public import home, open_data, pages

register_converter(pages.LanguageConverter, "lang")

app_name = "public"

urlpatterns = [
    path("", home.entrance, name="entrance"),
    path("<lang:lang>/", home.home, name="home"),
    path("<lang:lang>/projects.csv", open_data.catalogue_csv, name="catalogue_csv"),
    path("<lang:lang>/open-data/", open_data.open_data, name="open_data"),
    path("open-data/iati-activities.xml", open_data.iati_activities, name="iati"),
]
