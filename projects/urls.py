from django.urls import path

from projects.views import bank, engagements, import_jobs, imports, interests, pipeline, plan, programmes, project, rates, steps

app_name = "projects"

urlpatterns = [
    path("", bank.bank_list, name="bank"),
    path("new/", project.project_create_view, name="create"),
    path("import/", imports.import_page, name="import"),
    path("import/confirm/", imports.import_confirm, name="import_confirm"),
    path("import/jobs/<uuid:pk>/", import_jobs.import_job_preview, name="import_job_preview"),
    path("import/jobs/<uuid:pk>/confirm/", import_jobs.import_job_confirm, name="import_job_confirm"),
    path("import/jobs/<uuid:pk>/done/", import_jobs.import_job_done, name="import_job_done"),
    path("import/template/", imports.import_template, name="import_template"),
    path("import/export/<slug:kind>.<slug:extension>", imports.registry_export, name="registry_export"),
    path("programmes/", programmes.programmes_list, name="programmes"),
    path("programmes/new/", programmes.programme_start_view, name="programme_start"),
    path("programmes/<int:pk>/take-over/", programmes.programme_take_over, name="programme_take_over"),
    path("plan/", plan.plan_progress_list, name="plan_progress"),
    path("plan/<int:task>/<int:year>/", plan.task_progress_page, name="task_progress"),
    path("plan/progress/<int:pk>/review/", plan.task_progress_review_view, name="task_progress_review"),
    path("interests/", interests.interests_list, name="interests"),
    path("interests/<int:pk>/", interests.interest_detail, name="interest"),
    path("usd-rate/", rates.usd_rate, name="usd_rate"),
    path("<int:pk>/", project.project_detail, name="detail"),
    path("<int:pk>/edit/", project.project_edit, name="edit"),
    path("<int:pk>/restore/<int:history_id>/", project.project_restore_view, name="restore"),
    path("<int:pk>/step/<slug:action>/", steps.project_step, name="step"),
    path("<int:pk>/opinion/", steps.project_opinion, name="opinion"),
    path("engagements/", engagements.engagements_list, name="engagements"),
    path("engagements/new/", engagements.engagement_create_view, name="engagement_create"),
    path("engagements/<int:pk>/", engagements.engagement_detail, name="engagement"),
    path("engagements/<int:pk>/edit/", engagements.engagement_edit, name="engagement_edit"),
    path("engagements/<int:pk>/follow-ups/", engagements.follow_up_add_view, name="follow_up_add"),
    path("engagements/follow-ups/<int:pk>/done/", engagements.follow_up_done_view, name="follow_up_done"),
    path("<int:pk>/pipeline/<slug:step>/", pipeline.project_pipeline, name="pipeline"),
]
