"""The seed documents and the check that a quoted passage really occurs in its document.

The two fact sheets come from different extractions: the regional one is Markdown (escaped
parentheses, links, bold), the Lao one is text taken from a PDF whose lines wrap mid-word, sometimes
keeping the hyphen ("Anti-\\nHuman") and sometimes losing it ("AntiHuman", "victimsensitive"). A
passage is compared after both sides go through the same normalisation, so data files can quote
sentences as people read them.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

SOURCES_DIR = Path(__file__).resolve().parent / "sources"

# The seed documents by their titles (the fact sheets' own), and when they were issued as printed.
# Both are public fact sheets, so their pages are public.
TITLES: dict[str, tuple[str, str]] = {
    "000_aee13d18c94f0f78.txt": ("ASEAN-ACT fact sheet: the regional program", ""),
    "004_5414d989585b8bed.txt": ("ASEAN-ACT fact sheet: Lao PDR", "June 2021"),
}

# Reference data (country codes, ASEAN membership dates) is not taken from a seed document.
REFERENCE_DATA = "ASEAN membership (reference data)"

_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})
_MD_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_MD_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!$])")
_BROKEN_LINE = re.compile(r"-[ \t]*\n\s*")
_SPACE = re.compile(r"\s+")


def normalise(text: str) -> str:
    """The comparison form of a text: plain quotes, no Markdown, no hyphens, single spaces."""
    text = text.translate(_QUOTES)
    text = _MD_LINK.sub(r"\1", text)
    text = _MD_ESCAPE.sub(r"\1", text)
    text = text.replace("**", "")
    # A hyphen at a line break may or may not belong to the word; dropping every hyphen on both
    # sides makes "Anti-\nHuman", "AntiHuman" and "Anti-Human" compare equal.
    text = _BROKEN_LINE.sub("", text)
    text = text.replace("-", "")
    return _SPACE.sub(" ", text).strip()


def document_names(sources_dir: Path = SOURCES_DIR) -> list[str]:
    """The file names of the seed documents that passages may cite."""
    return sorted(p.name for p in sources_dir.glob("*.txt"))


@cache
def _normalised_document(path: Path) -> str:
    return normalise(path.read_text(encoding="utf-8"))


def passage_occurs(document: str, passage: str, sources_dir: Path = SOURCES_DIR) -> bool:
    """Whether `passage` occurs in the seed document named `document` (after normalising both)."""
    path = sources_dir / document
    if not path.is_file():
        return False
    needle = normalise(passage)
    return bool(needle) and needle in _normalised_document(path.resolve())
