"""Checking an uploaded file by its content: magic bytes and structure, never its name or declared type.

Accepted: PDF, DOCX, XLSX, PPTX (Office Open XML: a ZIP whose [Content_Types].xml names the main part
of that format, with no macros), PNG and JPEG (decoded by Pillow). Anything else, including an
executable renamed to .pdf, is refused with the reason.
"""

from __future__ import annotations

import hashlib
import zipfile
from dataclasses import dataclass
from typing import IO, Any

from django.conf import settings
from django.utils.translation import gettext as _

from acthub.library.choices import FileKind

CHUNK = 1024 * 1024
# The main part's content type of each Office Open XML format.
OOXML_MAIN = {
    FileKind.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    FileKind.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
    FileKind.PPTX: "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml",
}
MAX_ZIP_MEMBERS = 10_000
MAX_ZIP_RATIO = 200  # an archive that expands more than this is a zip bomb


class UploadRejected(Exception):
    """The file is not one the library accepts; the message says why."""


@dataclass(frozen=True)
class FileInfo:
    """What a file turned out to be."""

    kind: str
    size: int
    sha256: str


def max_bytes() -> int:
    """The largest file the library accepts (ACTHUB_LIBRARY_MAX_BYTES, 50 MB by default)."""
    return int(getattr(settings, "ACTHUB_LIBRARY_MAX_BYTES", 50 * 1024 * 1024))


def _measure(stream: IO[bytes]) -> tuple[int, str]:
    digest = hashlib.sha256()
    size = 0
    stream.seek(0)
    limit = max_bytes()
    while chunk := stream.read(CHUNK):
        size += len(chunk)
        if size > limit:
            raise UploadRejected(_("The file is larger than %(limit)s MB.") % {"limit": round(limit / 1024 / 1024)})
        digest.update(chunk)
    stream.seek(0)
    return size, digest.hexdigest()


def _ooxml(stream: IO[bytes]) -> str:
    try:
        with zipfile.ZipFile(stream) as archive:
            members = archive.infolist()
            if len(members) > MAX_ZIP_MEMBERS:
                raise UploadRejected(_("The archive has too many parts."))
            packed = sum(m.compress_size for m in members) or 1
            if sum(m.file_size for m in members) > MAX_ZIP_RATIO * packed + CHUNK:
                raise UploadRejected(_("The archive expands too much to be a document."))
            names = {m.filename for m in members}
            if "[Content_Types].xml" not in names:
                raise UploadRejected(_("The file is a ZIP archive, not an Office document."))
            if any(n.lower().endswith(("vbaproject.bin", ".exe", ".dll")) for n in names):
                raise UploadRejected(_("The document contains macros or programs: save it without them."))
            types = archive.read("[Content_Types].xml")[: 2 * CHUNK].decode("utf-8", "replace")
    except zipfile.BadZipFile:
        raise UploadRejected(_("The file starts like a ZIP archive but is damaged.")) from None
    finally:
        stream.seek(0)
    for kind, main in OOXML_MAIN.items():
        if main in types:
            return kind
    raise UploadRejected(_("The Office document is not a DOCX, XLSX or PPTX file (macro-enabled files are refused)."))


def _image(stream: IO[bytes], kind: str) -> str:
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(stream) as image:
            image.verify()
            expected = {FileKind.PNG: "PNG", FileKind.JPEG: "JPEG"}[kind]  # type: ignore[index]
            if image.format != expected:
                raise UploadRejected(_("The image is not the type its first bytes say."))
    except (UnidentifiedImageError, OSError, SyntaxError) as exc:
        raise UploadRejected(_("The image is damaged (%(error)s).") % {"error": exc}) from None
    finally:
        stream.seek(0)
    return kind


def _pdf(stream: IO[bytes]) -> str:
    stream.seek(0)
    head = stream.read(1024)
    stream.seek(-min(2048, _size(stream)), 2)
    tail = stream.read()
    stream.seek(0)
    if b"%%EOF" not in tail or b"obj" not in head + tail:
        raise UploadRejected(_("The file starts like a PDF but is not a complete PDF document."))
    return FileKind.PDF


def _size(stream: IO[bytes]) -> int:
    position = stream.tell()
    stream.seek(0, 2)
    size = stream.tell()
    stream.seek(position)
    return size


def inspect_upload(stream: IO[bytes]) -> FileInfo:
    """What the file is, by content; UploadRejected when it is empty, too large or of another type."""
    size, sha256 = _measure(stream)
    if size == 0:
        raise UploadRejected(_("The file is empty."))
    head = stream.read(16)
    stream.seek(0)
    if head.startswith(b"%PDF-"):
        kind = _pdf(stream)
    elif head.startswith(b"PK\x03\x04"):
        kind = _ooxml(stream)
    elif head.startswith(b"\x89PNG\r\n\x1a\n"):
        kind = _image(stream, FileKind.PNG)
    elif head.startswith(b"\xff\xd8\xff"):
        kind = _image(stream, FileKind.JPEG)
    elif head.startswith((b"MZ", b"\x7fELF", b"\xcf\xfa\xed\xfe", b"\xca\xfe\xba\xbe", b"#!")):
        raise UploadRejected(_("The file is a program, not a document: it is refused whatever its name."))
    else:
        raise UploadRejected(_("The library accepts PDF, DOCX, XLSX, PPTX, PNG and JPEG files only."))
    return FileInfo(kind=kind, size=size, sha256=sha256)


def validate_document(value: Any) -> None:
    """A model-field validator: the library's content check, as a ValidationError naming the file.

    Other apps whose records hold a file (a grant report, for example) use it so that every upload
    of the site passes the same checks.
    """
    from django.core.exceptions import ValidationError

    file = getattr(value, "file", value)
    try:
        inspect_upload(file)
    except UploadRejected as error:
        name = str(getattr(value, "name", "") or _("The file"))
        raise ValidationError(
            _("%(name)s: %(reason)s") % {"name": name.rsplit("/", 1)[-1], "reason": error}, code="upload_rejected"
        ) from None
