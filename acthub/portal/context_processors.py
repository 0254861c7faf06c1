"""Values every portal template needs."""

from typing import Any

from django.http import HttpRequest


def portal(request: HttpRequest) -> dict[str, Any]:
    from acthub.portal.selectors import default_program

    return {"program": default_program()}
