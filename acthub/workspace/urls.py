"""The staff home, mounted at /staff/ (the staff tools keep their own prefixes)."""

from django.urls import path

from acthub.workspace import views

app_name = "workspace"
urlpatterns = [
    path("", views.home, name="home"),
]
