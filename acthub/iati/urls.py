"""IATI URLs, mounted at /iati/."""

from django.urls import path

from . import views

app_name = "iati"

urlpatterns = [
    path("activities.xml", views.activities, name="activities"),
]
