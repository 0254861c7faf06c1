"""Templates to download per kind (CSV and XLSX) and the column documentation, all from the specs.

The CSV template opens with '#' comment rows documenting each column: the reader skips them, so
the template can be filled in and imported as it is. The XLSX template has a README sheet instead.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

import openpyxl
from django.utils.translation import gettext as _
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from acthub.core.exports import csv_text
from acthub.imports.specs import KINDS, Column, KindSpec


@dataclass(frozen=True)
class ColumnDoc:
    """A column as the docs page and the READMEs describe it."""

    name: str
    required: bool
    datatype: str
    type_help: str
    description: str
    allowed: list[tuple[str, str]]
    example: str
    sensitive: bool


def _dynamic_values(column: Column) -> list[tuple[str, str]]:
    """Allowed values that live in the database (countries, indicators)."""
    if column.datatype in ("country", "countries", "place"):
        from acthub.core.models import Country

        values = [(c.code, c.name) for c in Country.objects.order_by("code")]
        return ([("REGION", _("the whole region"))] if column.datatype != "country" else []) + values
    if column.datatype == "indicator":
        from acthub.indicators.models import Indicator

        return [(i.code, i.name) for i in Indicator.objects.order_by("code")]
    return []


def column_docs(spec: KindSpec) -> list[ColumnDoc]:
    """Every column of a kind with its allowed values."""
    return [
        ColumnDoc(
            name=c.name,
            required=c.required or spec.fixed_header,
            datatype=c.datatype,
            type_help=c.type_help,
            description=str(c.description),
            allowed=[(v, lbl) for v, lbl in c.allowed_values() if v] or _dynamic_values(c),
            example=c.example,
            sensitive=c.sensitive,
        )
        for c in spec.columns
    ]


def _allowed_text(doc: ColumnDoc) -> str:
    return "; ".join(f"{value} ({label})" if label != value else value for value, label in doc.allowed)


def readme_rows(spec: KindSpec) -> list[list[str]]:
    """The README table: one row per column."""
    rows = [[_("column"), _("required"), _("type"), _("allowed values"), _("description"), _("example")]]
    for doc in column_docs(spec):
        rows.append(
            [
                doc.name,
                _("yes") if doc.required else _("no"),
                f"{doc.datatype}: {doc.type_help}",
                _allowed_text(doc),
                doc.description,
                doc.example,
            ]
        )
    return rows


def _intro(spec: KindSpec, *, fmt: str = "csv") -> list[str]:
    how = (
        _("Save as CSV UTF-8. Rows starting with # above the header are ignored; do not change the header.")
        if fmt == "csv"
        else _(
            "Fill in the 'data' sheet below its header and upload the workbook as it is (XLSX): only the first "
            "sheet is read, so keep 'data' first and do not change its header. Columns with a code list offer "
            "it as a drop-down list; the codes or their English labels are both accepted."
        )
    )
    lines = [_("acthub import template: %(kind)s.") % {"kind": spec.kind}, str(spec.description), how]
    if not spec.fixed_header:
        lines.append(_("Columns that are not required may be deleted."))
    lines.extend(str(note) for note in spec.notes)
    return lines


def template_csv(kind: str) -> str:
    """The CSV template: README comment rows, then the header row."""
    spec = KINDS[kind]
    rows: list[list[Any]] = [[f"# {line}"] for line in _intro(spec)]
    for doc in column_docs(spec):
        need = _("required") if doc.required else _("optional")
        text = f"# {doc.name} ({need}, {doc.datatype}): {doc.description}"
        if doc.allowed:
            text += " " + _("Allowed: %(values)s.") % {"values": _allowed_text(doc)}
        rows.append([text])
    rows.append(spec.names)
    return csv_text(rows, bom=True)


# Rows of the 'data' sheet that offer the drop-down lists (a template is filled in by hand).
VALIDATED_ROWS = 5000


def template_xlsx(kind: str) -> bytes:
    """The XLSX template: a 'data' sheet with the header and a drop-down list on each column with a code
    list, a 'README' sheet documenting each column, and the code lists on a hidden 'codes' sheet."""
    spec = KINDS[kind]
    workbook = openpyxl.Workbook()
    data = workbook.active
    data.title = "data"
    data.append(spec.names)
    for cell in data[1]:
        cell.font = Font(bold=True)
    data.freeze_panes = "A2"
    readme = workbook.create_sheet("README")
    for line in [[text] for text in _intro(spec, fmt="xlsx")] + [[]] + readme_rows(spec):
        readme.append(line)
    codes = workbook.create_sheet("codes")
    codes.sheet_state = "hidden"
    for index, doc in enumerate(column_docs(spec), start=1):
        if not doc.allowed or doc.datatype == "countries":  # a list of several codes cannot be one choice
            continue
        letter = get_column_letter(index)
        codes.cell(row=1, column=index, value=doc.name)
        for number, (value, _label) in enumerate(doc.allowed, start=2):
            codes.cell(row=number, column=index, value=value)
        rule = DataValidation(
            type="list",
            formula1=f"codes!${letter}$2:${letter}${len(doc.allowed) + 1}",
            allow_blank=not doc.required,
            showErrorMessage=True,
            errorTitle=_("Not in the list"),
            error=_("Choose a value of the list for %(column)s (see the README sheet).") % {"column": doc.name},
        )
        rule.add(f"{letter}2:{letter}{VALIDATED_ROWS + 1}")
        data.add_data_validation(rule)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
