"""Uploads are checked by content: accepted types pass, impostors and oversized files are refused."""

from __future__ import annotations

import io

import pytest
from django.test import override_settings

from acthub.library.tests import files
from acthub.library.uploads import UploadRejected, inspect_upload


@pytest.mark.parametrize(
    ("make", "kind"),
    [
        (files.pdf, "pdf"),
        (files.docx, "docx"),
        (files.xlsx, "xlsx"),
        (files.pptx, "pptx"),
        (lambda: files.image("PNG"), "png"),
        (lambda: files.image("JPEG"), "jpeg"),
    ],
)
def test_accepted_types_are_recognised_by_content(make: object, kind: str) -> None:
    data = make()  # type: ignore[operator]
    info = inspect_upload(io.BytesIO(data))
    assert (info.kind, info.size) == (kind, len(data))


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (files.EXECUTABLE, "program"),
        (files.ELF, "program"),
        (b"#!/bin/sh\nrm -rf /\n", "program"),
        (b"just some text pretending to be a PDF", "accepts PDF"),
        (b"%PDF-1.7\nno objects and no end", "not a complete PDF"),
        (files.plain_zip(), "not an Office document"),
        (files.docx(macro=True), "macros"),
        (b"PK\x03\x04broken", "damaged"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, "damaged"),
        (b"", "empty"),
    ],
)
def test_impostors_are_refused_whatever_their_name(data: bytes, reason: str) -> None:
    with pytest.raises(UploadRejected, match=reason):
        inspect_upload(io.BytesIO(data))


@override_settings(ACTHUB_LIBRARY_MAX_BYTES=1000)
def test_size_limit() -> None:
    with pytest.raises(UploadRejected, match="larger than"):
        inspect_upload(io.BytesIO(files.pdf()))
