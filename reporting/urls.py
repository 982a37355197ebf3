from django.urls import path

from reporting import views

app_name = "reporting"

urlpatterns = [
    path("appendix/", views.appendix_view, name="appendix"),
    path("plan/", views.plan_view, name="plan"),
]
