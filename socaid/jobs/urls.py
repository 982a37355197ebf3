from django.urls import path

from socaid.jobs import views

app_name = "jobs"

urlpatterns = [
    path("", views.my_exports, name="list"),
    path("<uuid:pk>/", views.job_page, name="job"),
    path("<uuid:pk>/file", views.job_file, name="file"),
    path("<uuid:pk>/cancel/", views.job_cancel, name="cancel"),
    path("<uuid:pk>/retry/", views.job_retry, name="retry"),
]
