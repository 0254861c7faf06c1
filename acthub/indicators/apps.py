from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    """The indicator registry, data values with their provenance, and the engine every figure uses."""

    name = "acthub.indicators"
    label = "indicators"
    verbose_name = "Indicators"

    def ready(self) -> None:
        # Indicator names and definitions in every interface language (docs/adr/0012).
        from acthub.core.content_translations import register
        from acthub.indicators.models import Indicator

        register(Indicator, "name", "definition", reference=True)
