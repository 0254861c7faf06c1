from django.apps import AppConfig


class IatiConfig(AppConfig):
    """Publishing layer: the program as IATI 2.03 activity XML, validated before it leaves."""

    name = "acthub.iati"
    label = "iati"
    verbose_name = "IATI publishing"
