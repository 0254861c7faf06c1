"""Folding text for matching: case and Latin diacritics go, the region's scripts keep every mark.

Lao, Khmer, Thai and Burmese write vowels and tones as combining marks: stripping every mark (what a
"remove diacritics" option does) would merge different words. Only the marks of the Combining
Diacritical Marks block (U+0300-U+036F), which Latin scripts use (Vietnamese, French, ...), are
removed, after canonical decomposition. Zero-width characters, used as invisible word breaks in
Burmese and Khmer text, are dropped so that a word matches whether or not its writer put them in.

The same function folds the indexed text and the query, on SQLite and PostgreSQL alike: the databases
only ever compare folded strings, so both find the same records.
"""

from __future__ import annotations

import re
import unicodedata

_LATIN_MARKS = re.compile("[\u0300-\u036f]")
_ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_SPACES = re.compile(r"\s+")
# Text of only ASCII and the Thai, Lao, Myanmar and Khmer blocks has no Latin marks to strip: folding it is
# case folding and NFC (the same result as the full path, which would only decompose and recompose it).
_NEEDS_FULL_FOLD = re.compile("[^\x00-\x7f\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff]")
# Latin letters that carry their mark in the letter itself (no decomposition).
_LETTERS = str.maketrans({"đ": "d", "ø": "o", "ł": "l", "æ": "ae", "œ": "oe", "\u0131": "i", "þ": "th", "ð": "d"})


def fold(text: str) -> str:
    """Lower case, no Latin diacritics, no zero-width characters, single spaces, NFC."""
    if text.isascii():
        return _SPACES.sub(" ", text.lower()).strip()
    if not _NEEDS_FULL_FOLD.search(text):
        return _SPACES.sub(" ", unicodedata.normalize("NFC", text.casefold())).strip()
    text = unicodedata.normalize("NFD", text)
    text = _LATIN_MARKS.sub("", text)
    text = _ZERO_WIDTH.sub("", text)
    text = unicodedata.normalize("NFC", text.casefold()).translate(_LETTERS)
    return _SPACES.sub(" ", text).strip()


def fold_with_map(text: str) -> tuple[str, list[int]]:
    """The folded text and, for each of its characters, the index of the original character it came from.

    Folding character by character gives the same result as `fold` on NFC text (the index keeps
    text in NFC), and lets a snippet highlight the original words at the folded match.
    """
    out: list[str] = []
    origin: list[int] = []
    last_space = True
    for i, char in enumerate(text):
        if char.isspace():
            if not last_space:
                out.append(" ")
                origin.append(i)
            last_space = True
            continue
        folded = fold(char) if not char.isascii() else char.lower()
        for piece in folded:
            out.append(piece)
            origin.append(i)
        if folded:
            last_space = False
    while out and out[-1] == " ":
        out.pop()
        origin.pop()
    return "".join(out), origin


def terms(query: str, limit: int = 8) -> list[str]:
    """The folded words of a query (all must match), longest first, duplicates dropped."""
    seen: dict[str, None] = {}
    for word in fold(query.replace('"', " ")).split(" "):
        if word and word not in seen:
            seen[word] = None
    return sorted(seen, key=len, reverse=True)[:limit]
