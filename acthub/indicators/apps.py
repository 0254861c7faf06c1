from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    """The indicator registry, data values with their provenance, and the engine every figure uses."""

    name = "acthub.indicators"
    label = "indicators"
    verbose_name = "Indicators"
