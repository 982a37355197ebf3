from django.urls import path

from partners import views

app_name = "partners"

urlpatterns = [
    path("", views.unit_list, name="units"),
    path("<int:pk>/", views.unit_detail, name="unit"),
    path("<int:pk>/successors/add/", views.succession_add, {"side": "successors"}, name="successor_add"),
    path("<int:pk>/predecessors/add/", views.succession_add, {"side": "predecessors"}, name="predecessor_add"),
    path("<int:pk>/successions/<int:succession_pk>/edit/", views.succession_edit, name="succession_edit"),
    path("<int:pk>/successions/<int:succession_pk>/delete/", views.succession_delete, name="succession_delete"),
]
