"""Public portal pages (placeholder wiring; pages are built in acthub/portal)."""

from django.http import HttpRequest, HttpResponse


def home(request: HttpRequest) -> HttpResponse:
    return HttpResponse("acthub")


def indicator(request: HttpRequest, code: str) -> HttpResponse:
    return HttpResponse(code)
