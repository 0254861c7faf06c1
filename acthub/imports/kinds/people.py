"""Rows about people: `participants` (one row per person and activity) and `attendance` (counts).

Both share the same dimensions (sex, age band, disability, organisation, agency type, sector, country,
role) so that both aggregate alike. The participant path is the hot one: it is written to stay fast
at millions of rows (one pass over the cells, two bulk queries per chunk, COPY on PostgreSQL).
"""

from __future__ import annotations

import re
from typing import Any

from django.db import connection
from django.utils.translation import gettext as _

from acthub.activities.choices import AgeBand, AgencyType, ParticipantRole, Sector, Sex
from acthub.imports.choices import ImportKind
from acthub.imports.kinds.base import (
    BOOLEANS,
    ERROR,
    NEW,
    UNCHANGED,
    ActivityInfo,
    CellError,
    ChunkResult,
    Handler,
    RowError,
    _quote,
    parse_count,
    parse_date,
)
from acthub.imports.specs import KINDS

PERSON_KEY_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$")
STATE_AGENCIES = {
    AgencyType.POLICE,
    AgencyType.PROSECUTION,
    AgencyType.JUDICIARY,
    AgencyType.SOCIAL_WELFARE,
    AgencyType.LABOUR,
    AgencyType.IMMIGRATION,
    AgencyType.OTHER_GOVERNMENT,
}
NON_STATE_AGENCIES = {
    AgencyType.CIVIL_SOCIETY,
    AgencyType.INTERNATIONAL,
    AgencyType.ACADEMIA,
    AgencyType.PRIVATE_SECTOR,
}
# The dimension fields, in the order `dimensions()` returns them.
DIMENSIONS = ("sex", "age_band", "has_disability", "organisation_id", "agency_type", "sector", "country_id", "role")
COUNTRY = DIMENSIONS.index("country_id")
# From this many rows on, a participant import writes with COPY (PostgreSQL) or one executemany.
FAST_MIN_ROWS = 5000


def derived_sector(agency_type: str) -> str:
    """State or non-state, as the agency type implies; empty when it does not say."""
    if agency_type in STATE_AGENCIES:
        return str(Sector.STATE)
    if agency_type in NON_STATE_AGENCIES:
        return str(Sector.NON_STATE)
    return ""


class PeopleHandler(Handler):
    """The dimension parsing participants and attendance share."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        ix = self.index
        self.i_activity, self.i_country = ix["activity"], ix["country"]
        self.i_sex, self.i_age, self.i_disability = ix["sex"], ix["age_band"], ix["has_disability"]
        self.i_org, self.i_agency, self.i_sector = ix["organisation"], ix["agency_type"], ix["sector"]
        self.i_role, self.i_date = ix["role"], ix["date"]
        # (column, index, default when empty) of the coded dimensions, in the order dimensions() unpacks.
        self.coded = (
            ("sex", ix["sex"], str(Sex.NOT_RECORDED)),
            ("age_band", ix["age_band"], str(AgeBand.UNKNOWN)),
            ("agency_type", ix["agency_type"], ""),
            ("sector", ix["sector"], ""),
            ("role", ix["role"], str(ParticipantRole.TRAINEE)),
        )

    def activity(self, n: int, row: list[str], acts: dict[str, ActivityInfo | None], errors: list[RowError]) -> Any:
        code = row[self.i_activity]
        if not code:
            self.required(errors, n, "activity")
            return None
        act = acts.get(code)
        if act is None:
            errors.append(RowError(n, "activity", _("Unknown activity code %(code)s.") % {"code": _quote(code)}))
        return act

    def dimensions(self, n: int, row: list[str], act: ActivityInfo | None, errors: list[RowError]) -> tuple[Any, ...]:
        """The row's dimensions in DIMENSIONS order; problems go to `errors`.

        The hot loop of large imports: code lists are plain dict lookups, the exact code first.
        """
        country_id = None
        text = row[self.i_country]
        if not text:
            self.required(errors, n, "country")
        else:
            country_id = self.lookups.countries.get(text) or self.lookups.countries.get(text.upper())
            if country_id is None:
                errors.append(RowError(n, "country", _("Unknown country code %(code)s.") % {"code": _quote(text)}))
            elif not self.in_scope(country_id):
                errors.append(RowError(n, "country", self.scope_error(text.upper())))
        sex, age, agency, sector, role = [self._coded(n, row, errors, *spec) for spec in self.coded]
        disability = org = None
        text = row[self.i_disability]
        if text:
            disability = BOOLEANS.get(text)
            if disability is None:
                disability = BOOLEANS.get(text.casefold())
                if disability is None:
                    errors.append(
                        RowError(n, "has_disability", _("%(value)s is not yes or no.") % {"value": _quote(text)})
                    )
        if not sector:
            sector = derived_sector(agency)
        if row[self.i_org]:
            try:
                org = self.lookups.organisation(row[self.i_org], country_id)
            except CellError as exc:
                errors.append(RowError(n, "organisation", str(exc)))
        if row[self.i_date]:
            self._check_date(n, row[self.i_date], act, errors)
        return (sex, age, disability, org, agency, sector, country_id, role)

    def _coded(self, n: int, row: list[str], errors: list[RowError], column: str, index: int, default: str) -> str:
        text = row[index]
        if not text:
            return default
        mapping = self.codes[column]
        value = mapping.get(text)
        if value is None:
            try:
                value = self.code(column, text)
            except CellError as exc:
                errors.append(RowError(n, column, str(exc)))
                return default
        return value

    @staticmethod
    def _check_date(n: int, text: str, act: ActivityInfo | None, errors: list[RowError]) -> None:
        try:
            day = parse_date(text)
        except CellError as exc:
            errors.append(RowError(n, "date", str(exc)))
            return
        if act is not None and not act.start <= day <= act.end:
            errors.append(
                RowError(
                    n,
                    "date",
                    _("%(day)s is outside the activity %(code)s (%(start)s to %(end)s).")
                    % {"day": day, "code": act.code, "start": act.start, "end": act.end},
                )
            )

    def difference(self, old: tuple[Any, ...], new: tuple[Any, ...]) -> tuple[str, str]:
        """The first dimension that differs, as (column, 'database value -> file value')."""
        codes = self.lookups.country_codes
        for name, a, b in zip(DIMENSIONS, old, new, strict=True):
            if a != b:
                if name == "country_id":
                    a, b = codes.get(a, a), codes.get(b, b)
                column = name.removesuffix("_id")
                return column, f"{a if a not in (None, '') else '-'} -> {b if b not in (None, '') else '-'}"
        return "", ""


class ParticipantsHandler(PeopleHandler):
    """One row per person and activity; natural key (activity, person_key)."""

    spec = KINDS[ImportKind.PARTICIPANTS]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.i_key, self.i_name, self.i_phone = self.index["person_key"], self.index["name"], self.index["phone"]
        # person key -> hash of the identifying details given for it earlier in the file, and the keys
        # whose identity this run creates (only rows that carry details are remembered).
        self.identities_seen: dict[tuple[int, str], int] = {}
        self.identities_scheduled: set[tuple[int, str]] = set()
        # activity id -> whether it had participants before this job wrote any.
        self.populated: dict[int, bool] = {}
        # Large jobs write without model instances (small ones keep bulk_create and its conversions).
        self.fast = self.ctx.job.total_rows >= FAST_MIN_ROWS

    def validate(self, rows: list[tuple[int, list[str]]], errors: list[RowError]) -> ChunkResult:
        statuses = [ERROR] * len(rows)
        acts = self.lookups.activities({r[self.i_activity] for _n, r in rows})
        valid: list[tuple[int, int, int, str, tuple[Any, ...], str, str]] = []
        seen = self.seen
        for i, (n, row) in enumerate(rows):
            before = len(errors)
            act = self.activity(n, row, acts, errors)
            key = row[self.i_key]
            if not key:
                self.required(errors, n, "person_key")
            elif not PERSON_KEY_RE.match(key):
                errors.append(
                    RowError(
                        n,
                        "person_key",
                        _("%(key)s is not a person key: 1-64 letters, digits, '.', '_', ':' or '-'.")
                        % {"key": _quote(key)},
                    )
                )
            dims = self.dimensions(n, row, act, errors)
            if len(errors) > before or act is None:
                continue
            natural = hash((act.id, dims[COUNTRY], key))
            if natural in seen:
                errors.append(
                    RowError(
                        n,
                        "person_key",
                        _("Person %(key)s appears more than once for activity %(code)s in this file.")
                        % {"key": key, "code": act.code},
                    )
                )
                continue
            seen.add(natural)
            valid.append((i, n, act.id, key, dims, row[self.i_name], row[self.i_phone]))
        return self._against_database(valid, statuses, errors)

    def _against_database(
        self,
        valid: list[tuple[int, int, int, str, tuple[Any, ...], str, str]],
        statuses: list[str],
        errors: list[RowError],
    ) -> ChunkResult:
        from acthub.activities.models import PersonIdentity

        result = ChunkResult(statuses)
        if not valid:
            return result
        existing = self._existing(valid)
        # Identities are per country: only those of the rows' own countries (in scope, checked above)
        # are ever compared, so another country's people cannot be probed by guessing their details.
        with_details = {(v[4][COUNTRY], v[3]) for v in valid if v[5] or v[6]}
        known_identities: dict[tuple[int, str], dict[str, Any]] = {}
        if with_details:
            identities_found = self.lookups.visible(
                PersonIdentity.objects.filter(
                    country_id__in={c for c, _k in with_details}, person_key__in={k for _c, k in with_details}
                )
            )
            for identity in identities_found:
                known_identities[(identity.country_id, identity.person_key)] = identity.details()
        identities: list[tuple[str, int, str, str]] = []
        for i, n, act_id, key, dims, name, phone in valid:
            old = existing.get((act_id, dims[COUNTRY], key))
            status = NEW if old is None else UNCHANGED
            if old is not None and old != dims:
                column, change = self.difference(old, dims)
                errors.append(
                    RowError(
                        n,
                        column,
                        _("Person %(key)s is already recorded for this activity with other values (%(change)s).")
                        % {"key": key, "change": change},
                    )
                )
                continue
            if name or phone:
                person = (dims[COUNTRY], key)
                problem = self._identity(person, name, phone, known_identities)
                if problem:
                    errors.append(RowError(n, "name" if name else "phone", problem))
                    continue
                if person not in known_identities and person not in self.identities_scheduled:
                    self.identities_scheduled.add(person)
                    identities.append((key, dims[COUNTRY], name, phone))
                    status = NEW
            statuses[i] = status
            if old is None:
                result.pending.append((act_id, key, *dims))
        result.extra = identities
        return result

    def _existing(self, valid: list[tuple[Any, ...]]) -> dict[tuple[int, int, str], tuple[Any, ...]]:
        """Rows already stored for these (activity, country, person), by that triple, in the user's scope.

        A person key names a person within a country: another country's row under the same key is
        another person, never looked at (so never an answer that tells it exists).

        Only activities that had participants before this job are looked up: within the job, repeats
        are caught by `seen`, so a fresh activity (the common case of a large import) costs no query.
        """
        from django.db.models import OuterRef, Subquery

        from acthub.activities.models import Activity, Participation

        activity_ids = {v[2] for v in valid}
        unknown = activity_ids - self.populated.keys()
        if unknown:
            # One probe of the (activity, person) index per activity. Asked as "activity_id IN (...)",
            # PostgreSQL plans a scan of the whole table, whose statistics lag behind a large import.
            first = Participation.objects.filter(activity_id=OuterRef("pk")).values("pk")[:1]
            found = Activity.objects.filter(pk__in=unknown).annotate(first=Subquery(first)).values_list("pk", "first")
            self.populated.update((pk, row is not None) for pk, row in found)
        populated = {pk for pk in activity_ids if self.populated[pk]}
        if not populated:
            return {}
        wanted = [v for v in valid if v[2] in populated]
        rows = self.lookups.visible(
            Participation.objects.filter(
                activity_id__in=populated,
                person_key__in={v[3] for v in wanted},
                country_id__in={v[4][COUNTRY] for v in wanted},
            )
        ).values_list("activity_id", "person_key", *DIMENSIONS)
        return {(values[0], values[2 + COUNTRY], values[1]): values[2:] for values in rows}

    def _identity(
        self, person: tuple[int, str], name: str, phone: str, known: dict[tuple[int, str], dict[str, Any]]
    ) -> str:
        """Why these identifying details cannot be taken (empty: they can); never echoes the details."""
        key = person[1]
        wanted = {"name": name or None, "phone": phone or None}
        if person in known:
            if known[person] != wanted:
                return _(
                    "Other identifying details are on record for person %(key)s; correct them in the staff workspace."
                ) % {"key": key}
            return ""
        digest = hash((name, phone))
        earlier = self.identities_seen.setdefault(person, digest)
        if earlier != digest:
            return _("Person %(key)s has other identifying details earlier in this file.") % {"key": key}
        return ""

    def write(self, chunk: ChunkResult) -> None:
        from acthub.activities.models import Participation, PersonIdentity

        if chunk.extra:
            people = []
            for key, country_id, name, phone in chunk.extra:
                identity = PersonIdentity(person_key=key, country_id=country_id, import_job_id=self.ctx.job.pk)
                identity.set_details(name=name or None, phone=phone or None)
                people.append(identity)
            PersonIdentity.objects.bulk_create(people, batch_size=1000)
        if not chunk.pending:
            return
        if self.fast:
            self._fast_insert(chunk.pending)
            return
        job_id, synthetic = self.ctx.job.pk, self.ctx.synthetic
        Participation.objects.bulk_create(
            [
                Participation(
                    activity_id=act_id,
                    person_key=key,
                    sex=sex,
                    age_band=age,
                    has_disability=disability,
                    organisation_id=org,
                    agency_type=agency,
                    sector=sector,
                    country_id=country_id,
                    role=role,
                    import_job_id=job_id,
                    is_synthetic=synthetic,
                    is_pending=self.ctx.pending,
                )
                for act_id, key, sex, age, disability, org, agency, sector, country_id, role in chunk.pending
            ],
            batch_size=1000,
        )

    def _fast_insert(self, pending: list[tuple[Any, ...]]) -> None:
        """Large jobs skip model instances: COPY on PostgreSQL, one executemany INSERT elsewhere.

        Both run on the job's connection, inside its transaction, with values the validation produced.
        """
        from acthub.activities.models import Participation

        meta = Participation._meta
        known = [
            "activity_id",
            "person_key",
            *DIMENSIONS,
            "import_job_id",
            "is_synthetic",
            "is_pending",
            "created",
            "last_updated",
        ]
        # Columns added to the model later are filled with their default, so that this keeps working.
        others = [f for f in meta.concrete_fields if not f.primary_key and f.attname not in known]
        quote = connection.ops.quote_name
        column_of = {f.attname: f.column for f in meta.concrete_fields}
        columns = [quote(column_of[name]) for name in known] + [quote(f.column) for f in others]
        table = quote(meta.db_table)
        defaults = [f.get_db_prep_save(f.get_default(), connection) for f in others]
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                tail = (self.ctx.job.pk, self.ctx.synthetic, self.ctx.pending, self.ctx.now, self.ctx.now, *defaults)
                with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                    for values in pending:
                        copy.write_row((*values, *tail))
                return
            now = connection.ops.adapt_datetimefield_value(self.ctx.now)
            tail = (self.ctx.job.pk, self.ctx.synthetic, self.ctx.pending, now, now, *defaults)
            marks = ", ".join(["%s"] * len(columns))
            sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})"  # noqa: S608 - names are quoted
            cursor.executemany(sql, [(*values, *tail) for values in pending])


class AttendanceHandler(PeopleHandler):
    """Counts per activity and combination of dimensions; natural key = the table's unique cell."""

    spec = KINDS[ImportKind.ATTENDANCE]

    def validate(self, rows: list[tuple[int, list[str]]], errors: list[RowError]) -> ChunkResult:
        from acthub.activities.models import AttendanceCount

        statuses = [ERROR] * len(rows)
        acts = self.lookups.activities({r[self.i_activity] for _n, r in rows})
        i_count = self.index["count"]
        valid = []
        for i, (n, row) in enumerate(rows):
            before = len(errors)
            act = self.activity(n, row, acts, errors)
            dims = self.dimensions(n, row, act, errors)
            count = 0
            if not row[i_count]:
                self.required(errors, n, "count")
            else:
                try:
                    count = parse_count(row[i_count])
                except CellError as exc:
                    errors.append(RowError(n, "count", str(exc)))
            if len(errors) > before or act is None:
                continue
            cell = self._cell(act.id, dims)
            if hash(cell) in self.seen:
                errors.append(RowError(n, "activity", _("The same activity and dimensions appear twice in this file.")))
                continue
            self.seen.add(hash(cell))
            valid.append((i, n, cell, count, dims))
        result = ChunkResult(statuses)
        if not valid:
            return result
        existing = {
            (v[0], v[1], v[2], v[3], v[4], v[5], v[6]): (v[7], v[8], v[9])
            for v in AttendanceCount.objects.filter(activity_id__in={c[2][0] for c in valid}).values_list(
                "activity_id",
                "country_id",
                "sex",
                "age_band",
                "agency_type",
                "sector",
                "role",
                "count",
                "organisation_id",
                "has_disability",
            )
        }
        for i, n, cell, count, dims in valid:
            old = existing.get(cell)
            if old is None:
                statuses[i] = NEW
                result.pending.append((cell[0], count, dims))
            elif old == (count, dims[3], dims[2]):
                statuses[i] = UNCHANGED
            else:
                errors.append(
                    RowError(
                        n,
                        "count",
                        _("A count for this activity and dimensions is already recorded (%(old)s, file: %(new)s).")
                        % {"old": old[0], "new": count},
                    )
                )
        return result

    @staticmethod
    def _cell(activity_id: int, dims: tuple[Any, ...]) -> tuple[Any, ...]:
        sex, age, _disability, _org, agency, sector, country_id, role = dims
        return (activity_id, country_id, sex, age, agency, sector, role)

    def write(self, chunk: ChunkResult) -> None:
        from acthub.activities.models import AttendanceCount

        AttendanceCount.objects.bulk_create(
            [
                AttendanceCount(
                    activity_id=act_id,
                    count=count,
                    sex=sex,
                    age_band=age,
                    has_disability=disability,
                    organisation_id=org,
                    agency_type=agency,
                    sector=sector,
                    country_id=country_id,
                    role=role,
                    import_job_id=self.ctx.job.pk,
                    is_synthetic=self.ctx.synthetic,
                    is_pending=self.ctx.pending,
                )
                for act_id, count, (sex, age, disability, org, agency, sector, country_id, role) in chunk.pending
            ],
            batch_size=1000,
        )
