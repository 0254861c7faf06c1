"""The anonymised case-level export: one row per victim, in HTCDS field names, k-anonymous (k = 11).

Quasi-identifiers (QI): sex, age band, nationality, country, year, exploitation type. Each has a
ladder of generalisations (level 0 is the recorded value; the last level is `*`, the value withheld).
The search starts from every QI at level 0 and, while more rows would have to be suppressed than
`max_suppressed` allows, raises by one the level of the QI whose raise leaves the fewest rows in
classes smaller than k. Rows still in a class smaller than k are then suppressed (left out). Every
class of QI values in the file therefore has at least k rows, and the report says what was done.

The search runs over the histogram of distinct QI tuples, not over the rows, so its cost does not
grow with the number of victims; the rows are read twice (histogram, then the file), streamed.

Field names: HTCDS 2.0 by IOM (CC BY 4.0, see acthub/justice/data/README.md) where the standard has
the field; `acthub_` names for what HTCDS does not define (the case's country and year, the
victim-sensitive measures). `vic_AgeWhenTrafficked` holds the CTDC age band, never the age.
"""

from __future__ import annotations

import csv
import json
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import nullcontext
from dataclasses import dataclass, field
from typing import IO, Any

from django.core.exceptions import EmptyResultSet
from django.db import connections, transaction
from django.db.models import Count, QuerySet
from django.http import StreamingHttpResponse
from django.utils.translation import gettext as _

from acthub.justice.choices import Exploitation, age_band

K = 11
MAX_SUPPRESSED_SHARE = 0.05
WITHHELD = "*"
ASEAN = {"BN", "KH", "ID", "LA", "MY", "MM", "PH", "SG", "TH", "VN", "TL"}
LABOUR = {"ForcedLabour", "ChildLabour", "Servitude", "ForcedBegging"}


def _age_levels(band: str) -> list[str]:
    if band in ("", "unknown"):
        return ["unknown", "unknown", WITHHELD]
    child = band in ("0-8", "9-17")
    return [band, "0-17" if child else "18+", WITHHELD]


def _nationality_levels(code: str) -> list[str]:
    group = "" if not code else ("ASEAN" if code in ASEAN else "non-ASEAN")
    return [code, group, WITHHELD]


def _year_levels(year: str) -> list[str]:
    start = int(year) // 5 * 5
    return [year, f"{start}-{start + 4}", WITHHELD]


def _exploitation_levels(codes: str) -> list[str]:
    """The combination of HTCDS codes; then sexual, labour (forced labour, child labour, servitude, begging) or both."""
    parts = set(codes.split(";")) - {""}
    kinds = {("Labour" if p in LABOUR else p if p == "SexualExploitation" else "Other") for p in parts}
    return [codes, ";".join(sorted(kinds)), WITHHELD]


@dataclass(frozen=True)
class QuasiIdentifier:
    """One QI: its column in the file and its generalisation ladder."""

    name: str
    column: str
    levels: Callable[[str], list[str]]
    described: tuple[str, ...]
    weight: float = 1.0  # how much raising this QI costs the file's readers, relative to the others


QIS: tuple[QuasiIdentifier, ...] = (
    QuasiIdentifier("sex", "prs_Gender", lambda v: [v, WITHHELD], ("HTCDS gender", "withheld"), 3.0),
    QuasiIdentifier(
        "age_band",
        "vic_AgeWhenTrafficked",
        _age_levels,
        ("CTDC age band", "child (0-17) or adult (18+)", "withheld"),
        2.0,
    ),
    QuasiIdentifier(
        "nationality", "prs_Citizenship", _nationality_levels, ("ISO 3166 code", "ASEAN or non-ASEAN", "withheld")
    ),
    QuasiIdentifier("country", "acthub_CaseCountry", lambda v: [v, WITHHELD], ("ISO 3166 code", "withheld"), 4.0),
    QuasiIdentifier("year", "acthub_CaseYear", _year_levels, ("year", "five-year span", "withheld"), 2.0),
    QuasiIdentifier(
        "exploitation",
        "vic_TypeOfExploitation",
        _exploitation_levels,
        ("HTCDS codes", "sexual, labour or other", "withheld"),
    ),
)
MEASURES = (
    ("identity_protected", "acthub_IdentityProtected"),
    ("closed_hearing", "acthub_ClosedHearing"),
    ("times_testified", "acthub_TimesTestified"),
    ("testified_by_video_link", "acthub_TestifiedByVideoLink"),
    ("testified_behind_screen", "acthub_TestifiedBehindScreen"),
    ("testimony_recorded", "acthub_TestimonyRecorded"),
    ("interpreter_needed", "acthub_InterpreterNeeded"),
    ("interpreter_provided", "acthub_InterpreterProvided"),
    ("legal_representation", "acthub_LegalRepresentation"),
    ("informed_of_rights", "acthub_InformedOfRights"),
    ("referred_to_services", "acthub_ReferredToServices"),
    ("medical_examination", "acthub_MedicalOrForensicExamination"),
    ("child_provisions", "acthub_ChildProvisions"),
    ("disability_provisions", "acthub_DisabilityProvisions"),
    ("compensation_requested", "acthub_CompensationRequested"),
    ("non_punishment_applied", "acthub_NonPunishmentApplied"),
)
HEADER = [qi.column for qi in QIS] + ["vic_MethodsOfControl"] + [column for _f, column in MEASURES]
QI_FIELDS = ("gender", "age_at_exploitation", "nationality", "country__code", "case__year", "exploitation_types")


@dataclass
class Plan:
    """The generalisation chosen, and what it costs."""

    k: int
    levels: list[int]
    rows_in: int = 0
    rows_out: int = 0
    suppressed: int = 0
    classes: int = 0
    smallest_class: int = 0
    cache: list[dict[str, str]] = field(default_factory=list, repr=False)
    kept: set[tuple[str, ...]] = field(default_factory=set, repr=False)
    _tuples: dict[tuple[str, ...], tuple[str, ...]] = field(default_factory=dict, repr=False)

    def generalise(self, values: tuple[str, ...]) -> tuple[str, ...]:
        """The QI values at the chosen levels (memoised: few distinct tuples, many rows)."""
        got = self._tuples.get(values)
        if got is None:
            got = self._tuples[values] = self._generalise(values)
        return got

    def _generalise(self, values: tuple[str, ...]) -> tuple[str, ...]:
        out = []
        for i, (qi, value) in enumerate(zip(QIS, values, strict=True)):
            memo = self.cache[i]
            got = memo.get(value)
            if got is None:
                got = memo[value] = qi.levels(value)[self.levels[i]]
            out.append(got)
        return tuple(out)

    def report(self) -> dict[str, Any]:
        """What the export did, for the person who asked for it."""
        return {
            "k": self.k,
            "rows_read": self.rows_in,
            "rows_written": self.rows_out,
            "rows_suppressed": self.suppressed,
            "classes": self.classes,
            "smallest_class": self.smallest_class,
            "generalisation": {
                qi.name: qi.described[min(level, len(qi.described) - 1)]
                for qi, level in zip(QIS, self.levels, strict=True)
            },
        }


_EXPLOITATION_ORDER = {code: i for i, code in enumerate(Exploitation.values)}


def qi_values(row: tuple[Any, ...]) -> tuple[str, ...]:
    """A victim's level-0 QI values from (gender, age, nationality, country, year, exploitation codes)."""
    gender, age, nationality, country, year, exploitation = row
    # The codes in the standard's order, so that one combination has one spelling.
    codes = ";".join(sorted(set(exploitation or ()), key=lambda c: _EXPLOITATION_ORDER.get(c, 99)))
    return (gender or "NonSpecifiedUnknown", age_band(age), nationality or "", country or "", str(year), codes)


def _memo_qi_values() -> Callable[[tuple[Any, ...]], tuple[str, ...]]:
    """qi_values of raw rows (the exploitation codes as the database's JSON text), with a cache.

    The age is banded first (its own small cache), so that the cache of whole tuples holds one entry
    per distinct banded tuple: a few thousand for a million victims, each decoded and banded once.
    """
    cache: dict[tuple[Any, ...], tuple[str, ...]] = {}
    bands: dict[Any, str] = {}

    def values(row: tuple[Any, ...]) -> tuple[str, ...]:
        gender, age, nationality, country, year, text = row
        band = bands.get(age)
        if band is None:
            band = bands[age] = age_band(age)
        key = (gender, band, nationality, country, year, text)
        got = cache.get(key)
        if got is None:
            codes = json.loads(text) if isinstance(text, str) else text
            got = cache[key] = qi_values((gender, age, nationality, country, year, codes))
        return got

    return values


def _raw_rows(values: QuerySet[Any], chunk: int = 5000) -> Iterator[tuple[Any, ...]]:
    """The rows of a `values_list` queryset as the database gives them, streamed in chunks.

    Past the ORM's per-value converters (a boolean is 0/1 on SQLite, a JSON list its text): at 10^6
    rows they were most of the export's time. A server-side cursor on PostgreSQL (`chunked_cursor`),
    so memory stays flat whatever the number of rows.
    """
    try:
        sql, params = values.query.get_compiler(values.db).as_sql()
    except EmptyResultSet:  # `.none()`, or a scope that can hold no row
        return
    connection = connections[values.db]
    # PostgreSQL's server-side cursor needs a transaction. SQLite's does not, and there a transaction
    # would be BEGIN IMMEDIATE (the settings' mode): the one write lock, held while a client downloads,
    # so every other write (the audit of reads included) would wait and fail. One SELECT is one snapshot.
    atomic = transaction.atomic(using=values.db) if connection.vendor == "postgresql" else nullcontext()
    with atomic, connection.chunked_cursor() as cursor:
        cursor.execute(sql, params)
        while batch := cursor.fetchmany(chunk):
            yield from batch


def plan(histogram: Counter[tuple[str, ...]], *, k: int = K, max_suppressed: int | None = None) -> Plan:
    """Choose generalisation levels for a histogram of level-0 QI tuples (see the module's docstring)."""
    total = sum(histogram.values())
    allowed = int(total * MAX_SUPPRESSED_SHARE) if max_suppressed is None else max_suppressed
    levels = [0] * len(QIS)
    tops = [len(qi.described) - 1 for qi in QIS]

    distinct = [sorted({values[i] for values in histogram}) for i in range(len(QIS))]

    def outcome(candidate: list[int]) -> tuple[int, Counter[tuple[str, ...]]]:
        maps = [
            {v: qi.levels(v)[level] for v in distinct[i]}
            for i, (qi, level) in enumerate(zip(QIS, candidate, strict=True))
        ]
        a, b, c, d, e, f = maps
        classes: Counter[tuple[str, ...]] = Counter()
        for (va, vb, vc, vd, ve, vf), count in histogram.items():
            classes[(a[va], b[vb], c[vc], d[vd], e[ve], f[vf])] += count
        return sum(n for n in classes.values() if n < k), classes

    small, classes = outcome(levels)
    while small > allowed and any(level < top for level, top in zip(levels, tops, strict=True)):
        best: tuple[int, int, Counter[tuple[str, ...]], tuple[float, int]] | None = None
        for i, top in enumerate(tops):
            if levels[i] >= top:
                continue
            candidate = levels.copy()
            candidate[i] += 1
            cost, got = outcome(candidate)
            # The most rows brought out of small classes per unit of what the QI is worth to the file's
            # readers (country, year and sex are what indicators are cut by); on a tie, more classes kept.
            score = (-(small - cost) / QIS[i].weight, -len(got))
            if best is None or score < best[3]:
                best = (cost, i, got, score)
        assert best is not None  # noqa: S101 - the loop condition guarantees a QI that can still be raised
        small, raised, classes, _score = best
        levels[raised] += 1
    result = Plan(k, levels, cache=[{} for _ in QIS])
    kept = {values: count for values, count in classes.items() if count >= k}
    result.rows_in = total
    result.suppressed = total - sum(kept.values())
    result.rows_out = total - result.suppressed
    result.classes = len(kept)
    result.smallest_class = min(kept.values(), default=0)
    result.cache = [{} for _ in QIS]
    result.kept = set(kept)
    return result


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


_TEXT = {None: "", True: "yes", False: "no"}  # 0 and 1 (SQLite's booleans) hash as False and True


def anonymised_rows(
    queryset: QuerySet[Any], chosen: Plan, progress: Callable[[int], Any] | None = None
) -> Iterator[list[str]]:
    """The rows of the file: generalised QIs, then the methods of control and the measures; small classes left out."""
    kept = chosen.kept
    qi_of = _memo_qi_values()
    n_qi = len(QI_FIELDS)
    times = n_qi + 1 + [name for name, _column in MEASURES].index("times_testified")
    fields = (*QI_FIELDS, "means_of_control", *(name for name, _column in MEASURES))
    controls_of: dict[Any, str] = {}
    # In random order: the order of the records (by key, by date) must not help link a row to a case.
    for n, row in enumerate(_raw_rows(queryset.order_by("?").values_list(*fields)), start=1):
        values = chosen.generalise(qi_of(row[:n_qi]))
        if values in kept:
            raw = row[n_qi]
            controls = controls_of.get(raw)
            if controls is None:
                codes = json.loads(raw) if isinstance(raw, str) else raw
                controls = controls_of[raw] = ";".join(sorted(codes or ()))
            cells = [_TEXT[v] if i != times else ("" if v is None else str(v)) for i, v in enumerate(row) if i > n_qi]
            yield [*values, controls, *cells]
        if progress is not None and n % 5000 == 0:
            progress(5000)


def histogram_of(queryset: QuerySet[Any], progress: Callable[[int], Any] | None = None) -> Counter[tuple[str, ...]]:
    """The level-0 QI tuples of the victims and how many of each (counted by the database: GROUP BY)."""
    grouped = queryset.order_by().values_list(*QI_FIELDS).annotate(n=Count("pk"))
    qi_of = _memo_qi_values()
    histogram: Counter[tuple[str, ...]] = Counter()
    for row in _raw_rows(grouped):
        histogram[qi_of(row[:-1])] += row[-1]
        if progress is not None:
            progress(row[-1])
    return histogram


def prepare(queryset: QuerySet[Any], *, k: int = K, progress: Callable[[int], Any] | None = None) -> Plan:
    """The generalisation of these victims' QIs (one grouped read): what the file will hold, before it is written."""
    return plan(histogram_of(queryset, progress), k=k)


def export_victims(
    queryset: QuerySet[Any],
    stream: IO[str],
    *,
    k: int = K,
    progress: Callable[[int], Any] | None = None,
) -> dict[str, Any]:
    """Write the k-anonymous CSV of these victims to `stream`; return the report of what was done."""
    chosen = prepare(queryset, k=k, progress=progress)
    writer = csv.writer(stream)
    writer.writerow(HEADER)
    for row in anonymised_rows(queryset, chosen, progress):
        writer.writerow(row)
    return chosen.report()


def audit_export(user: Any, queryset: QuerySet[Any]) -> int:
    """Log the export as reads of the cases whose victims it read (one event per case: docs/adr/0010).

    Streamed in chunks: at 10^5 cases one list of their keys overflowed SQLite's parameter limit.
    """
    from acthub.audit.reads import audit_reads
    from acthub.justice.models import CourtCase

    case_ids = queryset.order_by("case_id").values_list("case_id", flat=True).distinct()
    logged, chunk = 0, []
    for case_id in case_ids.iterator(chunk_size=5000):
        chunk.append(CourtCase(pk=case_id))
        if len(chunk) == 5000:
            logged += audit_reads(user, chunk, view="justice:k_anonymous_export")
            chunk = []
    return logged + (audit_reads(user, chunk, view="justice:k_anonymous_export") if chunk else 0)


class _Line:
    """A file-like object whose write returns the line (csv.writer into a generator, Django's streaming recipe)."""

    def write(self, value: str) -> str:
        return value


def _csv_lines(queryset: QuerySet[Any], chosen: Plan) -> Iterator[str]:
    writer = csv.writer(_Line())
    yield writer.writerow(HEADER)
    for row in anonymised_rows(queryset, chosen):
        yield writer.writerow(row)


def export_response(user: Any) -> StreamingHttpResponse:
    """The admin download, streamed: the plan (one grouped read) is made first, so the report travels in a
    header (a `#` comment is not CSV); the rows follow as they are read, so a million victims never sit in
    memory. The read is logged before the plan is made and before the first row leaves."""
    from acthub.justice.models import Victim

    queryset = Victim.objects.restrict(user, "view")
    # The read is logged first, so the plan (one grouped read) and the rows' read follow each other
    # closely: a victim deleted in between could leave a class one short of k. Served over WSGI
    # (gunicorn): Django's ASGI handler would gather a synchronous stream into memory.
    audit_export(user, queryset)
    chosen = prepare(queryset)
    report = chosen.report()
    response = StreamingHttpResponse(_csv_lines(queryset, chosen), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="acthub-victims-k-anonymous.csv"'
    response["X-Acthub-Export-Report"] = _("k=%(k)s; %(rows)s rows written, %(suppressed)s suppressed; %(levels)s") % {
        "k": report["k"],
        "rows": report["rows_written"],
        "suppressed": report["rows_suppressed"],
        "levels": ", ".join(f"{name}: {level}" for name, level in report["generalisation"].items()),
    }
    return response
