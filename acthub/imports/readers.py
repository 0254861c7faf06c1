"""Reading an import file: what it is (by content, never by name), and its rows, streamed.

CSV is read with the csv module over an incremental UTF-8 decoder (with or without BOM); XLSX with
openpyxl in read-only mode. Neither loads the whole file, so memory stays flat whatever its size.

XLSX is a ZIP archive, and a small one can inflate enormously (a 617 KB file whose shared strings
inflate to 600 MB took 1.37 GB to open). So an XLSX is checked from its central directory before any
part is inflated: at most ACTHUB_XLSX_MAX_RATIO times the upload in all, no part beyond
ACTHUB_XLSX_MAX_PART_BYTES, at most MAX_PARTS parts. The declared sizes bind: Python's zipfile stops
at a part's declared size and fails its CRC if the data goes on. The web request only inspects the
archive (and reads a few KB of the first sheet for a row estimate); only the stored job opens the
workbook, after checking it again.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import re
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import IO, Any

from django.conf import settings
from django.utils.translation import gettext as _

from acthub.imports.choices import FileFormat

SNIFF_BYTES = 64 * 1024
MAX_LINE_BYTES = 1024 * 1024
XLSX_MAIN = b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
MAX_PARTS = 10_000
# How much of the first worksheet is read for the row estimate (its <dimension> element comes first).
SHEET_HEAD_BYTES = 64 * 1024
DIMENSION_RE = re.compile(rb'<(?:\w+:)?dimension\s+ref="[A-Z]+\d+:[A-Z]+(\d+)"')
SHEET_RE = re.compile(r"^xl/worksheets/sheet(\d+)\.xml$")
# The apostrophe that safe exports put before a cell that would start a formula (acthub.core.exports).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class FileRejected(Exception):
    """The file as a whole cannot be imported; the message says why, for the person who sent it."""


@dataclass(frozen=True)
class FileInfo:
    """What a file is: its format, size, SHA-256, and a rough row count for progress bars."""

    format: str
    size: int
    sha256: str
    estimated_rows: int


def _max_bytes() -> int:
    return int(settings.ACTHUB_IMPORT_MAX_BYTES)


def inspect_file(stream: IO[bytes]) -> FileInfo:
    """Check size and type by content, hash the file; raise FileRejected on anything but CSV or XLSX.

    Reads the stream once in blocks (never the whole file in memory) and leaves it rewound.
    """
    stream.seek(0)
    digest = hashlib.sha256()
    size = newlines = 0
    head = b""
    limit = _max_bytes()
    while block := stream.read(1024 * 1024):
        if len(head) < SNIFF_BYTES:
            head += block[: SNIFF_BYTES - len(head)]
        size += len(block)
        if size > limit:
            stream.seek(0)
            raise FileRejected(
                _("The file is larger than the limit of %(limit)s MB.") % {"limit": f"{limit / 1_000_000:g}"}
            )
        digest.update(block)
        newlines += block.count(b"\n")
    stream.seek(0)
    if size == 0:
        raise FileRejected(_("The file is empty."))
    fmt = _sniff(head, stream, size)
    estimated = newlines + 1 if fmt == FileFormat.CSV else 0
    if fmt == FileFormat.XLSX:
        estimated = _xlsx_row_estimate(stream)
    stream.seek(0)
    return FileInfo(format=fmt, size=size, sha256=digest.hexdigest(), estimated_rows=estimated)


def _sniff(head: bytes, stream: IO[bytes], size: int) -> str:
    if head.startswith(b"PK\x03\x04"):
        _check_xlsx(stream, size)
        return FileFormat.XLSX
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise FileRejected(_("This is an old-style Office file (.xls): save it as .xlsx or as CSV UTF-8."))
    if head.startswith(b"%PDF"):
        raise FileRejected(_("This is a PDF, not a CSV or XLSX file."))
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise FileRejected(_("The file is UTF-16 text: save it as CSV UTF-8."))
    if b"\x00" in head:
        raise FileRejected(_("This is not a CSV or XLSX file (it holds binary data)."))
    try:
        # A multi-byte character cut at the end of the sample is fine: final=False keeps it pending.
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
    except UnicodeDecodeError as exc:
        raise FileRejected(
            _("The file is not UTF-8 text (byte %(byte)s at position %(pos)s): save it as CSV UTF-8.")
            % {"byte": f"0x{head[exc.start]:02x}", "pos": exc.start}
        ) from exc
    return FileFormat.CSV


def _megabytes(n: int) -> str:
    return f"{n / 1_000_000:.1f}"


def check_inflation(infos: list[zipfile.ZipInfo], size: int) -> None:
    """Refuse an archive whose parts inflate beyond the limits (FileRejected says which and why)."""
    if len(infos) > MAX_PARTS:
        raise FileRejected(
            _("The workbook has %(n)s parts (at most %(max)s): it was not read.") % {"n": len(infos), "max": MAX_PARTS}
        )
    part_limit = int(settings.ACTHUB_XLSX_MAX_PART_BYTES)
    for info in infos:
        if info.file_size > part_limit:
            raise FileRejected(
                _("The workbook part %(part)s inflates to %(size)s MB (at most %(max)s MB): it was not read.")
                % {"part": info.filename[:100], "size": _megabytes(info.file_size), "max": _megabytes(part_limit)}
            )
    ratio = int(settings.ACTHUB_XLSX_MAX_RATIO)
    inflated = sum(info.file_size for info in infos)
    if inflated > ratio * max(size, 1):
        raise FileRejected(
            _(
                "The workbook inflates from %(size)s MB to %(inflated)s MB, more than %(ratio)s times its size: "
                "it was not read. Save it as CSV UTF-8, or remove what makes it so large."
            )
            % {"size": _megabytes(size), "inflated": _megabytes(inflated), "ratio": ratio}
        )


def _check_xlsx(stream: IO[bytes], size: int) -> None:
    try:
        with zipfile.ZipFile(stream) as archive:
            infos = archive.infolist()
            if "[Content_Types].xml" not in {info.filename for info in infos}:
                raise FileRejected(_("This is a ZIP archive, not an XLSX workbook."))
            check_inflation(infos, size)
            with archive.open("[Content_Types].xml") as types_file:
                content_types = types_file.read(1024 * 1024)
    except (zipfile.BadZipFile, OSError, EOFError, zlib.error) as exc:
        raise FileRejected(
            _("The file looks like a ZIP archive but cannot be read: %(error)s") % {"error": exc}
        ) from exc
    finally:
        stream.seek(0)
    if XLSX_MAIN not in content_types:
        if b"wordprocessingml" in content_types:
            raise FileRejected(_("This is a Word document, not a spreadsheet."))
        if b"macroEnabled" in content_types:
            raise FileRejected(_("Macro-enabled workbooks (.xlsm) are not accepted: save it as .xlsx."))
        raise FileRejected(_("This ZIP archive is not an XLSX workbook."))


def _xlsx_row_estimate(stream: IO[bytes]) -> int:
    """The first sheet's row count from its <dimension> element, reading a few KB: never the workbook."""
    try:
        with zipfile.ZipFile(stream) as archive:
            sheets = sorted(
                (int(m.group(1)), name) for name in archive.namelist() if (m := SHEET_RE.match(name)) is not None
            )
            if not sheets:
                return 0
            with archive.open(sheets[0][1]) as sheet:
                head = sheet.read(SHEET_HEAD_BYTES)
        found = DIMENSION_RE.search(head)
        return int(found.group(1)) if found else 0
    except (zipfile.BadZipFile, OSError, EOFError, zlib.error, ValueError):
        return 0
    finally:
        stream.seek(0)


def _open_workbook(stream: IO[bytes]) -> Any:
    import openpyxl

    return openpyxl.load_workbook(stream, read_only=True, data_only=True)


# --- Rows ---------------------------------------------------------------------------------------


class RowsBroken(Exception):
    """The file stops being readable at some row (bad encoding, malformed CSV); nothing after it is read."""

    def __init__(self, row: int, reason: str) -> None:
        super().__init__(reason)
        self.row = row
        self.reason = reason


def select_cells(cells: list[str], positions: list[int | None]) -> list[str]:
    """The row's cells in a kind's column order, trimmed ('' for a column the file leaves out)."""
    size = len(cells)
    out = [cells[p].strip() if p is not None and p < size else "" for p in positions]
    if "'" in "".join(out):  # rare: only then look for the apostrophes of safe exports
        out = [clean_cell(c) for c in out]
    return out


def clean_cell(text: str) -> str:
    """Trim a cell, and undo the apostrophe a safe export put before a formula-like value."""
    text = text.strip()
    if len(text) > 1 and text[0] == "'" and text[1] in FORMULA_STARTS:
        return text[1:]
    return text


def iter_rows(stream: IO[bytes], fmt: str) -> Iterator[tuple[int, list[str]]]:
    """Yield (row number, cells as text) for every non-blank row; row 1 is the first row of the file.

    CSV cells come untrimmed: `select_cells` trims the ones a kind reads.

    Rows before the header whose first cell starts with '#' are comments (the CSV templates' README).
    """
    rows = _csv_rows(stream) if fmt == FileFormat.CSV else _xlsx_rows(stream)
    seen_header = False
    for number, cells in rows:
        if not any(cells) or not "".join(cells).strip():
            continue
        if not seen_header:
            if cells[0].lstrip().startswith("#"):
                continue
            seen_header = True
        yield number, cells


def _csv_rows(stream: IO[bytes]) -> Iterator[tuple[int, list[str]]]:
    stream.seek(0)
    lines = _utf8_lines(stream)
    number = 0
    try:
        # The delimiter is decided on the header, past any '#' comment rows (the templates' README).
        leading: list[str] = []
        line = next(lines, "")
        while line and line.lstrip('"').startswith("#") and len(leading) < 1000:
            leading.append(line)
            line = next(lines, "")
        leading.append(line)
        reader = csv.reader(_chain(leading, lines), delimiter=_delimiter(line), strict=True)
        for cells in reader:
            number += 1
            # Cells are trimmed later, only those a kind reads (select_cells).
            yield number, cells
    except UnicodeDecodeError as exc:
        raise RowsBroken(
            number + 1, _("The file is not UTF-8 text from here on: save it as CSV UTF-8 (%(error)s).") % {"error": exc}
        ) from exc
    except csv.Error as exc:
        raise RowsBroken(number + 1, _("The CSV is malformed here: %(error)s.") % {"error": exc}) from exc


def _utf8_lines(stream: IO[bytes]) -> Iterator[str]:
    """The file's lines decoded one by one, so that a decoding error is found on its own row."""
    first = True
    while raw := stream.readline(MAX_LINE_BYTES):
        if len(raw) == MAX_LINE_BYTES and not raw.endswith(b"\n"):
            # A file without line breaks must not be read into memory whole.
            raise csv.Error(_("a line is longer than %(size)s bytes") % {"size": MAX_LINE_BYTES})
        if first:
            raw = raw.removeprefix(codecs.BOM_UTF8)
            first = False
        yield raw.decode("utf-8")


def _chain(first: list[str], rest: Iterator[str]) -> Iterator[str]:
    yield from first
    yield from rest


def _delimiter(first_line: str) -> str:
    """Comma, unless the header plainly uses semicolons or tabs (Excel in some locales writes those)."""
    counts = {d: first_line.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] > counts[","] else ","


def _xlsx_rows(stream: IO[bytes]) -> Iterator[tuple[int, list[str]]]:
    # Checked again where it is opened: the stored file is not trusted to be the one inspected.
    size = stream.seek(0, 2)
    stream.seek(0)
    try:
        with zipfile.ZipFile(stream) as archive:
            check_inflation(archive.infolist(), size)
    except (zipfile.BadZipFile, OSError, EOFError, zlib.error) as exc:
        raise RowsBroken(0, _("The workbook cannot be read: %(error)s") % {"error": exc}) from exc
    except FileRejected as exc:
        raise RowsBroken(0, str(exc)) from exc
    stream.seek(0)
    try:
        workbook = _open_workbook(stream)
    except Exception as exc:
        raise RowsBroken(0, _("The workbook cannot be read: %(error)s") % {"error": exc}) from exc
    number = 0
    try:
        if not workbook.worksheets:
            return
        for number, values in enumerate(workbook.worksheets[0].iter_rows(values_only=True), start=1):
            yield number, [xlsx_text(v) for v in values]
    except RowsBroken:
        raise
    except Exception as exc:
        raise RowsBroken(number + 1, _("The workbook cannot be read here: %(error)s") % {"error": exc}) from exc
    finally:
        workbook.close()


def xlsx_text(value: Any) -> str:
    """A cell value as the text a CSV would hold: dates as YYYY-MM-DD, whole floats without '.0'."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat()
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    return clean_cell(str(value))
