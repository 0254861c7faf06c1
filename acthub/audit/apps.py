from django.apps import AppConfig


class AuditConfig(AppConfig):
    """The audit trail: the change log (who changed which record) and the access log (logins, reads)."""

    name = "acthub.audit"
    label = "audit"
    verbose_name = "Audit"

    def ready(self) -> None:
        from acthub.audit import access_signals, signals

        signals.connect()
        access_signals.connect()
