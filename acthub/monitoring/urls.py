"""Monitoring URLs, at the root: /actip/ (public), /staff/actip/, /staff/grants/, /staff/governance/, /partner/."""

from django.urls import path

from acthub.monitoring.views import actip, governance, grants

app_name = "monitoring"

urlpatterns = [
    path("actip/", actip.heat_map, name="actip"),
    path("actip/changes/", actip.changes, name="actip_changes"),
    path("actip/assessments/<int:pk>/", actip.assessment, name="assessment"),
    path("actip/report/<str:period>/<str:fmt>/", actip.report, name="actip_report"),
    path("staff/actip/", actip.staff_assessments, name="actip_staff"),
    path("staff/actip/items/<int:pk>/", actip.update_item, name="update_item"),
    path("staff/actip/assessments/<int:pk>/<str:action>/", actip.assessment_action, name="assessment_action"),
    path("staff/grants/", grants.overview, name="grants"),
    path("staff/grants/chart/", grants.totals_chart, name="grants_chart"),
    path("staff/grants/reports/<int:pk>/", grants.review, name="grant_report_review"),
    path("partner/reports/", grants.partner_reports, name="partner_reports"),
    path("partner/reports/<int:pk>/", grants.partner_report, name="partner_report"),
    path("staff/governance/", governance.bodies, name="governance"),
    path("staff/governance/<int:pk>/", governance.body, name="governance_body"),
    path("staff/governance/meetings/<int:pk>/minutes/", governance.minutes, name="meeting_minutes"),
]
