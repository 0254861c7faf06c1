"""`{% staff_menu %}`: the staff menu of templates/base.html (empty for anyone but staff)."""

from __future__ import annotations

from typing import Any

from django import template

from acthub.workspace.menu import staff_menu as menu_links

register = template.Library()


@register.inclusion_tag("workspace/staff_menu.html", takes_context=True)
def staff_menu(context: dict[str, Any]) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    current = request.get_full_path() if request is not None else ""
    return {"links": menu_links(user), "current": current}
