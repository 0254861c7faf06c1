"""Searching the index: matching, access, facets, ranking, snippets and pagination.

Matching is substring matching of every folded query word in the folded text, so a word is found
inside Lao, Khmer, Thai or Burmese text written without spaces. SQLite answers through its FTS5
trigram table, PostgreSQL through a pg_trgm index (words of one or two characters, which trigrams
cannot serve, fall back to a LIKE scan on both). Ranking is the same plain rule on both databases:
records with every word in their title first, then the most recent, then the newest entry; so the
same query gives the same results, in the same order, on SQLite and PostgreSQL.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.db.models import Case, Count, IntegerField, Q, QuerySet, Value, When
from django.db.models.expressions import RawSQL
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from acthub.core.access import access_q, role_of
from acthub.core.querysets import VIEW
from acthub.library.models import SearchEntry, SearchFacet
from acthub.library.search.folding import fold_with_map, terms
from acthub.library.search.index import KINDS

PAGE_SIZE = 20
MAX_PAGE = 500
MAX_QUERY = 200
SNIPPET_CHARS = 220
WINDOW = 600
SINGLE_FACETS = ("kind", "type", "year")
MULTI_FACETS = ("country", "language", "topic")
FACETS = (*SINGLE_FACETS, *MULTI_FACETS)
FTS_TABLE = "library_search_fts"
MATCHED_IN_MEMORY = 5000


@dataclass
class Hit:
    """One result: which record, its title, and a snippet with the matched words marked."""

    kind: str
    object_id: int
    key: str
    title: str
    type: str
    year: int | None
    snippet: SafeString
    snippet_text: str


@dataclass
class Results:
    """A page of results, the facet counts over every match, and the page's position."""

    query: str
    total: int
    page: int
    pages: int
    hits: list[Hit]
    facets: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    filters: dict[str, str] = field(default_factory=dict)

    @property
    def has_next(self) -> bool:
        """Whether a next page exists."""
        return self.page < self.pages

    @property
    def has_previous(self) -> bool:
        """Whether a previous page exists."""
        return self.page > 1


def visible_entries(user: Any) -> QuerySet[SearchEntry]:
    """The entries whose records `user` may see, through the models' restricted querysets."""
    entries = SearchEntry.objects.all()
    if role_of(user) == "public":
        return entries.filter(is_public=True)
    q = Q(is_public=True)
    for kind in KINDS.values():
        model: Any = kind.model
        if access_q(model, user, VIEW) is None:
            q |= Q(kind=kind.name)
        else:
            q |= Q(kind=kind.name, object_id__in=model.objects.restrict(user, VIEW).values("pk"))
    return entries.filter(q)


def _visible_ids(user: Any, rows: list[tuple[int, str, int, bool]]) -> list[int]:
    """Of matched entries (id, kind, object_id, is_public), those `user` may see: as `visible_entries`
    decides, but asking each restricted queryset only about the matched records (by primary key), not
    about every record of the kind (what makes a scoped officer's search slow at 100,000 resources)."""
    if role_of(user) == "public":
        return [pk for pk, _kind, _object, public in rows if public]
    by_kind: dict[str, list[tuple[int, int, bool]]] = {}
    for pk, kind, object_id, public in rows:
        by_kind.setdefault(kind, []).append((pk, object_id, public))
    seen: list[int] = []
    for name, entries in by_kind.items():
        model: Any = KINDS[name].model if name in KINDS else None
        if model is not None and access_q(model, user, VIEW) is None:
            seen += [pk for pk, _object, _public in entries]
            continue
        allowed: set[int] = set()
        if model is not None:
            asked = [object_id for _pk, object_id, public in entries if not public]
            allowed = set(
                model.objects.restrict(user, VIEW).filter(pk__in=asked).order_by().values_list("pk", flat=True)
            )
        seen += [pk for pk, object_id, public in entries if public or object_id in allowed]
    return seen


def _match(entries: QuerySet[SearchEntry], words: list[str]) -> QuerySet[SearchEntry]:
    long_words = [w for w in words if len(w) >= 3]
    short_words = [w for w in words if len(w) < 3]
    if connection.vendor == "sqlite" and long_words:
        expression = " AND ".join('"' + w.replace('"', '""') + '"' for w in long_words)
        sql = f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s"  # noqa: S608 - constant table name
        entries = entries.filter(id__in=RawSQL(sql, [expression]))  # noqa: S611 - the expression is a parameter
    else:
        short_words = words
    for word in short_words:
        entries = entries.filter(folded__contains=word)
    return entries


def _filtered(entries: QuerySet[SearchEntry], filters: dict[str, str]) -> QuerySet[SearchEntry]:
    for name, value in filters.items():
        if name == "kind":
            entries = entries.filter(kind=value)
        elif name == "type":
            entries = entries.filter(type=value)
        elif name == "year":
            entries = entries.filter(year=int(value)) if value.isdigit() else entries.none()
        elif name in MULTI_FACETS:
            entries = entries.filter(id__in=SearchFacet.objects.filter(facet=name, value=value).values("entry_id"))
    return entries


def clean_filters(raw: Any) -> dict[str, str]:
    """The facet filters of a request's query string (unknown names and empty values dropped)."""
    filters: dict[str, str] = {}
    for name in FACETS:
        value = str(raw.get(name) or "").strip()[:80]
        if value:
            filters[name] = value
    return filters


def facet_counts(entries: QuerySet[SearchEntry]) -> dict[str, list[tuple[str, int]]]:
    """How many matching entries each facet value has, most first (then by value)."""
    counters: dict[str, Counter[str]] = {name: Counter() for name in FACETS}
    ids = entries.values("id")
    singles = SearchEntry.objects.filter(id__in=ids).values_list(*SINGLE_FACETS).annotate(n=Count("id")).order_by()
    for kind, type_, year, n in singles:
        counters["kind"][kind] += n
        if type_:
            counters["type"][type_] += n
        if year is not None:
            counters["year"][str(year)] += n
    pairs = (
        SearchFacet.objects.filter(entry_id__in=ids).values_list("facet", "value").annotate(n=Count("id")).order_by()
    )
    for facet, value, n in pairs:
        if facet in MULTI_FACETS:
            counters[facet][value] += n
    return {name: sorted(c.items(), key=lambda p: (-p[1], p[0])) for name, c in counters.items()}


def _window(text: str, words: list[str], hint: int) -> tuple[int, str, list[int]]:
    """A stretch of `text` (start, folded, map from folded to original) holding a match.

    Most text folds to itself but for case (the region's scripts, plain English): then the match is
    found in the case-folded text at C speed and positions map one to one. Only text whose folding
    changes lengths (Latin diacritics) is folded character by character, and only near `hint`.
    """
    lowered = text.casefold()
    if len(lowered) == len(text):
        found = [p for p in (lowered.find(w) for w in words) if p >= 0]
        if found:
            start = max(0, min(found) - WINDOW // 2)
            piece = lowered[start : start + WINDOW]
            return start, piece, list(range(len(piece)))
    for start in dict.fromkeys(max(0, hint + shift) for shift in (-WINDOW // 2, -2 * WINDOW, WINDOW // 2, -hint)):
        folded, origin = fold_with_map(text[start : start + WINDOW])
        if any(w in folded for w in words):
            return start, folded, origin
    return 0, "", []


def snippet(text: str, words: list[str], hint: int | None = 0) -> tuple[SafeString, str]:
    """A window of `text` around the first matched word, every matched word in <mark> (HTML-escaped).

    `hint` is where the match is in the folded text (folding keeps most lengths), so that a word deep
    in a long report is found without folding the whole report again.
    """
    if not text:
        return mark_safe(""), ""
    base, folded, origin = _window(text, words, hint) if words and hint is not None else (0, "", [])
    spans: list[tuple[int, int]] = []
    for word in words:
        start = folded.find(word)
        while start >= 0 and len(spans) < 50:
            spans.append((base + origin[start], base + origin[start + len(word) - 1] + 1))
            start = folded.find(word, start + len(word))
    begin = max(0, min(s for s, _e in spans) - SNIPPET_CHARS // 3) if spans else 0
    end = min(len(text), begin + SNIPPET_CHARS)
    spans = sorted((max(s, begin), min(e, end)) for s, e in spans if s < end and e > begin)
    html: list[str] = []
    at = begin
    for s, e in spans:
        s = max(s, at)
        if e <= s:
            continue
        html.append(escape(text[at:s]))
        html.append("<mark>" + escape(text[s:e]) + "</mark>")
        at = e
    html.append(escape(text[at:end]))
    prefix = "…" if begin > 0 else ""
    suffix = "…" if end < len(text) else ""
    plain_text = prefix + text[begin:end] + suffix
    return mark_safe(prefix + "".join(html) + suffix), plain_text  # noqa: S308 - every part is escaped


def search(
    query: str,
    *,
    user: Any,
    filters: dict[str, str] | None = None,
    page: int = 1,
    page_size: int = PAGE_SIZE,
    kinds: tuple[str, ...] | None = None,
) -> Results:
    """Search what `user` may see; an empty query lists everything (browsing by facets)."""
    query = (query or "").strip()[:MAX_QUERY]
    words = terms(query)
    filters = filters or {}
    every = SearchEntry.objects.filter(kind__in=kinds) if kinds else SearchEntry.objects.all()
    in_memory = False
    if words:
        # Run the match once: up to MATCHED_IN_MEMORY entries, access decided on those by primary key;
        # the count, facets and page are then read by id. More matches: the database decides it all.
        matched = _filtered(_match(every, words), filters)
        rows = list(matched.values_list("id", "kind", "object_id", "is_public")[: MATCHED_IN_MEMORY + 1])
        in_memory = len(rows) <= MATCHED_IN_MEMORY
        if in_memory:
            ids = _visible_ids(user, rows)
            entries = SearchEntry.objects.filter(id__in=ids)
    if not in_memory:
        visible = visible_entries(user)
        entries = _filtered(_match(visible.filter(kind__in=kinds) if kinds else visible, words), filters)
    total = len(ids) if in_memory else entries.count()
    pages = max(1, -(-total // page_size))
    page = min(max(1, page), pages, MAX_PAGE)
    title_hit: Any = Value(0)
    if words:
        all_in_title = Q()
        for word in words:
            all_in_title &= Q(title_folded__contains=word)
        title_hit = Case(When(all_in_title, then=Value(1)), default=Value(0), output_field=IntegerField())
    ranked = (
        entries.annotate(title_hit=title_hit)
        .order_by("-title_hit", "-sort_date", "-id")
        .only("kind", "object_id", "key", "title", "type", "year", "text", "folded", "title_folded")
    )
    offset = (page - 1) * page_size
    hits = []
    for entry in ranked[offset : offset + page_size]:
        # Where a word occurs in the text after the title (None: only in the title).
        skip = len(entry.title_folded) + 1
        found = [p for p in (entry.folded.find(w, skip) for w in words) if p >= 0]
        hint = max(0, min(found) - skip) if found else None
        html, plain = snippet(entry.text, words, hint)
        hits.append(Hit(entry.kind, entry.object_id, entry.key, entry.title, entry.type, entry.year, html, plain))
    return Results(
        query=query,
        total=total,
        page=page,
        pages=pages,
        hits=hits,
        facets=facet_counts(entries) if total else {name: [] for name in FACETS},
        filters=filters,
    )
