from django.apps import AppConfig


class ActipConfig(AppConfig):
    """ACTIP: the Convention's chapters and articles, ratifications, and member states' assessments."""

    name = "acthub.actip"
    label = "actip"
    verbose_name = "ACTIP monitoring"
