"""JSON errors for the API (and for 404/500 under /api/), each with a clear message.

Every error has the same body: `{"error": {"status", "code", "message", "fields"?}}`; `fields` maps a
parameter or field name to its problems (a bad filter value, for example).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.views import defaults
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler


def _code(exc: Exception) -> str:
    if isinstance(exc, Http404):
        return str(exceptions.NotFound.default_code)
    if isinstance(exc, PermissionDenied):
        return str(exceptions.PermissionDenied.default_code)
    return str(getattr(exc, "default_code", "error"))


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF's handler, with its body reshaped into the one error format of the API."""
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    detail = response.data
    fields: dict[str, Any]
    if isinstance(exc, Http404):
        # Django's message names the model; a record the user may not see simply does not exist.
        message, fields = str(exceptions.NotFound.default_detail), {}
    elif isinstance(detail, dict) and set(detail) == {"detail"}:
        message, fields = str(detail["detail"]), {}
    elif isinstance(detail, dict):
        message, fields = "Invalid input.", detail
    elif isinstance(detail, list):
        message, fields = " ".join(map(str, detail)), {}
    else:
        message, fields = str(detail), {}
    body: dict[str, Any] = {"error": {"status": response.status_code, "code": _code(exc), "message": message}}
    if fields:
        body["error"]["fields"] = fields
    response.data = body
    return response


def handler404(request: HttpRequest, exception: Exception) -> HttpResponse:
    """A JSON 404 under /api/, Django's page elsewhere."""
    if request.path.startswith("/api/"):
        return JsonResponse({"error": {"status": 404, "code": "not_found", "message": "Not found."}}, status=404)
    return defaults.page_not_found(request, exception)


def handler500(request: HttpRequest) -> HttpResponse:
    """A JSON 500 under /api/, Django's page elsewhere."""
    if request.path.startswith("/api/"):
        return JsonResponse(
            {"error": {"status": 500, "code": "server_error", "message": "Server error; it has been logged."}},
            status=500,
        )
    return defaults.server_error(request)
