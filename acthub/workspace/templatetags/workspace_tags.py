"""`{% staff_menu %}`: the tools menu of templates/base.html: staff tools for staff, a partner's own for
partners, nothing for the public."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import gettext as _

from acthub.workspace.menu import partner_menu
from acthub.workspace.menu import staff_menu as menu_links

register = template.Library()


@register.inclusion_tag("workspace/staff_menu.html", takes_context=True)
def staff_menu(context: dict[str, Any]) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    current = request.get_full_path() if request is not None else ""
    links = menu_links(user)
    if links:
        return {"links": links, "current": current, "label": _("Staff tools")}
    return {"links": partner_menu(user), "current": current, "label": _("Partner tools")}
