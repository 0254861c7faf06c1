"""Text and a first-page thumbnail from an accepted file, for search and for the resource page.

PDF text through pypdf, Office text from the document's XML parts, thumbnails through poppler's
pdftoppm (PDF) or Pillow (images). Run as a stored job (acthub.library.tasks); never in a request.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import tempfile
import zipfile
from pathlib import Path
from xml.etree import ElementTree

from acthub.library.choices import FileKind

MAX_TEXT = 2_000_000
THUMB_WIDTH = 240
_PARTS = {
    FileKind.DOCX: re.compile(r"^word/(document|footnotes|endnotes)\d*\.xml$"),
    FileKind.PPTX: re.compile(r"^ppt/slides/slide\d+\.xml$"),
    FileKind.XLSX: re.compile(r"^xl/sharedStrings\.xml$"),
}


def extract_text(data: bytes, kind: str) -> str:
    """The file's text, as far as it has any ("" for an image)."""
    if kind == FileKind.PDF:
        from pypdf import PdfReader

        reader = PdfReader(io.BytesIO(data))
        parts, size = [], 0
        for page in reader.pages:
            text = page.extract_text() or ""
            parts.append(text)
            size += len(text)
            if size > MAX_TEXT:
                break
        return "\n".join(parts)[:MAX_TEXT]
    pattern = _PARTS.get(kind)  # type: ignore[call-overload]
    if pattern is None:
        return ""
    texts: list[str] = []
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = sorted(n for n in archive.namelist() if pattern.match(n))
        for name in names:
            root = ElementTree.fromstring(archive.read(name))  # noqa: S314 - see the import's note
            texts.append(" ".join(t for t in (e.text for e in root.iter() if e.tag.endswith("}t")) if t))
    return "\n".join(texts)[:MAX_TEXT]


def thumbnail(data: bytes, kind: str) -> bytes | None:
    """A PNG of the first page (PDF) or of the image, THUMB_WIDTH wide; None when none can be made."""
    if kind in (FileKind.PNG, FileKind.JPEG):
        from PIL import Image

        with Image.open(io.BytesIO(data)) as image:
            image.thumbnail((THUMB_WIDTH, THUMB_WIDTH * 2))
            out = io.BytesIO()
            image.convert("RGB").save(out, "PNG")
            return out.getvalue()
    if kind != FileKind.PDF:
        return None
    binary = shutil.which("pdftoppm")
    if binary is None:
        return None
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "in.pdf"
        source.write_bytes(data)
        target = Path(folder) / "page"
        subprocess.run(  # noqa: S603 - fixed binary and arguments
            [
                binary,
                "-png",
                "-f",
                "1",
                "-l",
                "1",
                "-scale-to-x",
                str(THUMB_WIDTH),
                "-scale-to-y",
                "-1",
                "-singlefile",
                str(source),
                str(target),
            ],
            check=True,
            timeout=60,
            capture_output=True,
        )
        made = target.with_suffix(".png")
        return made.read_bytes() if made.exists() else None
