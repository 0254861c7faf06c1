"""Refuses requests whose path or query string carries a NUL character, before any view sees them.

No acthub URL or parameter takes one, and PostgreSQL cannot compare text with a NUL in it: such a
value reaching a query is a server error (found by the fuzzing tests). Django's form fields refuse
NUL already; this covers the views that read the path or `request.GET` directly.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse

NUL = "\x00"


class RejectNulMiddleware:
    """Answers 400 (JSON under /api/) to a request with NUL in its path or query parameters."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if _has_nul(request):
            message = "The address or a parameter contains a NUL character."
            if request.path_info.startswith("/api/"):
                return JsonResponse({"error": {"status": 400, "code": "invalid", "message": message}}, status=400)
            return HttpResponseBadRequest(message)
        return self.get_response(request)


def _has_nul(request: HttpRequest) -> bool:
    if NUL in request.path_info:
        return True
    return any(NUL in key or any(NUL in value for value in values) for key, values in request.GET.lists())
