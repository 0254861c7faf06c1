"""Staff pages of court cases, mounted at /staff/cases/ (inside the language patterns)."""

from django.urls import path

from acthub.justice import views

app_name = "justice"
urlpatterns = [
    path("", views.case_list, name="cases"),
    path("<int:pk>/", views.case_detail, name="case"),
]
