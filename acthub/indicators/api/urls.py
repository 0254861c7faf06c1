"""API routes of the indicators app that are not viewsets (included under `v1/` by acthub.api.urls)."""

from django.urls import path

from acthub.indicators.api.views import QueryView

urlpatterns = [path("query/", QueryView.as_view(), name="query")]
