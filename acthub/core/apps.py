from django.apps import AppConfig


class CoreConfig(AppConfig):
    """Base models, restricted querysets, periods and countries shared by every app."""

    name = "acthub.core"
    label = "core"
    verbose_name = "Core"
