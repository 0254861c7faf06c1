"""Every fact cites a passage that really is in its seed document."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from acthub.seed.kinds import KINDS
from acthub.seed.loader import DATA_DIR
from acthub.seed.reading import read_entries
from acthub.seed.sources import REFERENCE_DATA, SOURCES_DIR, document_names, normalise, passage_occurs

LAO = "004_5414d989585b8bed.txt"
REGIONAL = "000_aee13d18c94f0f78.txt"


def citations() -> Iterator[tuple[str, int, str, str]]:
    for kind in KINDS:
        for index, entry in enumerate(read_entries(DATA_DIR / kind.file_name), start=1):
            source: Any = entry["source"]
            for item in source if isinstance(source, list) else [source]:
                yield kind.file_name, index, item["document"], item["passage"]


def test_sources_are_the_two_seed_documents() -> None:
    assert document_names() == [REGIONAL, LAO]
    assert (SOURCES_DIR / LAO).read_text(encoding="utf-8").startswith(" LAO PDR")


def test_every_entry_of_every_file_cites_a_source() -> None:
    for kind in KINDS:
        for entry in read_entries(DATA_DIR / kind.file_name):
            assert "source" in entry, f"{kind.file_name} line {entry.line}"


def test_every_passage_occurs_in_its_document() -> None:
    cited = list(citations())
    assert len(cited) > 150
    missing = [
        (file, index, passage)
        for file, index, document, passage in cited
        if document != REFERENCE_DATA and not passage_occurs(document, passage)
    ]
    assert missing == []
    # Only the countries are reference data, and Timor-Leste's RPSC seat, which starts at its accession;
    # everything else comes from the sheets.
    assert {file for file, _i, document, _p in cited if document == REFERENCE_DATA} == {
        "countries.yaml",
        "governance_memberships.yaml",
    }
    assert {document for _f, _i, document, _p in cited} == {REGIONAL, LAO, REFERENCE_DATA}


def test_story_body_is_verbatim() -> None:
    (story,) = read_entries(DATA_DIR / "stories.yaml")
    paragraphs = [p for p in story["body"].split("\n\n") if p.strip()]
    assert len(paragraphs) == 4
    for paragraph in paragraphs:
        assert passage_occurs(LAO, paragraph), paragraph


@pytest.mark.parametrize(
    ("passage", "document"),
    [
        ("National Program Steering Committee (NPSC) on Anti-Human Trafficking.", LAO),  # "AntiHuman"
        ("This has led to the development of victim-sensitive guidelines for judges.", LAO),  # "victimsensitive"
        ("in partnership with the People's Supreme Court", LAO),  # curly apostrophe in the sheet
        ("Anti-Human Trafficking Department, Ministry of Public Security", LAO),  # wrapped over lines
        ("the ASEAN Convention against Trafficking in Persons, Especially Women and Children (ACTIP).", REGIONAL),
        ("10-year program (2018-2028) $A80 million", REGIONAL),  # Markdown escape "\$"
    ],
)
def test_normalisation_bridges_extraction_damage(passage: str, document: str) -> None:
    assert passage_occurs(document, passage)


@pytest.mark.parametrize(
    ("passage", "document"),
    [
        ("Facilitated workshops with 23 judges", LAO),
        ("31 multi-year projects in five countries", LAO),  # the right words, the wrong sheet
        ("   ", LAO),
        ("anything", "no-such-document.txt"),
    ],
)
def test_passages_not_in_the_document_are_refused(passage: str, document: str) -> None:
    assert not passage_occurs(document, passage)


def test_normalise() -> None:
    assert normalise("Anti-\nHuman  Trafficking") == normalise("AntiHuman Trafficking") == "AntiHuman Trafficking"
    assert normalise("[grants program](#) \\(ACTIP\\) **31**") == "grants program (ACTIP) 31"
