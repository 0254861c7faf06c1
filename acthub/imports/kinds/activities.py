"""Rows of the `activities` kind: one activity each, identified by (program, code)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils.translation import gettext as _

from acthub.activities.choices import Mode
from acthub.imports.choices import ImportKind
from acthub.imports.kinds.base import (
    ERROR,
    NEW,
    REGION,
    UNCHANGED,
    CellError,
    ChunkResult,
    Handler,
    RowError,
    _quote,
    parse_date,
)
from acthub.imports.specs import KINDS


@dataclass(frozen=True)
class ActivityRow:
    """An activity as a row describes it, comparable with one read from the database."""

    code: str
    kind: str
    title: str
    start_date: date
    end_date: date
    is_regional: bool
    countries: frozenset[int]
    mode: str
    topics: tuple[str, ...]
    project_id: int | None
    organisers: frozenset[int]
    source_document: str


COMPARED = (
    "kind",
    "title",
    "start_date",
    "end_date",
    "is_regional",
    "countries",
    "mode",
    "topics",
    "project_id",
    "organisers",
    "source_document",
)
COLUMN_OF = {
    "start_date": "start_date",
    "end_date": "end_date",
    "is_regional": "countries",
    "project_id": "project",
    "source_document": "source",
}


def split_list(text: str) -> list[str]:
    """';'-separated items, trimmed, empty ones dropped."""
    return [item.strip() for item in text.split(";") if item.strip()]


class ActivitiesHandler(Handler):
    """One activity per row; natural key (program, code). Countries and organisers are many-to-many."""

    spec = KINDS[ImportKind.ACTIVITIES]

    def validate(self, rows: list[tuple[int, list[str]]], errors: list[RowError]) -> ChunkResult:
        statuses = [ERROR] * len(rows)
        valid: list[tuple[int, int, ActivityRow]] = []
        for i, (n, row) in enumerate(rows):
            before = len(errors)
            parsed = self._parse(n, row, errors)
            if len(errors) > before or parsed is None:
                continue
            if hash(parsed.code) in self.seen:
                errors.append(
                    RowError(n, "code", _("Activity %(code)s appears twice in this file.") % {"code": parsed.code})
                )
                continue
            self.seen.add(hash(parsed.code))
            valid.append((i, n, parsed))
        result = ChunkResult(statuses)
        existing = self._existing({p.code for _i, _n, p in valid})
        for i, n, parsed in valid:
            old = existing.get(parsed.code)
            if old is None:
                statuses[i] = NEW
                result.pending.append(parsed)
                continue
            changed = [name for name in COMPARED if getattr(old, name) != getattr(parsed, name)]
            if changed:
                columns = sorted({COLUMN_OF.get(name, name) for name in changed})
                errors.append(
                    RowError(
                        n,
                        columns[0],
                        _(
                            "Activity %(code)s already exists with other values (%(columns)s); change it in the staff "
                            "workspace."
                        )
                        % {"code": parsed.code, "columns": ", ".join(columns)},
                    )
                )
            else:
                statuses[i] = UNCHANGED
        return result

    def _parse(self, n: int, row: list[str], errors: list[RowError]) -> ActivityRow | None:
        ix = self.index
        values: dict[str, Any] = {}
        for column, limit in (("code", 64), ("title", 255), ("source", 200)):
            text = row[ix[column]]
            if not text and self.spec.column(column).required:
                self.required(errors, n, column)
            elif len(text) > limit:
                errors.append(RowError(n, column, _("At most %(limit)s characters.") % {"limit": limit}))
            values[column] = text
        for column, default in (("kind", ""), ("mode", str(Mode.IN_PERSON))):
            text = row[ix[column]]
            if not text and self.spec.column(column).required:
                self.required(errors, n, column)
                continue
            try:
                values[column] = self.code(column, text, default)
            except CellError as exc:
                errors.append(RowError(n, column, str(exc)))
        for column in ("start_date", "end_date"):
            text = row[ix[column]]
            if not text:
                self.required(errors, n, column)
                continue
            try:
                values[column] = parse_date(text)
            except CellError as exc:
                errors.append(RowError(n, column, str(exc)))
        start, end = values.get("start_date"), values.get("end_date")
        if start and end and end < start:
            errors.append(
                RowError(
                    n,
                    "end_date",
                    _("The activity ends (%(end)s) before it starts (%(start)s).") % {"end": end, "start": start},
                )
            )
        regional, countries = self._countries(n, row[ix["countries"]], errors)
        project_id = None
        if row[ix["project"]]:
            try:
                project_id = self.lookups.project(row[ix["project"]])
            except CellError as exc:
                errors.append(RowError(n, "project", str(exc)))
        organisers = set()
        first_country = min(countries) if len(countries) == 1 else None
        for name in split_list(row[ix["organisers"]]):
            try:
                organisers.add(self.lookups.organisation(name, first_country))
            except CellError as exc:
                errors.append(RowError(n, "organisers", str(exc)))
        if {"kind", "mode", "start_date", "end_date"} - set(values):
            return None
        return ActivityRow(
            code=values["code"],
            kind=values["kind"],
            title=values["title"],
            start_date=values["start_date"],
            end_date=values["end_date"],
            is_regional=regional,
            countries=frozenset(countries),
            mode=values["mode"],
            topics=tuple(split_list(row[ix["topics"]])),
            project_id=project_id,
            organisers=frozenset(organisers),
            source_document=values["source"],
        )

    def _countries(self, n: int, text: str, errors: list[RowError]) -> tuple[bool, set[int]]:
        if not text:
            self.required(errors, n, "countries")
            return False, set()
        regional, countries, before = False, set(), len(errors)
        for code in split_list(text.replace(",", ";")):
            if code.upper() == REGION:
                regional = True
                if self.ctx.allowed_countries is not None:
                    errors.append(RowError(n, "countries", self.scope_error(REGION)))
                continue
            try:
                pk = self.lookups.country(code)
            except CellError as exc:
                errors.append(RowError(n, "countries", str(exc)))
                continue
            if not self.in_scope(pk):
                errors.append(RowError(n, "countries", self.scope_error(code.upper())))
            countries.add(pk)
        if not regional and not countries and len(errors) == before:
            errors.append(
                RowError(n, "countries", _("Give country codes or REGION (got %(v)s).") % {"v": _quote(text)})
            )
        return regional, countries

    def _existing(self, codes: set[str]) -> dict[str, ActivityRow]:
        from acthub.activities.models import Activity

        if not codes:
            return {}
        visible = self.lookups.visible(Activity.objects.filter(program=self.lookups.program, code__in=codes))
        found = visible.prefetch_related("countries", "organisers")
        return {
            a.code: ActivityRow(
                code=a.code,
                kind=a.kind,
                title=a.title,
                start_date=a.start_date,
                end_date=a.end_date,
                is_regional=a.is_regional,
                countries=frozenset(c.pk for c in a.countries.all()),
                mode=a.mode,
                topics=tuple(a.topics or ()),
                project_id=a.project_id,
                organisers=frozenset(o.pk for o in a.organisers.all()),
                source_document=a.source_document,
            )
            for a in found
        }

    def write(self, chunk: ChunkResult) -> None:
        from acthub.activities.models import Activity

        rows: list[ActivityRow] = chunk.pending
        if not rows:
            return
        created = Activity.objects.bulk_create(
            [
                Activity(
                    program=self.lookups.program,
                    code=r.code,
                    kind=r.kind,
                    title=r.title,
                    start_date=r.start_date,
                    end_date=r.end_date,
                    is_regional=r.is_regional,
                    mode=r.mode,
                    topics=list(r.topics),
                    project_id=r.project_id,
                    source_document=r.source_document,
                    is_synthetic=self.ctx.synthetic,
                    import_job_id=self.ctx.job.pk,
                    is_pending=self.ctx.pending,
                )
                for r in rows
            ],
            batch_size=500,
        )
        countries = Activity.countries.through
        organisers = Activity.organisers.through
        countries.objects.bulk_create(
            [
                countries(activity_id=a.pk, country_id=c)
                for a, r in zip(created, rows, strict=True)
                for c in r.countries
            ],
            batch_size=1000,
        )
        organisers.objects.bulk_create(
            [
                organisers(activity_id=a.pk, organisation_id=o)
                for a, r in zip(created, rows, strict=True)
                for o in r.organisers
            ],
            batch_size=1000,
        )
