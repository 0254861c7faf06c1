"""What changed between two JSON documents of a sheet: figures and sections added, removed or changed."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class FigureChange:
    """One figure in one or both documents: `before` and `after` are its JSON entries (None if absent)."""

    id: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None

    @property
    def entry(self) -> dict[str, Any]:
        """The figure's latest JSON entry (the draft's, else the edition's)."""
        return self.after or self.before or {}


@dataclass(frozen=True)
class SectionChange:
    """A section present in one or both documents."""

    id: str
    title: str


@dataclass
class SheetDiff:
    """Figure-level and section-level differences; empty lists mean the documents say the same."""

    figures_added: list[FigureChange] = field(default_factory=list)
    figures_removed: list[FigureChange] = field(default_factory=list)
    figures_changed: list[FigureChange] = field(default_factory=list)
    sections_added: list[SectionChange] = field(default_factory=list)
    sections_removed: list[SectionChange] = field(default_factory=list)
    sections_changed: list[SectionChange] = field(default_factory=list)
    same_language: bool = True

    @property
    def is_empty(self) -> bool:
        """Whether nothing changed."""
        return not (
            self.figures_added
            or self.figures_removed
            or self.figures_changed
            or self.sections_added
            or self.sections_removed
            or self.sections_changed
        )


def _figures(document: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {entry["id"]: entry for entry in document.get("figures", [])}


def _sections(document: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {entry["id"]: entry for entry in document.get("sections", [])}


def diff_documents(before: dict[str, Any], after: dict[str, Any]) -> SheetDiff:
    """Compare an edition's JSON (`before`) with a draft's (`after`).

    A figure changed when its value did (its display follows the value and the language). A section
    changed when its rendered text did; that is only compared between documents in one language.
    """
    diff = SheetDiff(same_language=before.get("language") == after.get("language"))
    old, new = _figures(before), _figures(after)
    for key in sorted(new.keys() - old.keys()):
        diff.figures_added.append(FigureChange(key, None, new[key]))
    for key in sorted(old.keys() - new.keys()):
        diff.figures_removed.append(FigureChange(key, old[key], None))
    for key in sorted(old.keys() & new.keys()):
        if old[key].get("value") != new[key].get("value"):
            diff.figures_changed.append(FigureChange(key, old[key], new[key]))
    old_sections, new_sections = _sections(before), _sections(after)
    for key, entry in new_sections.items():
        if key not in old_sections:
            diff.sections_added.append(SectionChange(key, entry.get("title", key)))
        elif diff.same_language and old_sections[key].get("sha256") != entry.get("sha256"):
            diff.sections_changed.append(SectionChange(key, entry.get("title", key)))
    for key, entry in old_sections.items():
        if key not in new_sections:
            diff.sections_removed.append(SectionChange(key, entry.get("title", key)))
    return diff
