"""Values every portal template needs: the program, its links, and the language switcher's entries."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

# Each language named in itself, so a reader finds their own language whatever the page's language.
SELF_NAMES = {"en": "English", "lo": "ລາວ"}


def portal(request: HttpRequest) -> dict[str, Any]:
    """The program shown by the portal (None before any is loaded), its links and the languages."""
    from acthub.portal.selectors import request_program
    from acthub.program.models import ProgramLink

    program = request_program(request)

    def links() -> QuerySet[ProgramLink] | list[ProgramLink]:
        if program is None:
            return []
        return ProgramLink.objects.restrict(getattr(request, "user", None), "view").filter(program=program)

    return {
        "program": program,
        "program_links": SimpleLazyObject(lambda: list(links())),
        "portal_languages": [(code, SELF_NAMES.get(code, str(name))) for code, name in settings.LANGUAGES],
    }
