from django.apps import AppConfig


class LibraryConfig(AppConfig):
    """The resource library (studies, guidelines, webinars, ...) and the one search across the platform."""

    name = "acthub.library"
    label = "library"
    verbose_name = "Library"

    def ready(self) -> None:
        # Keep the search index current on every change of an indexed record.
        from acthub.library.search import signals

        signals.connect()

        # Titles in every interface language where a translator gives one (docs/adr/0012).
        from acthub.core.content_translations import register
        from acthub.library.models import Resource

        register(Resource, "title")
