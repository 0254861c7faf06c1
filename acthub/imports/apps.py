from django.apps import AppConfig


class ImportsConfig(AppConfig):
    """Import jobs: readers, validation, preview, all-or-nothing commit."""

    name = "acthub.imports"
    label = "imports"
    verbose_name = "Imports"
