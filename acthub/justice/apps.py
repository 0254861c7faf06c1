from django.apps import AppConfig


class JusticeConfig(AppConfig):
    """Justice data: trafficking court cases, charges, defendants, victims, victim-sensitive court indicators."""

    name = "acthub.justice"
    label = "justice"
    verbose_name = "Justice"
