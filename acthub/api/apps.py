from django.apps import AppConfig


class ApiConfig(AppConfig):
    """The read-only REST API under /api/v1/: routing, pagination, errors."""

    name = "acthub.api"
    label = "api"
    verbose_name = "API"
