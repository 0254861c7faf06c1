"""Templates to download per kind (CSV and XLSX) and the column documentation, all from the specs.

The CSV template opens with '#' comment rows documenting each column: the reader skips them, so
the template can be filled in and imported as it is. The XLSX template has a README sheet instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from acthub.core.exports import csv_text, xlsx_bytes
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


def _intro(spec: KindSpec) -> list[str]:
    lines = [
        _("acthub import template: %(kind)s.") % {"kind": spec.kind},
        str(spec.description),
        _("Save as CSV UTF-8. Rows starting with # above the header are ignored; do not change the header."),
    ]
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


def template_xlsx(kind: str) -> bytes:
    """The XLSX template: a 'data' sheet with the header, and a 'README' sheet documenting each column."""
    spec = KINDS[kind]
    readme: list[list[Any]] = [[line] for line in _intro(spec)] + [[]] + readme_rows(spec)
    return xlsx_bytes({"data": [spec.names], "README": readme})
