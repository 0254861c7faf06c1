from django.apps import AppConfig


class AuditConfig(AppConfig):
    """The change log: who changed which record, when, from what to what."""

    name = "acthub.audit"
    label = "audit"
    verbose_name = "Audit"

    def ready(self) -> None:
        from acthub.audit import signals

        signals.connect()
