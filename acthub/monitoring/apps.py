from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    """Pages of the monitoring work: ACTIP heat map and assessments, grants and their reports, governance."""

    name = "acthub.monitoring"
    label = "monitoring"
    verbose_name = "Monitoring pages"
