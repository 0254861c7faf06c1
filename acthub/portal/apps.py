from django.apps import AppConfig


class PortalConfig(AppConfig):
    """The public portal."""

    name = "acthub.portal"
    label = "portal"
    verbose_name = "Portal"
