from django.apps import AppConfig


class FactsheetsConfig(AppConfig):
    """Fact sheets regenerated from live data (HTML, PDF, JSON) and their frozen published editions."""

    name = "acthub.factsheets"
    label = "factsheets"
    verbose_name = "Fact sheets"

    def ready(self) -> None:
        from acthub.factsheets.search import register_kind

        register_kind()
