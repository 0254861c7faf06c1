from django.apps import AppConfig


class JusticeConfig(AppConfig):
    """Justice data: trafficking court cases, charges, defendants, victims, victim-sensitive court indicators."""

    name = "acthub.justice"
    label = "justice"
    verbose_name = "Justice"

    def ready(self) -> None:
        # The signals that keep the indicators' maintained cells current on every write.
        from acthub.justice import aggregates  # noqa: F401
