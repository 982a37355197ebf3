from django.urls import path

from projects.views import bank, project, steps

app_name = "projects"

urlpatterns = [
    path("", bank.bank_list, name="bank"),
    path("new/", project.project_create_view, name="create"),
    path("<int:pk>/", project.project_detail, name="detail"),
    path("<int:pk>/edit/", project.project_edit, name="edit"),
    path("<int:pk>/restore/<int:history_id>/", project.project_restore_view, name="restore"),
    path("<int:pk>/step/<slug:action>/", steps.project_step, name="step"),
    path("<int:pk>/opinion/", steps.project_opinion, name="opinion"),
]
