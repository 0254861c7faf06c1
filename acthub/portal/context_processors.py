"""Values every portal template needs: the program, its links, and the language switcher's entries."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from acthub.core.languages import self_name, url_in_language


def languages(request: HttpRequest) -> list[dict[str, str]]:
    """Each language by its own name, with this page's address in it (plain links: shareable, no JS)."""
    full_path = request.get_full_path()
    return [
        {"code": code, "name": self_name(code), "url": url_in_language(full_path, code)}
        for code, _name in settings.LANGUAGES
    ]


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
        "portal_languages": SimpleLazyObject(lambda: languages(request)),
    }
