"""Staff import pages, mounted at /staff/imports/."""

from django.urls import path

from acthub.imports import views

app_name = "imports"
urlpatterns = [
    path("", views.job_list, name="list"),
    path("new/", views.job_new, name="new"),
    path("<int:pk>/", views.job_detail, name="detail"),
    path("<int:pk>/status/", views.job_status, name="status"),
    path("<int:pk>/commit/", views.job_commit, name="commit"),
    path("<int:pk>/approve/", views.job_approve, name="approve"),
    path("<int:pk>/unapprove/", views.job_unapprove, name="unapprove"),
    path("<int:pk>/revert/", views.job_revert, name="revert"),
    path("<int:pk>/errors.csv", views.job_errors, name="errors"),
    path("columns/", views.columns, name="columns"),
    path("templates/<slug:kind>.csv", views.template_download, {"fmt": "csv"}, name="template_csv"),
    path("templates/<slug:kind>.xlsx", views.template_download, {"fmt": "xlsx"}, name="template_xlsx"),
    path("mappings/", views.mapping_list, name="mappings"),
    path("mappings/new/", views.mapping_edit, name="mapping_new"),
    path("mappings/<int:pk>/", views.mapping_edit, name="mapping_edit"),
]
