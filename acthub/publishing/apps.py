from django.apps import AppConfig


class PublishingConfig(AppConfig):
    """The indicator pages under /data/, reading every figure through the engine."""

    name = "acthub.publishing"
    label = "publishing"
    verbose_name = "Publishing"
