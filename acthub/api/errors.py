"""JSON errors for the API (and for 404/500 under /api/), each with a clear message."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views import defaults
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    detail = response.data
    if isinstance(detail, dict) and set(detail) == {"detail"}:
        message, fields = str(detail["detail"]), {}
    elif isinstance(detail, dict):
        message, fields = "Invalid input.", detail
    elif isinstance(detail, list):
        message, fields = " ".join(map(str, detail)), {}
    else:
        message, fields = str(detail), {}
    code = getattr(exc, "default_code", "error")
    body: dict[str, Any] = {"error": {"status": response.status_code, "code": code, "message": message}}
    if fields:
        body["error"]["fields"] = fields
    response.data = body
    return response


def handler404(request: HttpRequest, exception: Exception) -> HttpResponse:
    if request.path.startswith("/api/"):
        return JsonResponse({"error": {"status": 404, "code": "not_found", "message": "Not found."}}, status=404)
    return defaults.page_not_found(request, exception)


def handler500(request: HttpRequest) -> HttpResponse:
    if request.path.startswith("/api/"):
        return JsonResponse(
            {"error": {"status": 500, "code": "server_error", "message": "Server error; it has been logged."}},
            status=500,
        )
    return defaults.server_error(request)
