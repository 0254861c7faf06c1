from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkspaceConfig(AppConfig):
    """The staff home (`/staff/`) and the staff menu shown on every page to staff."""

    name = "acthub.workspace"
    verbose_name = _("Staff workspace")
