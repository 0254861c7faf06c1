"""Small synthetic files of every accepted type (and some impostors) for the upload tests."""

from __future__ import annotations

import io
import zipfile


def pdf(text: str = "Synthetic shelter practice study") -> bytes:
    """A one-page PDF holding `text`, made by WeasyPrint."""
    from weasyprint import HTML

    return HTML(string=f"<html><body><h1>{text}</h1></body></html>").write_pdf()


def _ooxml(main_type: str, parts: dict[str, str], macro: bool = False) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            f'<Override PartName="/main.xml" ContentType="{main_type}"/></Types>',
        )
        for name, body in parts.items():
            archive.writestr(name, body)
        if macro:
            archive.writestr("word/vbaProject.bin", b"\x00" * 64)
    return out.getvalue()


W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def docx(text: str = "Victim protection guideline", macro: bool = False) -> bytes:
    """A minimal DOCX whose body says `text`."""
    body = f'<w:document xmlns:w="{W}"><w:body><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:body></w:document>'
    return _ooxml(
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
        {"word/document.xml": body},
        macro,
    )


def pptx(text: str = "Training slides") -> bytes:
    """A minimal PPTX with one slide saying `text`."""
    a = "http://schemas.openxmlformats.org/drawingml/2006/main"
    slide = f'<p:sld xmlns:p="x" xmlns:a="{a}"><a:t>{text}</a:t></p:sld>'
    return _ooxml(
        "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml",
        {"ppt/slides/slide1.xml": slide},
    )


def xlsx() -> bytes:
    """A real workbook (openpyxl)."""
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["Court", "Cases"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def image(fmt: str) -> bytes:
    """A small PNG or JPEG."""
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 30, 30)).save(out, fmt)
    return out.getvalue()


EXECUTABLE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200
ELF = b"\x7fELF\x02\x01\x01" + b"\x00" * 200


def plain_zip() -> bytes:
    """A ZIP archive that is no Office document."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("readme.txt", "hello")
    return out.getvalue()
