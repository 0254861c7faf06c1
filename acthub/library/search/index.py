"""The search index: one entry per searchable record, rebuilt from the record on every change.

Each kind of record (resource, fact sheet edition, organisation, project, achievement, activity,
indicator) says here which text it offers and which facets it has. What the public may see is decided
by `Model.objects.restrict(None, "view")` when the entry is written (`is_public`); signed-in users
are filtered at query time through the same restricted querysets (acthub.library.search.query), so
the index never decides access on its own.

Figures never enter the index: achievement statements keep their `[[CODE|PERIOD]]` references out
of the indexed text (the engine supplies figures where a page shows them).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import connection, models, transaction

from acthub.library.models import SearchEntry, SearchFacet
from acthub.library.search.folding import fold

# Text beyond this many characters of a record is not indexed (a long report's first ~60 pages).
MAX_TEXT = 200_000
EPOCH = date(1900, 1, 1)
_REFERENCE = re.compile(r"\[\[[^\]]*\]\]")


@dataclass
class Document:
    """What an entry is made of: title and text to match, facets to count, what ranking uses."""

    title: str
    text: str
    key: str = ""
    type: str = ""
    year: int | None = None
    date: date | None = None
    countries: list[str] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Kind:
    """A kind of searchable record: its model, which of its records are indexed, and its document."""

    name: str
    model_label: str
    queryset: Callable[[], models.QuerySet[Any]]
    document: Callable[[Any], Document]
    # Documents of many records at once from plain value queries (the rebuild of large kinds).
    bulk: Callable[[list[int]], dict[int, Document]] | None = None

    @property
    def model(self) -> type[models.Model]:
        from django.apps import apps

        return apps.get_model(self.model_label)


def _codes(items: Iterable[Any]) -> list[str]:
    return sorted({c.code for c in items})


def _resources() -> models.QuerySet[Any]:
    from acthub.library.models import Resource

    return Resource.objects.select_related("type", "publisher").prefetch_related("countries", "topics", "versions")


def _resource(r: Any) -> Document:
    versions = list(r.versions.all())
    parts = [r.summary, *(v.title for v in versions if v.title), *(v.text for v in versions if v.text)]
    if r.publisher_id:
        parts.append(r.publisher.name)
    languages = sorted(set(r.languages) | {v.language for v in versions})
    return Document(
        title=r.title,
        text="\n".join(p for p in parts if p),
        type=r.type.slug,
        year=r.year,
        date=r.published_on or (date(r.year, 1, 1) if r.year else None),
        countries=_codes(r.countries.all()),
        languages=languages,
        topics=sorted(t.slug for t in r.topics.all()),
    )


def _resource_documents(ids: list[int]) -> dict[int, Document]:
    from acthub.library.models import Resource, ResourceVersion

    extra: dict[int, list[str]] = {pk: [] for pk in ids}
    languages: dict[int, set[str]] = {pk: set() for pk in ids}
    for pk, language, title, text in ResourceVersion.objects.filter(resource_id__in=ids).values_list(
        "resource_id", "language", "title", "text"
    ):
        extra[pk] += [t for t in (title, text) if t]
        languages[pk].add(language)
    countries: dict[int, set[str]] = {pk: set() for pk in ids}
    for pk, code in Resource.countries.through.objects.filter(resource_id__in=ids).values_list(
        "resource_id", "country__code"
    ):
        countries[pk].add(code)
    topics: dict[int, list[str]] = {pk: [] for pk in ids}
    for pk, slug in Resource.topics.through.objects.filter(resource_id__in=ids).values_list(
        "resource_id", "topic__slug"
    ):
        topics[pk].append(slug)
    documents = {}
    rows = Resource.objects.filter(pk__in=ids).values_list(
        "pk", "title", "summary", "type__slug", "year", "published_on", "languages", "publisher__name"
    )
    for pk, title, summary, type_slug, year, published_on, own_languages, publisher in rows:
        parts = [summary, *extra[pk], publisher or ""]
        documents[pk] = Document(
            title=title,
            text="\n".join(p for p in parts if p),
            type=type_slug,
            year=year,
            date=published_on or (date(year, 1, 1) if year else None),
            countries=sorted(countries[pk]),
            languages=sorted(set(own_languages or []) | languages[pk]),
            topics=sorted(topics[pk]),
        )
    return documents


def _organisations() -> models.QuerySet[Any]:
    from acthub.directory.models import Organisation

    return Organisation.objects.select_related("country")


def _organisation(o: Any) -> Document:
    return Document(
        title=o.name,
        text="\n".join(p for p in (o.acronym, o.name_local, o.description) if p),
        type=o.type,
        countries=[o.country.code] if o.country_id else [],
        languages=[code for code in o.languages if isinstance(code, str)],
    )


def _projects() -> models.QuerySet[Any]:
    from acthub.program.models import Project

    return Project.objects.prefetch_related("countries", "focus_tags")


def _project(p: Any) -> Document:
    return Document(
        title=p.title,
        text=p.summary + "\n" + " ".join(t.name for t in p.focus_tags.all()),
        type="project",
        year=p.start_date.year if p.start_date else None,
        date=p.start_date,
        countries=_codes(p.countries.all()),
    )


def _achievements() -> models.QuerySet[Any]:
    from acthub.program.models import Achievement

    return Achievement.objects.select_related("outcome_area", "country")


def _achievement(a: Any) -> Document:
    text = _REFERENCE.sub("…", a.text)
    where = a.country.name if a.country_id else "ASEAN"
    return Document(
        title=f"{a.outcome_area.name}: {where}",
        text=text,
        key=a.outcome_area.slug,
        type="achievement",
        countries=[a.country.code] if a.country_id else [],
        topics=[f"outcome-{a.outcome_area.slug}"],
    )


def _activities() -> models.QuerySet[Any]:
    from acthub.activities.models import Activity

    # Generated demo activities are not the program's: they are left out of the search.
    return Activity.objects.filter(is_synthetic=False).prefetch_related("countries")


def _activity(a: Any) -> Document:
    return Document(
        title=a.title,
        text=" ".join(str(t) for t in a.topics or []),
        type=a.kind,
        year=a.start_date.year,
        date=a.start_date,
        countries=_codes(a.countries.all()),
    )


def _indicators() -> models.QuerySet[Any]:
    from acthub.indicators.models import Indicator

    return Indicator.objects.all()


def _indicator(i: Any) -> Document:
    return Document(title=i.name, text=f"{i.code}\n{i.definition}", key=i.code, type="indicator")


KINDS: dict[str, Kind] = {
    k.name: k
    for k in (
        Kind("resource", "library.Resource", _resources, _resource, _resource_documents),
        Kind("organisation", "directory.Organisation", _organisations, _organisation),
        Kind("project", "program.Project", _projects, _project),
        Kind("achievement", "program.Achievement", _achievements, _achievement),
        Kind("activity", "activities.Activity", _activities, _activity),
        Kind("indicator", "indicators.Indicator", _indicators, _indicator),
    )
}
KIND_OF_MODEL = {k.model_label: k.name for k in KINDS.values()}


def register(kind: Kind) -> None:
    """Add a kind of searchable record from an app the library does not know (e.g. fact-sheet editions).

    Called from that app's ready(): the library indexes what apps register, and imports none of them.
    """
    KINDS[kind.name] = kind
    KIND_OF_MODEL[kind.model_label] = kind.name
    from acthub.library.search import signals

    signals.connect_kind(kind)


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def country_names() -> dict[str, str]:
    """Country code -> its names (English and national), which every record of the country is found by."""
    from acthub.core.models import Country

    return {
        code: f"{name} {local}".strip()
        for code, name, local in Country.objects.values_list("code", "name", "name_local")
    }


def _build(
    kind: Kind, record: Any, public_ids: set[int] | None, names: dict[str, str], doc: Document | None = None
) -> tuple[SearchEntry, list[tuple[str, str]]]:
    doc = doc or kind.document(record)
    title = _nfc(doc.title)[:500]
    places = " ".join(names.get(code, "") for code in doc.countries)
    text = _nfc(doc.text + ("\n" + places if places else ""))[:MAX_TEXT]
    if public_ids is None:
        is_public = kind.model._default_manager.restrict(None, "view").filter(pk=record.pk).exists()  # type: ignore[attr-defined]
    else:
        is_public = record.pk in public_ids
    entry = SearchEntry(
        kind=kind.name,
        object_id=record.pk,
        key=doc.key[:100],
        title=title,
        text=text,
        folded=fold(title + "\n" + text),
        title_folded=fold(title)[:500],
        is_public=is_public,
        type=doc.type[:40],
        year=doc.year,
        sort_date=doc.date or EPOCH,
    )
    facets = [("country", c) for c in doc.countries]
    facets += [("language", lang) for lang in doc.languages]
    facets += [("topic", t) for t in doc.topics]
    return entry, facets


ENTRY_COLUMNS = (
    "kind",
    "object_id",
    "key",
    "title",
    "text",
    "folded",
    "title_folded",
    "is_public",
    "type",
    "year",
    "sort_date",
)


def _write(entries: list[tuple[SearchEntry, list[tuple[str, str]]]]) -> None:
    """Insert entries and their facets with two executemany calls (bulk_create's per-value work is the
    slowest part of a 100,000-record rebuild)."""
    if not entries:
        return
    quote = connection.ops.quote_name
    entry_table, facet_table = quote(SearchEntry._meta.db_table), quote(SearchFacet._meta.db_table)
    columns = ", ".join(quote(c) for c in ENTRY_COLUMNS)
    marks = ", ".join(["%s"] * len(ENTRY_COLUMNS))
    kind = entries[0][0].kind
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {entry_table} ({columns}) VALUES ({marks})",  # noqa: S608 - quoted constant names
            [tuple(getattr(e, c) for c in ENTRY_COLUMNS) for e, _f in entries],
        )
        ids = dict(
            SearchEntry.objects.filter(kind=kind, object_id__in=[e.object_id for e, _f in entries]).values_list(
                "object_id", "id"
            )
        )
        cursor.executemany(
            f"INSERT INTO {facet_table} ({quote('entry_id')}, {quote('facet')}, {quote('value')}) "  # noqa: S608
            "VALUES (%s, %s, %s)",
            [(ids[e.object_id], facet, value[:80]) for e, facets in entries for facet, value in dict.fromkeys(facets)],
        )


def _is_indexed(kind: Kind, record: Any) -> bool:
    return kind.queryset().filter(pk=record.pk).exists()


@transaction.atomic
def update(model_label: str, pk: Any) -> None:
    """Bring the entry of one record up to date (removed when the record is gone or not indexed)."""
    kind = KINDS[KIND_OF_MODEL[model_label]]
    SearchEntry.objects.filter(kind=kind.name, object_id=pk).delete()
    record = kind.queryset().filter(pk=pk).first()
    if record is not None:
        _write([_build(kind, record, None, country_names())])


def remove(model_label: str, pk: Any) -> None:
    """Drop a deleted record's entry."""
    SearchEntry.objects.filter(kind=KIND_OF_MODEL[model_label], object_id=pk).delete()


def _batches(qs: models.QuerySet[Any], size: int) -> Iterator[list[Any]]:
    last = 0
    while True:
        batch = list(qs.filter(pk__gt=last).order_by("pk")[:size])
        if not batch:
            return
        yield batch
        last = batch[-1].pk


def _id_batches(qs: models.QuerySet[Any], size: int) -> Iterator[list[int]]:
    last = 0
    while True:
        ids = list(qs.filter(pk__gt=last).order_by("pk").values_list("pk", flat=True)[:size])
        if not ids:
            return
        yield ids
        last = ids[-1]


@dataclass(frozen=True)
class _Ref:
    """A record known only by its primary key (the bulk path builds documents without instances)."""

    pk: int


def _index_batches(kind: Kind, qs: models.QuerySet[Any], names: dict[str, str]) -> Iterator[int]:
    """Write the entries of `qs`'s records batch by batch; yields the size of each batch written."""
    public = kind.model._default_manager.restrict(None, "view")  # type: ignore[attr-defined]
    if kind.bulk is not None:
        for ids in _id_batches(qs, 2000):
            public_ids = set(public.filter(pk__in=ids).values_list("pk", flat=True))
            documents = kind.bulk(ids)
            _write([_build(kind, _Ref(pk), public_ids, names, documents[pk]) for pk in ids if pk in documents])
            yield len(ids)
        return
    for batch in _batches(qs, 2000):
        public_ids = set(public.filter(pk__in=[r.pk for r in batch]).values_list("pk", flat=True))
        _write([_build(kind, r, public_ids, names) for r in batch])
        yield len(batch)


# SQLite: from this many records on, a rebuild fills the FTS5 table in one pass after writing the entries
# rather than row by row through the triggers (which would also first delete every old row from it).
BULK_REBUILD = 5000
_FTS_TRIGGERS = {
    "library_search_ai": (
        "CREATE TRIGGER library_search_ai AFTER INSERT ON library_searchentry BEGIN "
        "INSERT INTO library_search_fts(rowid, folded) VALUES (new.id, new.folded); END"
    ),
    "library_search_ad": (
        "CREATE TRIGGER library_search_ad AFTER DELETE ON library_searchentry BEGIN "
        "INSERT INTO library_search_fts(library_search_fts, rowid, folded) VALUES ('delete', old.id, old.folded); END"
    ),
}


def _rebuild_kind(kind: Kind, names: dict[str, str], progress: Callable[[int], object] | None) -> int:
    total = 0
    bulk = connection.vendor == "sqlite" and kind.queryset().count() >= BULK_REBUILD
    with transaction.atomic():
        if bulk:
            # DDL is transactional in SQLite, and its one writer at a time means that no other write can
            # reach the table while the triggers are gone: the FTS table is whole again at commit.
            with connection.cursor() as cursor:
                for trigger in _FTS_TRIGGERS:
                    cursor.execute(f"DROP TRIGGER {trigger}")
        SearchEntry.objects.filter(kind=kind.name).delete()
        for size in _index_batches(kind, kind.queryset(), names):
            total += size
            if progress is not None:
                progress(size)
        if bulk:
            with connection.cursor() as cursor:
                cursor.execute("INSERT INTO library_search_fts(library_search_fts) VALUES ('rebuild')")
                for create in _FTS_TRIGGERS.values():
                    cursor.execute(create)
    return total


def rebuild(kinds: Iterable[str] | None = None, *, progress: Callable[[int], object] | None = None) -> int:
    """Rebuild the entries of these kinds (all by default) from their records; returns the count."""
    names = country_names()
    return sum(_rebuild_kind(KINDS[name], names, progress) for name in kinds or KINDS)


def count_records(kinds: Iterable[str] | None = None) -> int:
    """How many records a rebuild of these kinds indexes (for a progress bar)."""
    return sum(KINDS[name].queryset().count() for name in kinds or KINDS)


def index_missing(kind_name: str) -> int:
    """Index the records of a kind that have no entry (after bulk writes that send no signals)."""
    kind = KINDS[kind_name]
    indexed = SearchEntry.objects.filter(kind=kind_name).values("object_id")
    return sum(_index_batches(kind, kind.queryset().exclude(pk__in=indexed), country_names()))
