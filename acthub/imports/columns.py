"""Matching a file's header to a kind's columns, directly or through a saved column mapping."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping

from django.utils.translation import gettext as _

from acthub.imports.kinds.base import RowError
from acthub.imports.specs import KindSpec

Positions = list[int | None]


def normalise(header: str) -> str:
    """'Person key', 'person-key' and 'PERSON_KEY' all name the column person_key."""
    return re.sub(r"[\s\-]+", "_", header.strip().casefold())


def header_positions(spec: KindSpec, header: list[str], row: int) -> tuple[Positions, list[RowError]]:
    """For each spec column, its index in the file's header (None when left out), and what is wrong."""
    names = [spec.aliases.get(n, n) for n in (normalise(h) for h in header)]
    errors: list[RowError] = []
    doubles = sorted(name for name, count in Counter(n for n in names if n).items() if count > 1)
    if doubles:
        errors.append(
            RowError(
                row, ", ".join(doubles), _("Column(s) named more than once: %(names)s.") % {"names": ", ".join(doubles)}
            )
        )
    known = set(spec.names)
    unknown = [h for h, n in zip(header, names, strict=True) if n not in known and n not in spec.ignored]
    if unknown:
        errors.append(
            RowError(
                row,
                ", ".join(unknown) or _("(empty)"),
                _("Unknown column(s): %(unknown)s. The columns of %(kind)s are: %(known)s.")
                % {
                    "unknown": ", ".join(repr(u) for u in unknown),
                    "kind": spec.kind,
                    "known": ", ".join(spec.names),
                },
            )
        )
    position = {n: i for i, n in reversed(list(enumerate(names)))}
    needed = spec.names if spec.fixed_header else [c.name for c in spec.columns if c.required]
    missing = [name for name in needed if name not in position]
    if missing:
        errors.append(
            RowError(row, ", ".join(missing), _("Missing column(s): %(names)s.") % {"names": ", ".join(missing)})
        )
    return [position.get(name) for name in spec.names], errors


def mapped_positions(
    spec: KindSpec, mapping: Mapping[str, str], header: list[str], row: int
) -> tuple[Positions, list[RowError]]:
    """Positions through a mapping {target column: source header}; unmapped source columns are ignored.

    A source header matches exactly (case and spacing aside) or, failing that, by its last path
    segment, as KoboToolbox prefixes questions in groups ("group_people/sex").
    """
    names = [h.strip().casefold() for h in header]
    exact = {n: i for i, n in reversed(list(enumerate(names)))}
    tails: dict[str, list[int]] = {}
    for i, n in enumerate(names):
        tails.setdefault(n.rsplit("/", 1)[-1], []).append(i)
    errors: list[RowError] = []
    positions: Positions = []
    for column in spec.columns:
        source = (mapping.get(column.name) or "").strip()
        if not source:
            if column.required:
                errors.append(
                    RowError(
                        row,
                        column.name,
                        _("The column mapping gives no source for %(column)s.") % {"column": column.name},
                    )
                )
            positions.append(None)
            continue
        key = source.casefold()
        index = exact.get(key)
        if index is None and len(tails.get(key.rsplit("/", 1)[-1], [])) == 1:
            index = tails[key.rsplit("/", 1)[-1]][0]
        if index is None:
            errors.append(
                RowError(
                    row,
                    source,
                    _("The export has no column %(source)s (mapped to %(column)s).")
                    % {"source": repr(source), "column": column.name},
                )
            )
        positions.append(index)
    return positions, errors
