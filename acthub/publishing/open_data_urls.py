"""URLs under /open-data/ (mounted by config/urls.py): the public datasets and the justice definitions."""

from django.urls import path

from acthub.publishing.views import open_data

app_name = "open_data"
urlpatterns = [
    path("", open_data.index, name="index"),
    path("justice/", open_data.justice_definitions, name="justice"),
    path("<str:code>.csv", open_data.dataset_csv, name="csv"),
]
