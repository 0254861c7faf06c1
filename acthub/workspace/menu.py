"""The staff menu: every staff tool, by URL name, shown on every page to staff roles."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from acthub.core.access import is_staff

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


def staff_menu(user: Any) -> list[dict[str, str]]:
    """The menu's links for this user: every tool for a staff role, nothing for anyone else."""
    if not is_staff(user):
        return []
    links = []
    for label, name, *query in TOOLS:
        links.append({"label": str(label), "url": reverse(name) + (query[0] if query else ""), "name": name})
    return links
