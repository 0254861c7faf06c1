from django.apps import AppConfig


class ApprovalsConfig(AppConfig):
    """Data approval before publication: approve, unapprove and revert imports (domain layer, no pages)."""

    name = "acthub.approvals"
    label = "approvals"
    verbose_name = "Approvals"
