from django.apps import AppConfig


class SeedConfig(AppConfig):
    """The program of the seed documents as data files, and the loader that brings them in."""

    name = "acthub.seed"
    label = "seed"
    verbose_name = "Seed program"
