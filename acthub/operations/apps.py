from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OperationsConfig(AppConfig):
    """Running acthub on several servers: health checks, task workers' heartbeats, structured logs."""

    name = "acthub.operations"
    label = "operations"
    verbose_name = _("Operations")
