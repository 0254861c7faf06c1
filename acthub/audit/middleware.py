"""Attributes every change made while serving a request to the requesting user, and logs sensitive reads."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from acthub.audit.context import acting
from acthub.audit.events import client_ip
from acthub.audit.reads import audit_detail_response, audit_preview_response


class AuditContextMiddleware:
    """Sets the audit actor for the request; after the view, records a read of a sensitive detail page."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user if request.user.is_authenticated else None
        path = request.path
        via = "api" if path.startswith("/api/") else "admin" if path.startswith("/admin/") else "web"
        with acting(user, via=via, remote_addr=client_ip(request)) as actor:
            # Django logs a 4xx/5xx (logger django.request) after the middleware has returned, outside
            # this block: the request carries its id so that those lines name it too.
            request.request_id = actor.request_id  # type: ignore[attr-defined]
            response = self.get_response(request)
            # Inside the block, so the read carries this request's id and address. A failure to
            # record the read fails the request: the page is not shown unaudited.
            audit_detail_response(request, response)
            audit_preview_response(request, response)
        response["X-Request-ID"] = str(actor.request_id)
        return response
