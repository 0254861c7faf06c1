"""Read helpers of the portal."""

from __future__ import annotations

from django.conf import settings

from acthub.program.models import Program


def default_program() -> Program | None:
    """The program shown at "/": the configured one, or the first there is."""
    program = Program.objects.filter(slug=settings.ACTHUB_DEFAULT_PROGRAM).first()
    return program or Program.objects.order_by("pk").first()
