"""Safe CSV and XLSX writing for every download acthub offers.

A text cell that starts with '=', '+', '-', '@', a tab or a carriage return is what spreadsheets read
as a formula (CSV injection, OWASP). Such cells get a leading apostrophe, in both formats, so that no
spreadsheet ever runs them; XLSX cells are also typed as text. Numbers, dates and booleans are written
as values and are never touched (a number cannot be a formula). acthub's importers strip the
apostrophe again, so an export can be re-imported unchanged.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import IO, Any

from django.http import HttpResponse, StreamingHttpResponse
from django.utils.http import content_disposition_header

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def neutralise(value: Any) -> Any:
    """The value, with an apostrophe before a text that a spreadsheet would run as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def csv_cell(value: Any) -> str:
    """A value as CSV text: empty for None, ISO dates, plain decimals, yes/no; text neutralised."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, int | float):
        return str(value)
    return str(neutralise(str(value)))


def write_csv(stream: IO[str], rows: Iterable[Sequence[Any]], *, bom: bool = False) -> None:
    """Write rows as CSV to a text stream; `bom` helps Excel recognise UTF-8 (Lao, Thai)."""
    if bom:
        stream.write("\ufeff")
    writer = csv.writer(stream, lineterminator="\r\n")
    for row in rows:
        writer.writerow([csv_cell(v) for v in row])


def csv_text(rows: Iterable[Sequence[Any]], *, bom: bool = False) -> str:
    """Rows as one CSV string (for small tables)."""
    buffer = io.StringIO()
    write_csv(buffer, rows, bom=bom)
    return buffer.getvalue()


class _Echo:
    """A write-only pseudo-file: csv.writer hands back each line for streaming."""

    def write(self, value: str) -> str:
        return value


def iter_csv(rows: Iterable[Sequence[Any]], *, bom: bool = True) -> Iterator[str]:
    """CSV lines one by one, for a streaming response of any size."""
    if bom:
        yield "\ufeff"
    writer = csv.writer(_Echo(), lineterminator="\r\n")
    for row in rows:
        yield writer.writerow([csv_cell(v) for v in row])


def csv_response(filename: str, rows: Iterable[Sequence[Any]]) -> StreamingHttpResponse:
    """A CSV download (UTF-8 with BOM), streamed so that a large table never sits in memory."""
    return StreamingHttpResponse(
        iter_csv(rows),
        content_type=CSV_TYPE,
        headers={"Content-Disposition": content_disposition_header(True, filename)},
    )


def _xlsx_cell(sheet: Any, value: Any) -> Any:
    from openpyxl.cell import WriteOnlyCell  # imported once per process; a dict lookup after that
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    if isinstance(value, Decimal):
        value = float(value) if value != value.to_integral_value() else int(value)
    if isinstance(value, str):
        text = ILLEGAL_CHARACTERS_RE.sub("", value)
        cell = WriteOnlyCell(sheet, value=neutralise(text))
        # openpyxl would store a text starting with '=' as a formula: force a text cell.
        cell.data_type = "s"
        return cell
    return WriteOnlyCell(sheet, value=value)


def write_xlsx(
    stream: IO[bytes], sheets: Mapping[str, Iterable[Sequence[Any]]], *, bold_first_row: bool = True
) -> None:
    """Write one or more sheets {title: rows} as an XLSX workbook, in openpyxl's streaming mode."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    bold = Font(bold=True)
    for title, rows in sheets.items():
        sheet = workbook.create_sheet(title=title[:31])
        for index, row in enumerate(rows):
            cells = [_xlsx_cell(sheet, v) for v in row]
            if bold_first_row and index == 0:
                for cell in cells:
                    cell.font = bold
            sheet.append(cells)
    workbook.save(stream)


def xlsx_bytes(sheets: Mapping[str, Iterable[Sequence[Any]]], *, bold_first_row: bool = True) -> bytes:
    """The workbook of write_xlsx as bytes (for small tables and tests)."""
    buffer = io.BytesIO()
    write_xlsx(buffer, sheets, bold_first_row=bold_first_row)
    return buffer.getvalue()


def xlsx_response(filename: str, sheets: Mapping[str, Iterable[Sequence[Any]]]) -> HttpResponse:
    """An XLSX download of the given sheets."""
    return HttpResponse(
        xlsx_bytes(sheets),
        content_type=XLSX_TYPE,
        headers={"Content-Disposition": content_disposition_header(True, filename)},
    )
