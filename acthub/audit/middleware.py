"""Attributes every change made while serving a request to the requesting user."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from acthub.audit.context import acting


class AuditContextMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user if request.user.is_authenticated else None
        path = request.path
        via = "api" if path.startswith("/api/") else "admin" if path.startswith("/admin/") else "web"
        with acting(user, via=via, remote_addr=request.META.get("REMOTE_ADDR")) as actor:
            response = self.get_response(request)
        response["X-Request-ID"] = str(actor.request_id)
        return response
