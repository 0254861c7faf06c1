"""Fact sheet URLs, mounted at /factsheets/. Scopes are REGION or a two-letter country code."""

from django.urls import path, re_path

from . import views

app_name = "factsheets"
SCOPE = r"(?P<scope>REGION|[A-Za-z]{2})"

urlpatterns = [
    path("", views.index, name="index"),
    path("staff/", views.workspace, name="workspace"),
    path("staff/drafts/<int:pk>/", views.draft, name="draft"),
    path("staff/drafts/<int:pk>/jobs/", views.start_job, name="start_job"),
    path("staff/drafts/<int:pk>/delete/", views.delete_draft, name="delete_draft"),
    path("staff/jobs/<int:pk>/", views.job, name="job"),
    path("staff/jobs/<int:pk>/result/", views.job_result, name="job_result"),
    path("editions/<int:pk>/", views.edition, name="edition"),
    path("editions/<int:pk>/<str:fmt>/", views.edition_file, name="edition_file"),
    re_path(rf"^{SCOPE}/$", views.scope_page, name="scope"),
    re_path(rf"^{SCOPE}/draft/(?P<fmt>html|json)/$", views.draft_download, name="draft_file"),
]
