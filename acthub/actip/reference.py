"""Loading the ACTIP reference data (articles.csv, ratifications.csv): all rows valid, or nothing changes.

Every problem is collected before anything is written and reported as file, row, field and why. The
files may leave titles empty (most are not confirmed); a row with a title counts as confirmed.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from acthub.actip.choices import ObligationKind
from acthub.actip.models import Article, Chapter, Ratification
from acthub.audit.context import acting
from acthub.core.models import Country

DATA_DIR = Path(__file__).resolve().parent / "data"
ARTICLE_COLUMNS = ["chapter_number", "chapter_title", "article_number", "article_title", "obligation_kind", "summary"]
RATIFICATION_COLUMNS = ["country_code", "signed_on", "ratified_on", "note", "source"]
ROMAN = re.compile(r"^[IVXLC]+$")
MAX_BYTES = 2 * 1024 * 1024


@dataclass(frozen=True)
class RowProblem:
    file: str
    row: int  # 1 is the header
    field: str
    why: str

    def __str__(self) -> str:
        return f"{self.file}, row {self.row}, {self.field}: {self.why}"


class ReferenceInvalid(ValueError):
    """The file cannot be loaded; `problems` lists every bad row and field."""

    def __init__(self, problems: list[RowProblem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def _rows(name: str, data: bytes, columns: list[str]) -> list[tuple[int, dict[str, str]]]:
    if len(data) > MAX_BYTES:
        raise ReferenceInvalid([RowProblem(name, 0, "file", _("larger than %(n)d bytes") % {"n": MAX_BYTES})])
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ReferenceInvalid([RowProblem(name, 0, "file", _("not UTF-8 text"))]) from error
    reader = csv.DictReader(io.StringIO(text))
    if reader.fieldnames != columns:
        raise ReferenceInvalid(
            [
                RowProblem(
                    name,
                    1,
                    "header",
                    _("expected the columns %(want)s, found %(got)s")
                    % {"want": ", ".join(columns), "got": ", ".join(reader.fieldnames or [])},
                )
            ]
        )
    rows = []
    for index, row in enumerate(reader, start=2):
        if None in row or any(v is None for v in row.values()):
            raise ReferenceInvalid([RowProblem(name, index, "row", _("wrong number of cells"))])
        rows.append((index, {k: (v or "").strip() for k, v in row.items()}))
    if not rows:
        raise ReferenceInvalid([RowProblem(name, 2, "file", _("no rows"))])
    return rows


def parse_articles(name: str, data: bytes) -> list[dict[str, Any]]:
    """Validated article rows; ReferenceInvalid with every problem otherwise."""
    problems: list[RowProblem] = []
    parsed = []
    seen: dict[int, int] = {}
    chapter_titles: dict[str, tuple[str, int]] = {}
    for index, row in _rows(name, data, ARTICLE_COLUMNS):
        chapter = row["chapter_number"]
        if not ROMAN.match(chapter):
            problems.append(
                RowProblem(name, index, "chapter_number", _("a Roman numeral such as IV, not %(v)r") % {"v": chapter})
            )
        title = row["chapter_title"]
        if chapter in chapter_titles and title and chapter_titles[chapter][0] and chapter_titles[chapter][0] != title:
            problems.append(
                RowProblem(
                    name,
                    index,
                    "chapter_title",
                    _("chapter %(c)s is titled %(t)r on row %(r)d")
                    % {"c": chapter, "t": chapter_titles[chapter][0], "r": chapter_titles[chapter][1]},
                )
            )
        elif title or chapter not in chapter_titles:
            chapter_titles[chapter] = (title, index)
        number_text = row["article_number"]
        number = int(number_text) if number_text.isdigit() and int(number_text) > 0 else None
        if number is None:
            problems.append(
                RowProblem(name, index, "article_number", _("a whole number above 0, not %(v)r") % {"v": number_text})
            )
        elif number in seen:
            problems.append(
                RowProblem(
                    name,
                    index,
                    "article_number",
                    _("article %(n)d is already on row %(r)d") % {"n": number, "r": seen[number]},
                )
            )
        else:
            seen[number] = index
        if row["obligation_kind"] not in ObligationKind.values:
            problems.append(
                RowProblem(
                    name,
                    index,
                    "obligation_kind",
                    _("%(v)r is not one of %(allowed)s")
                    % {"v": row["obligation_kind"], "allowed": ", ".join(ObligationKind.values)},
                )
            )
        if len(row["article_title"]) > 255:
            problems.append(RowProblem(name, index, "article_title", _("longer than 255 characters")))
        parsed.append({**row, "number": number})
    if problems:
        raise ReferenceInvalid(problems)
    for entry in parsed:
        entry["chapter_title"] = chapter_titles[str(entry["chapter_number"])][0]
    return parsed


def _date(text: str) -> date | None:
    return date.fromisoformat(text) if text else None


def parse_ratifications(name: str, data: bytes) -> list[dict[str, Any]]:
    """Validated ratification rows (countries must exist); ReferenceInvalid otherwise."""
    problems: list[RowProblem] = []
    parsed = []
    codes = set(Country.objects.values_list("code", flat=True))
    seen: set[str] = set()
    for index, row in _rows(name, data, RATIFICATION_COLUMNS):
        code = row["country_code"]
        if code not in codes:
            problems.append(RowProblem(name, index, "country_code", _("no country has the code %(v)r") % {"v": code}))
        elif code in seen:
            problems.append(RowProblem(name, index, "country_code", _("%(v)s appears twice") % {"v": code}))
        seen.add(code)
        dates: dict[str, date | None] = {}
        for field in ("signed_on", "ratified_on"):
            try:
                dates[field] = _date(row[field])
            except ValueError:
                problems.append(
                    RowProblem(name, index, field, _("a date YYYY-MM-DD or empty, not %(v)r") % {"v": row[field]})
                )
        signed, ratified = dates.get("signed_on"), dates.get("ratified_on")
        if signed and ratified and ratified < signed:
            problems.append(RowProblem(name, index, "ratified_on", _("before the signature (%(d)s)") % {"d": signed}))
        parsed.append({**row, **dates})
    if problems:
        raise ReferenceInvalid(problems)
    return parsed


@transaction.atomic
def load_reference(
    articles: tuple[str, bytes] | None = None,
    ratifications: tuple[str, bytes] | None = None,
    *,
    acting_user: Any = None,
    via: str = "load_actip",
) -> dict[str, int]:
    """Load (create or update) the articles and ratifications; returns how many rows of each were written."""
    if articles is None:
        articles = ("articles.csv", (DATA_DIR / "articles.csv").read_bytes())
    if ratifications is None:
        ratifications = ("ratifications.csv", (DATA_DIR / "ratifications.csv").read_bytes())
    article_rows = parse_articles(*articles)
    ratification_rows = parse_ratifications(*ratifications)
    written = {"articles": 0, "ratifications": 0}
    with acting(acting_user, via=via):
        order = {c: i for i, c in enumerate(dict.fromkeys(r["chapter_number"] for r in article_rows))}
        chapters: dict[str, Chapter] = {}
        for number, position in order.items():
            title = next(r["chapter_title"] for r in article_rows if r["chapter_number"] == number)
            chapter = Chapter.objects.filter(number=number).first() or Chapter(number=number)
            if chapter.pk is None or chapter.title != title or chapter.order != position:
                chapter.title, chapter.order = title, position
                chapter.save()
            chapters[number] = chapter
        for row in article_rows:
            article = Article.objects.filter(number=row["number"]).first() or Article(number=row["number"])
            values = {
                "chapter": chapters[row["chapter_number"]],
                "title": row["article_title"],
                "obligation_kind": row["obligation_kind"],
                "summary": row["summary"],
                "is_confirmed": bool(row["article_title"]),
            }
            if article.pk is None or any(getattr(article, k) != v for k, v in values.items()):
                for key, value in values.items():
                    setattr(article, key, value)
                article.save()
                written["articles"] += 1
        countries = {c.code: c for c in Country.objects.all()}
        for row in ratification_rows:
            country = countries[row["country_code"]]
            found = Ratification.objects.filter(country=country).first() or Ratification(country=country)
            values = {
                "signed_on": row["signed_on"],
                "ratified_on": row["ratified_on"],
                "note": row["note"],
                "source": row["source"],
            }
            if found.pk is None or any(getattr(found, k) != v for k, v in values.items()):
                for key, value in values.items():
                    setattr(found, key, value)
                found.save()
                written["ratifications"] += 1
    return written
