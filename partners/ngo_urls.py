from django.urls import path

from partners import ngo_views as views

app_name = "ngos"

urlpatterns = [
    path("", views.ngo_list, name="list"),
    path("new/", views.ngo_edit, name="create"),
    path("<int:pk>/", views.ngo_detail, name="detail"),
    path("<int:pk>/edit/", views.ngo_edit, name="edit"),
    path("<int:pk>/contacts/new/", views.contact_edit, name="contact_add"),
    path("<int:pk>/contacts/<int:contact_pk>/", views.contact_edit, name="contact_edit"),
    path("<int:pk>/certificates/new/", views.registration_edit, name="registration_add"),
    path("<int:pk>/certificates/<int:registration_pk>/", views.registration_edit, name="registration_edit"),
    path("<int:pk>/certificates/<int:registration_pk>/renew/", views.registration_edit, {"renew": True}, name="registration_renew"),
    path("<int:pk>/security-opinions/new/", views.security_opinion_add, name="security_opinion"),
]
