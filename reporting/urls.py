from django.urls import path

from reporting import (
    dashboard_views,
    map_views,
    ngo_certificate_views,
    pack_views,
    round_views,
    summary_views,
    views,
)

app_name = "reporting"

urlpatterns = [
    path("appendix/", views.appendix_view, name="appendix"),
    path("plan/", views.plan_view, name="plan"),
    path("summary/", summary_views.summary_view, name="summary"),
    path("map/", map_views.map_view, name="map"),
    path("rounds/", round_views.rounds_list, name="rounds"),
    path("rounds/<int:pk>/", round_views.round_detail, name="round"),
    path("rounds/<int:pk>/units/", round_views.round_units, name="round_units"),
    path("rounds/<int:pk>/unit/<int:unit>/", round_views.report_detail, name="report"),
    path("rounds/<int:pk>/unit/<int:unit>/start/", round_views.report_start, name="report_start"),
    path("rounds/<int:pk>/unit/<int:unit>/submit/", round_views.report_confirm_submit, name="report_submit"),
    path("rounds/<int:pk>/unit/<int:unit>/files/<int:attachment>/", round_views.attachment_download, name="attachment"),
    path("rounds/<int:pk>/unit/<int:unit>/files/<int:attachment>/remove/", round_views.attachment_remove, name="attachment_remove"),
    path("rounds/<int:pk>/unit/<int:unit>/<slug:action>/", round_views.report_step, name="report_step"),
    path("dashboard/", dashboard_views.dashboard_view, name="dashboard"),
    path("dashboard/rows/", dashboard_views.dashboard_rows_view, name="dashboard_rows"),
    path("ngo-certificates/", ngo_certificate_views.ngo_certificates, name="ngo_certificates"),
    path("engagements/<int:pk>/pack.pdf", pack_views.workshop_pack, name="workshop_pack"),
]
