"""Producing the IATI file of a program: build, serialise, validate, and only then hand it out."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils.translation import gettext as _
from lxml import etree

from acthub.program.models import Program

from .builder import ActivityBuilder, ExportError, document_links
from .validation import validate_bytes


def programs_to_publish() -> list[Program]:
    """The programs that have an IATI identifier (the others are not published)."""
    return list(Program.objects.restrict(None, "view").exclude(iati_identifier="").order_by("slug"))


def activity_file(program: Program | None = None, *, base_url: str = "", today: date | None = None) -> bytes:
    """The validated IATI 2.03 activity file of a program (the only published one when none is given).

    Raises ExportError when there is nothing to publish or a record cannot be published, and
    IatiInvalid (acthub.iati.validation) when the file fails the schema or the standard's rules:
    nothing invalid is ever returned.
    """
    if program is None:
        candidates = programs_to_publish()
        if len(candidates) != 1:
            raise ExportError(
                _("%(count)d programs have an IATI identifier; name the one to export.") % {"count": len(candidates)}
            )
        program = candidates[0]
    builder = ActivityBuilder(program, documents=document_links(program, base_url), today=today)
    data: Any = etree.tostring(builder.build(), xml_declaration=True, encoding="UTF-8", pretty_print=True)
    # Validate the bytes as they will be read, re-parsed so that every problem carries its line.
    validate_bytes(data)
    return bytes(data)
