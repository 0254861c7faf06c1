"""Sentence case for paragraphs the fact sheets set in capitals.

The sheets print their opening paragraph in capitals ("AUSTRALIA HAS PARTNERED WITH ASEAN MEMBER
STATES ..."). The data files quote it as the sheet has it, so that the source passage matches, and
the loader stores it in sentence case: shouted text is hard to read, and screen readers may spell
it out letter by letter. Capitals cannot say which words are names, so the casing of each word is
learnt from the mixed-case text around it (the seed documents and the other entries): "ASEAN" stays
in capitals, "Australia" keeps its capital, "member" becomes lower case. Names of several words
("ASEAN-Australia Counter Trafficking") are restored whole.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable

_WORD = re.compile(r"[^\W\d_]+(?:['\u2019][^\W\d_]+)?")
_SENTENCE_END = re.compile(r"[.!?:]\s*$")
# A paragraph is shouted when it has no lower-case letter and enough words to be prose, not an
# acronym or a heading such as "JUSTICE OUTCOMES".
_MIN_SHOUTED_WORDS = 6


class Vocabulary:
    """How words and names are written in mixed-case text: the casing most often seen mid-sentence."""

    def __init__(self, texts: Iterable[str] = (), names: Iterable[str] = ()) -> None:
        counts: dict[str, Counter[str]] = defaultdict(Counter)
        for text in texts:
            # Line by line: the PDF text runs a capitals paragraph on into mixed-case ones, and a line
            # without a lower-case letter (a heading, a shouted paragraph) says nothing of casing.
            for paragraph in text.splitlines():
                if not any(ch.islower() for ch in paragraph):
                    continue
                previous_end = 0
                for match in _WORD.finditer(paragraph):
                    before = paragraph[previous_end : match.start()]
                    previous_end = match.end()
                    starts_sentence = match.start() == 0 or bool(_SENTENCE_END.search(before))
                    word = match.group()
                    # A sentence's first word is capitalised whatever it is; only an all-capitals
                    # first word (an acronym) says something.
                    if starts_sentence and not (word.isupper() and len(word) > 1):
                        continue
                    counts[word.lower()][word] += 1
        self.words = {lower: seen.most_common(1)[0][0] for lower, seen in counts.items()}
        # Longest names first, so that a longer name wins over a name inside it.
        self.names = sorted({n.strip() for n in names if " " in n.strip() or "-" in n.strip()}, key=len, reverse=True)

    def word(self, word: str) -> str:
        """The word as mixed-case text writes it; lower case when it was never seen."""
        return self.words.get(word.lower(), word.lower())


def is_shouted(paragraph: str) -> bool:
    """Whether a paragraph is set in capitals: no lower-case letter and several words."""
    letters = [ch for ch in paragraph if ch.isalpha()]
    return (
        bool(letters)
        and not any(ch.islower() for ch in letters)
        and len(_WORD.findall(paragraph)) >= _MIN_SHOUTED_WORDS
    )


def sentence_case(paragraph: str, vocabulary: Vocabulary) -> str:
    """`paragraph` in sentence case: each word as the vocabulary writes it, each sentence capitalised."""
    out: list[str] = []
    previous_end = 0
    for match in _WORD.finditer(paragraph):
        before = paragraph[previous_end : match.start()]
        out.append(before)
        word = vocabulary.word(match.group())
        if match.start() == 0 or _SENTENCE_END.search(before) or not "".join(out).strip():
            word = word[:1].upper() + word[1:]
        out.append(word)
        previous_end = match.end()
    out.append(paragraph[previous_end:])
    text = "".join(out)
    for name in vocabulary.names:
        text = re.sub(re.escape(name), name, text, flags=re.IGNORECASE)
    return text


def unshout(text: str, vocabulary: Vocabulary) -> str:
    """`text` with each shouted paragraph in sentence case; other paragraphs as they are."""
    paragraphs = text.split("\n\n")
    return "\n\n".join(sentence_case(p, vocabulary) if is_shouted(p) else p for p in paragraphs)
