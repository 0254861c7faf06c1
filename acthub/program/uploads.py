"""Checks on uploaded minutes and grant reports: the file is what its content says, and not too large.

A stop-gap until the library's checked uploads reach this branch (acthub/library, built in parallel):
meeting minutes and grant reports should then become library resources and this module go. The type
is decided by the bytes, never by the name or the browser's content type, and the name's extension
must agree with it, so that a renamed executable or an HTML page never passes as a PDF.
"""

from __future__ import annotations

import zipfile
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
MAX_ZIP_MEMBERS = 5000

# Office Open XML: a ZIP whose parts name the application.
_OOXML = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml", "pptx": "ppt/presentation.xml"}
_EXTENSIONS = {
    "pdf": ("pdf",),
    "png": ("png",),
    "jpeg": ("jpg", "jpeg"),
    "docx": ("docx",),
    "xlsx": ("xlsx",),
    "pptx": ("pptx",),
}


def sniff(head: bytes, stream: IO[bytes] | None = None) -> str | None:
    """The file type its bytes show (pdf, png, jpeg, docx, xlsx, pptx), or None."""
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"PK\x03\x04") and stream is not None:
        try:
            with zipfile.ZipFile(stream) as archive:
                names = archive.namelist()
        except (zipfile.BadZipFile, OSError, ValueError):
            return None
        if len(names) > MAX_ZIP_MEMBERS or "[Content_Types].xml" not in names:
            return None
        for kind, part in _OOXML.items():
            if part in names:
                return kind
    return None


def validate_upload(value: Any) -> None:
    """Refuse a file that is too large, of a type not accepted, or whose name's extension lies."""
    size = getattr(value, "size", None)
    if size is not None and size > MAX_UPLOAD_BYTES:
        raise ValidationError(
            _("%(name)s is %(size)d bytes; the limit is %(limit)d.")
            % {"name": value.name, "size": size, "limit": MAX_UPLOAD_BYTES},
            code="too_large",
        )
    if size == 0:
        raise ValidationError(_("%(name)s is empty.") % {"name": value.name}, code="empty")
    file = getattr(value, "file", value)
    if hasattr(file, "seek"):
        file.seek(0)
    head = file.read(16)
    kind = None
    if hasattr(file, "seek"):
        file.seek(0)
        kind = sniff(head, file)
        file.seek(0)
    if kind is None:
        raise ValidationError(
            _("%(name)s is not a PDF, Word (DOCX), Excel (XLSX), PowerPoint (PPTX), PNG or JPEG file by its content.")
            % {"name": value.name},
            code="file_type",
        )
    extension = str(value.name).rsplit(".", 1)[-1].lower() if "." in str(value.name) else ""
    if extension not in _EXTENSIONS[kind]:
        raise ValidationError(
            _("%(name)s holds a %(kind)s file; name it .%(extension)s.")
            % {"name": value.name, "kind": kind.upper(), "extension": _EXTENSIONS[kind][0]},
            code="file_extension",
        )
