"""Load the seed program: read every data file in dependency order, validate, upsert, all or nothing.

Records are found by natural key (an indicator by code, an organisation by name and country, ...)
and written through `acthub.core.services.save_record`, so the change log sees every write. An
entry whose fields and many-to-many sets already hold the file's values is not saved at all: a
second run writes nothing and logs nothing. Any problem raises SeedError naming the file, the entry
and the field; the single surrounding transaction then leaves the database as it was.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, models, transaction

from acthub.core.content_translations import national_country_names
from acthub.core.progress import progress as progress_reporter
from acthub.core.services import save_record
from acthub.indicators.registry import sync_registry
from acthub.seed import converters
from acthub.seed.casing import Vocabulary, unshout
from acthub.seed.converters import Invalid
from acthub.seed.kinds import KINDS, Kind
from acthub.seed.reading import Entry, ReadError, read_entries
from acthub.seed.sources import REFERENCE_DATA, SOURCES_DIR, TITLES, document_names, passage_occurs
from acthub.seed.translations import TranslationFileError, load_translations

DATA_DIR = Path(__file__).resolve().parent / "data"
VIA = "load_seed"
# acthub's computed indicators (acthub.indicators.registry) that the seed's data values refer to.
REGISTRY_CODES = ("PEOPLE_TRAINED_UNIQUE", "PEOPLE_TRAINED_WOMEN_PCT")
SOURCE_KEY = "source"


class SeedError(Exception):
    """A data file that cannot be loaded: the message names the file, the entry and the field."""

    def __init__(
        self, file: str, reason: str, *, entry: int | None = None, key: str = "", field: str = "", line: int = 0
    ) -> None:
        self.file, self.entry, self.key, self.field, self.reason, self.line = file, entry, key, field, reason, line
        where = file
        if entry is not None:
            where += f", entry {entry}" + (f" ({key})" if key else "")
        if line:
            where += f", line {line}"
        super().__init__(f"{where}: {field + ': ' if field else ''}{reason}")


@dataclass
class FileResult:
    """What loading one file did."""

    file: str
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def total(self) -> int:
        """Entries in the file."""
        return self.created + self.updated + self.unchanged


@dataclass
class LoadResult:
    """What loading the whole data directory did, file by file."""

    files: list[FileResult] = field(default_factory=list)

    @property
    def created(self) -> int:
        """Records created, over all files."""
        return sum(f.created for f in self.files)

    @property
    def updated(self) -> int:
        """Records changed, over all files."""
        return sum(f.updated for f in self.files)

    @property
    def unchanged(self) -> int:
        """Entries whose record already held their values, over all files."""
        return sum(f.unchanged for f in self.files)


@dataclass(frozen=True)
class Source:
    document: str
    passage: str


def load_seed(
    data_dir: Path | str = DATA_DIR, *, sources_dir: Path = SOURCES_DIR, progress: bool = False
) -> LoadResult:
    """Load every data file of `data_dir` in one transaction; raise SeedError on the first problem."""
    data_dir = Path(data_dir)
    if not data_dir.is_dir():
        raise SeedError(str(data_dir), "no such data directory")
    known = {k.file_name for k in KINDS}
    strays = sorted(p.name for p in data_dir.glob("*.y*ml") if p.name not in known)
    if strays:
        raise SeedError(strays[0], f"not a seed data file; the files are: {', '.join(sorted(known))}")
    # Read (and so syntax-check) every file before the first write.
    entries = {kind.name: _read(data_dir, kind) for kind in KINDS}
    documents = set(document_names(sources_dir))
    vocabulary = _vocabulary(entries.values(), sources_dir)
    result = LoadResult()
    bar = progress_reporter(total=sum(map(len, entries.values())), unit="entry", disable=not progress, leave=False)
    try:
        with transaction.atomic():
            # The computed indicators of acthub's own that the seed reports values of (the share of
            # women trained), first: the seed must not define a twin of one (issue 14).
            sync_registry(codes=REGISTRY_CODES)
            for kind in KINDS:
                bar.set_description(kind.file_name)
                file_result = FileResult(kind.file_name)
                seen: dict[tuple[Any, ...], int] = {}
                for index, entry in enumerate(entries[kind.name], start=1):
                    outcome = _load_entry(kind, index, entry, documents, sources_dir, seen=seen, vocabulary=vocabulary)
                    setattr(file_result, outcome, getattr(file_result, outcome) + 1)
                    bar.update()
                result.files.append(file_result)
            _load_source_documents(sources_dir)
            # The seed's content in the other languages, then each country's name in its national
            # language(s), through the content translations (ADR 0012).
            try:
                load_translations(data_dir / "translations")
            except TranslationFileError as exc:
                raise SeedError("translations", str(exc)) from exc
            national_country_names()
    finally:
        bar.close()
    return result


def _load_source_documents(sources_dir: Path) -> None:
    """A record per seed document, by its title, so that provenance names and links it."""
    from acthub.core.models import SourceDocument

    for name in document_names(sources_dir):
        title, issued = TITLES.get(name, (name, ""))
        values = {
            "title": title,
            "issued": issued,
            "text": (sources_dir / name).read_text(encoding="utf-8"),
            "is_public": True,
        }
        found = SourceDocument.objects.filter(name=name).first()
        if found is not None and all(getattr(found, k) == v for k, v in values.items()):
            continue
        document = found or SourceDocument(name=name)
        for key, value in values.items():
            setattr(document, key, value)
        save_record(document, acting_user=None, via=VIA)


def _strings(value: Any) -> Iterable[tuple[str, str]]:
    """Every text inside a YAML value, with the key it sits under ("" for list items at the top)."""
    if isinstance(value, Mapping):
        for key, item in value.items():
            if isinstance(item, str):
                yield str(key), item
            else:
                yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def _vocabulary(entries: Iterable[list[Entry]], sources_dir: Path) -> Vocabulary:
    """How the seed writes its words and names, learnt from the documents and every entry's texts."""
    texts = [p.read_text(encoding="utf-8") for p in sorted(sources_dir.glob("*.txt"))]
    names: list[str] = []
    for file_entries in entries:
        for entry in file_entries:
            for key, value in _strings(entry):
                texts.append(value)
                if key in ("name", "acronym"):
                    names.append(value)
    return Vocabulary(texts, names)


def _read(data_dir: Path, kind: Kind) -> list[Entry]:
    path = data_dir / kind.file_name
    if not path.is_file():
        raise SeedError(kind.file_name, f"missing from {data_dir}")
    try:
        return read_entries(path)
    except ReadError as exc:
        raise SeedError(kind.file_name, str(exc)) from exc


def _describe(kind: Kind, entry: Mapping[str, Any]) -> str:
    """The entry's natural key as written in the file, for error messages."""
    parts = []
    for name in kind.natural_key:
        value = entry.get(name)
        if isinstance(value, Mapping):
            value = value.get("name", value)
        if value is not None and name != "program":
            parts.append(f"{name}={value}")
    return ", ".join(parts)


def _load_entry(
    kind: Kind,
    index: int,
    entry: Entry,
    documents: set[str],
    sources_dir: Path,
    *,
    seen: dict[tuple[Any, ...], int],
    vocabulary: Vocabulary | None = None,
) -> str:
    """Upsert one entry; return "created", "updated" or "unchanged".

    `seen` maps the natural keys of the file's earlier entries to their index: two entries for one
    record would otherwise silently overwrite each other. Texts the sheets set in capitals are
    stored in sentence case, with each word cased as `vocabulary` has seen it (see `casing`).
    """

    def fail(reason: str, key_name: str = "") -> SeedError:
        return SeedError(
            kind.file_name, reason, entry=index, key=_describe(kind, entry), field=key_name, line=entry.line
        )

    declared = {k.name for k in kind.keys} | {SOURCE_KEY}
    unknown = sorted(set(entry) - declared, key=str)
    if unknown:
        raise fail(f"unknown key; the keys of {kind.file_name} are {', '.join(sorted(declared))}", str(unknown[0]))
    for key in kind.keys:
        if key.required and entry.get(key.name) is None:
            raise fail("required key is missing", key.name)
    sources = _sources(entry.get(SOURCE_KEY), documents, sources_dir, fail)

    resolved: dict[str, Any] = {}
    values: dict[str, Any] = dict(kind.fixed)
    m2m: dict[str, list[models.Model]] = {}
    for key in kind.keys:
        raw = entry.get(key.name)
        try:
            value = key.convert(raw, resolved) if raw is not None else _default(kind, key.target, key.many)
        except Invalid as exc:
            raise fail(exc.reason, key.name) from exc
        if vocabulary is not None and key.convert is converters.text and isinstance(value, str):
            value = unshout(value, vocabulary)
        resolved[key.name] = value
        if key.target is None:
            continue
        if key.many:
            m2m[key.target] = value
        else:
            values[key.target] = value
    if kind.is_sourced:
        values["source_document"] = "; ".join(dict.fromkeys(s.document for s in sources))
        values["source_location"] = (
            sources[0].passage if len(sources) == 1 else "\n\n".join(f"{s.document}: {s.passage}" for s in sources)
        )
    if kind.check is not None:
        try:
            kind.check(resolved)
        except Invalid as exc:
            raise fail(exc.reason, exc.key or "") from exc

    lookup = {target: resolved[name] for name, target in kind.lookup_fields}
    identity = tuple(v.pk if isinstance(v, models.Model) else v for v in lookup.values())
    if identity in seen:
        raise fail(f"entry {seen[identity]} already states this record (same natural key)")
    seen[identity] = index
    found = list(kind.model._default_manager.filter(**lookup)[:2])
    if len(found) > 1:
        raise fail("more than one record in the database has this natural key")
    instance = found[0] if found else kind.model(**values)
    if found:
        changed = [name for name, value in values.items() if not _same(instance, name, value)]
        m2m_changed = [name for name, items in m2m.items() if not _same_set(instance, name, items)]
        if not changed and not m2m_changed:
            return "unchanged"
        for name in changed:
            setattr(instance, name, values[name])
    try:
        save_record(instance, acting_user=None, via=VIA, m2m=m2m)
    except ValidationError as exc:
        raise fail(*_validation_message(exc)) from exc
    except IntegrityError as exc:
        # full_clean checks the constraints first, so this is a race or a constraint it cannot see.
        raise fail(f"the database refused the record: {exc}") from exc
    return "updated" if found else "created"


def _sources(raw: Any, documents: set[str], sources_dir: Path, fail: Callable[[str, str], SeedError]) -> list[Source]:
    """The entry's source(s): one {document, passage}, or a list of them for a record two sheets state."""
    items = raw if isinstance(raw, list) else [raw]
    if raw is None or not items:
        raise fail("every entry needs source: {document: ..., passage: ...}", SOURCE_KEY)
    sources = []
    for item in items:
        if not isinstance(item, Mapping) or set(item) != {"document", "passage"}:
            raise fail(f"expected {{document: ..., passage: ...}}, got {item!r}", SOURCE_KEY)
        document, passage = item["document"], item["passage"]
        if not isinstance(document, str) or not isinstance(passage, str) or not passage.strip():
            raise fail("document and passage must both be text", SOURCE_KEY)
        passage = " ".join(passage.split())
        if document != REFERENCE_DATA:
            if document not in documents:
                allowed = ", ".join([*sorted(documents), REFERENCE_DATA])
                raise fail(f"unknown document {document!r}; cite one of {allowed}", SOURCE_KEY)
            if not passage_occurs(document, passage, sources_dir):
                raise fail(f"the passage {passage!r} does not occur in {document}", SOURCE_KEY)
        sources.append(Source(document, passage))
    return sources


def _default(kind: Kind, target: str | None, many: bool) -> Any:
    """The value a key left out stands for: the model field's default (an empty set for many)."""
    if many:
        return []
    if target is None:
        return None
    return kind.model._meta.get_field(target).get_default()  # type: ignore[union-attr]


def _same(instance: models.Model, name: str, value: Any) -> bool:
    model_field = instance._meta.get_field(name)
    if model_field.is_relation:
        current = getattr(instance, model_field.attname)  # type: ignore[union-attr]
        return bool(current == (value.pk if value is not None else None))
    return bool(getattr(instance, name) == value)


def _same_set(instance: models.Model, name: str, items: Iterable[models.Model]) -> bool:
    current = set(getattr(instance, name).values_list("pk", flat=True))
    return current == {item.pk for item in items}


def _validation_message(exc: ValidationError) -> tuple[str, str]:
    """The model's complaint as (reason, field); the field is named when exactly one is at fault."""
    if not hasattr(exc, "error_dict"):
        return " ".join(exc.messages), ""
    errors = {name: " ".join(messages) for name, messages in exc.message_dict.items()}
    if len(errors) == 1:
        ((name, text),) = errors.items()
        return text, "" if name == NON_FIELD_ERRORS else name
    return "; ".join(text if name == NON_FIELD_ERRORS else f"{name}: {text}" for name, text in errors.items()), ""
