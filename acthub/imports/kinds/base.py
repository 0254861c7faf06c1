"""What every kind's rows share: the context of a run, bulk lookups, cell parsers, and the handler base.

Handlers validate rows a chunk at a time: every lookup a chunk needs is one query (or a cached dict),
never one per row, so that a million rows cost a few hundred queries.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any, ClassVar, NamedTuple

from django.utils.translation import gettext as _

from acthub.core.querysets import VIEW
from acthub.imports.specs import KindSpec, code_map

NEW, UNCHANGED, ERROR = "new", "unchanged", "error"
REGION = "REGION"
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}(?:$|[T ])")
BOOLEANS = {"yes": True, "y": True, "true": True, "1": True, "no": False, "n": False, "false": False, "0": False}


class RowError(NamedTuple):
    """One problem: the row number in the file (1 = header), the column, and the reason."""

    row: int
    column: str
    reason: str

    def as_dict(self) -> dict[str, Any]:
        """The error as stored on the job (JSON)."""
        return {"row": self.row, "column": self.column, "reason": self.reason}


class CellError(Exception):
    """A cell's value is not acceptable; the message is the reason shown to the user."""


@dataclass
class Context:
    """One run of one job: whose scope applies, what is being imported, and into which program."""

    program: Any
    user: Any
    allowed_countries: set[int] | None
    job: Any
    now: datetime
    synthetic: bool = False
    # Rows of an import wait for approval before they are published (acthub.approvals), unless the job
    # is approved in the same step as its commit (`import_data --approve`).
    pending: bool = True


@dataclass
class ChunkResult:
    """A validated chunk: one status per row, and what to write when committing."""

    statuses: list[str]
    pending: list[Any] = field(default_factory=list)
    extra: list[Any] = field(default_factory=list)


@dataclass(frozen=True)
class ActivityInfo:
    """What rows about people need to know of their activity."""

    id: int
    code: str
    start: date
    end: date


class Lookups:
    """Reference data by the codes files use, loaded once per run or in bulk per chunk.

    Every lookup of records goes through the acting user's restricted queryset (`visible`): a record
    outside their scope gets exactly the answer of one that does not exist. The handler binds the
    run's user before the first lookup (`bind`); the system (a command run without --user) sees all.
    """

    def __init__(self, program: Any) -> None:
        from acthub.core.models import Country

        self.program = program
        self._bound = False
        self.user: Any = None
        self.countries: dict[str, int] = {code.upper(): pk for code, pk in Country.objects.values_list("code", "pk")}
        self.country_codes = {pk: code for code, pk in self.countries.items()}
        self._activities: dict[str, ActivityInfo | None] = {}
        self._organisations: dict[str, list[tuple[int, int | None]]] | None = None
        self._projects: dict[str, int] | None = None

    def bind(self, user: Any) -> None:
        """Scope every later lookup to `user` (None: the system, which sees every record)."""
        self.user, self._bound = user, True

    def visible(self, queryset: Any) -> Any:
        """`queryset` narrowed to what the bound user may see; refuses to run before `bind`."""
        if not self._bound:
            raise RuntimeError("Lookups used before bind(): the acting user's scope is unknown")
        return queryset if self.user is None else queryset.restrict(self.user, VIEW)

    def country(self, text: str) -> int:
        """The id of a country code; CellError when unknown."""
        pk = self.countries.get(text) or self.countries.get(text.upper())
        if pk is None:
            raise CellError(_("Unknown country code %(code)s.") % {"code": _quote(text)})
        return pk

    def activities(self, codes: Iterable[str]) -> dict[str, ActivityInfo | None]:
        """The program's activities by code; one query for the codes not seen before."""
        from acthub.activities.models import Activity

        wanted = {c for c in codes if c and c not in self._activities}
        if wanted:
            found = self.visible(Activity.objects.filter(program=self.program, code__in=wanted)).values_list(
                "pk", "code", "start_date", "end_date"
            )
            for pk, code, start, end in found:
                self._activities[code] = ActivityInfo(pk, code, start, end)
            for code in wanted - set(self._activities):
                self._activities[code] = None
        return self._activities

    def organisation(self, text: str, country_id: int | None) -> int:
        """An organisation by name or acronym: the one of the row's country first, then a regional one."""
        if self._organisations is None:
            from acthub.directory.models import Organisation

            index: dict[str, list[tuple[int, int | None]]] = {}
            visible = self.visible(Organisation.objects.all())
            for pk, name, acronym, country in visible.values_list("pk", "name", "acronym", "country_id"):
                for label in {name.casefold(), acronym.casefold()} - {""}:
                    index.setdefault(label, []).append((pk, country))
            self._organisations = index
        candidates = self._organisations.get(text.casefold(), [])
        for wanted in (country_id, None):
            match = {pk for pk, country in candidates if country == wanted}
            if len(match) == 1:
                return match.pop()
        if len({pk for pk, _country in candidates}) == 1:
            return candidates[0][0]
        if candidates:
            raise CellError(
                _("%(name)s names several organisations: use the full name as in the directory.")
                % {"name": _quote(text)}
            )
        raise CellError(_("Unknown organisation %(name)s: add it to the directory first.") % {"name": _quote(text)})

    def project(self, title: str) -> int:
        """A project of the program by title (case does not matter)."""
        if self._projects is None:
            from acthub.program.models import Project

            self._projects = {
                t.casefold(): pk
                for pk, t in self.visible(Project.objects.filter(program=self.program)).values_list("pk", "title")
            }
        pk = self._projects.get(title.casefold())
        if pk is None:
            raise CellError(_("Unknown project %(title)s.") % {"title": _quote(title)})
        return pk


def _quote(text: str) -> str:
    """A value quoted for a message, shortened so that a huge cell cannot flood the error list."""
    return repr(text if len(text) <= 60 else text[:57] + "...")


def parse_date(text: str) -> date:
    """YYYY-MM-DD (a datetime's date part is accepted, as KoboToolbox writes them)."""
    if not DATE_RE.match(text):
        raise CellError(_("%(value)s is not a date: write it as YYYY-MM-DD.") % {"value": _quote(text)})
    try:
        return date.fromisoformat(text[:10])
    except ValueError as exc:
        raise CellError(
            _("%(value)s is not a valid date (%(error)s).") % {"value": _quote(text), "error": exc}
        ) from exc


def parse_count(text: str) -> int:
    """A whole number, 0 or more ('12.0' from a spreadsheet is 12)."""
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise CellError(_("%(value)s is not a number.") % {"value": _quote(text)}) from None
    if not number.is_finite() or number != number.to_integral_value():
        raise CellError(_("%(value)s is not a whole number.") % {"value": _quote(text)})
    if number < 0:
        raise CellError(_("%(value)s is negative: a count is 0 or more.") % {"value": _quote(text)})
    if number > 2_147_483_647:
        raise CellError(_("%(value)s is too large.") % {"value": _quote(text)})
    return int(number)


def parse_bool(text: str) -> bool | None:
    """yes/no (true/false, 1/0, y/n); None when empty (unknown)."""
    if not text:
        return None
    value = BOOLEANS.get(text.casefold())
    if value is None:
        raise CellError(_("%(value)s is not yes or no.") % {"value": _quote(text)})
    return value


class Handler:
    """Validates and writes the rows of one kind. Subclasses set `spec` and implement both steps."""

    spec: ClassVar[KindSpec]

    def __init__(self, ctx: Context, lookups: Lookups) -> None:
        self.ctx = ctx
        self.lookups = lookups
        lookups.bind(ctx.user)
        self.index = {name: i for i, name in enumerate(self.spec.names)}
        # Natural keys seen earlier in this file, hashed: a duplicate is reported in O(1) memory per row.
        self.seen: set[int] = set()
        self.codes: dict[str, dict[str, str]] = {}
        for column in self.spec.columns:
            if column.codes is not None:
                self.codes[column.name] = code_map(column.codes)

    def validate(self, rows: list[tuple[int, list[str]]], errors: list[RowError]) -> ChunkResult:
        """Check a chunk of rows (cells in spec order), appending every problem to `errors`."""
        raise NotImplementedError

    def write(self, chunk: ChunkResult) -> None:
        """Write a validated chunk's new records (inside the job's transaction)."""
        raise NotImplementedError

    def finish(self) -> None:
        """Called once after the last chunk is written, still inside the transaction."""

    def notes(self, *, committed: bool) -> list[str]:
        """Lines the job's summary adds after its counts (what the kind did besides the rows)."""
        return []

    # Helpers for subclasses ------------------------------------------------------------------------

    def code(self, column: str, text: str, default: str = "") -> str:
        """A value of the column's code list (code or English label, any case)."""
        if not text:
            return default
        mapping = self.codes[column]
        value = mapping.get(text) or mapping.get(text.casefold())
        if value is None:
            allowed = ", ".join(sorted({v for v in mapping.values() if v}))
            raise CellError(
                _("%(value)s is not an allowed %(column)s: use one of %(allowed)s.")
                % {"value": _quote(text), "column": column, "allowed": allowed}
            )
        return value

    def in_scope(self, country_id: int | None) -> bool:
        """Whether the acting user may import rows of this country."""
        allowed = self.ctx.allowed_countries
        return allowed is None or (country_id is not None and country_id in allowed)

    def scope_error(self, code: str) -> str:
        """The reason given for a row outside the acting user's countries."""
        return _("%(place)s is outside your scope: you may import rows of your own countries only.") % {"place": code}

    @staticmethod
    def required(errors: list[RowError], row: int, column: str) -> None:
        """Report an empty required cell."""
        errors.append(RowError(row, column, _("A value is required.")))
