"""The tools menus: every staff tool shown on every page to staff roles, and a partner's own tools to partners."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from acthub.core.access import PARTNER, has_role, is_staff

# (label, URL name) in the order of the menu; each is an existing page of its app.
TOOLS = (
    (_("Staff home"), "workspace:home"),
    (_("Imports"), "imports:list"),
    (_("Data approvals"), "imports:list", "?approval=pending"),
    (_("Court cases"), "justice:cases"),
    (_("Data quality"), "indicators:quality"),
    (_("Data"), "indicators:index"),
    (_("Fact-sheet workspace"), "factsheets:workspace"),
    (_("Library review"), "portal:resource_review_queue"),
    (_("ACTIP"), "monitoring:actip_staff"),
    (_("Grants"), "monitoring:grants"),
    (_("Governance"), "monitoring:governance"),
    (_("Admin"), "admin:index"),
    (_("API docs"), "api-docs"),
)


# A partner organisation's own work: the reports its grants owe, and resources it submits for review.
PARTNER_TOOLS = (
    (_("My grant reports"), "monitoring:partner_reports"),
    (_("Submit a resource"), "portal:resource_submit"),
)


def _links(tools: tuple[tuple[Any, ...], ...]) -> list[dict[str, str]]:
    return [
        {"label": str(label), "url": reverse(name) + (query[0] if query else ""), "name": name}
        for label, name, *query in tools
    ]


def staff_menu(user: Any) -> list[dict[str, str]]:
    """The menu's links for this user: every tool for a staff role, nothing for anyone else."""
    return _links(TOOLS) if is_staff(user) else []


def partner_menu(user: Any) -> list[dict[str, str]]:
    """A partner's own tools (their grant reports, resource submission); nothing for anyone else."""
    return _links(PARTNER_TOOLS) if has_role(user, (PARTNER,)) else []
