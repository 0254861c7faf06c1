"""Health check URLs, mounted at the site's root (config/urls.py)."""

from django.urls import path

from acthub.operations import health

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
]
