"""Figures inside achievement texts, read through the indicators engine for the requesting user.

A text names its figures as `[[CODE|PERIOD|PLACE]]`; the API shows the text with each reference
replaced by the figure's display value, and lists the references with a link to the data value they
come from. A figure the user may not see (or that has no value yet) reads as "(figure not available)".
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

from django.utils.translation import gettext as _

from acthub.indicators.choices import REGION
from acthub.indicators.engine import Figure, FigureSet
from acthub.indicators.references import Reference, parse_references
from acthub.program.models import Achievement

if TYPE_CHECKING:
    from acthub.core.models import Country


@dataclass(frozen=True)
class ResolvedReference:
    """One reference of a text, with the figure it names (None when there is none to show)."""

    reference: Reference
    place: str
    figure: Figure | None

    @property
    def token(self) -> str:
        ref = self.reference
        return f"[[{ref.code}|{ref.period}{'|' + ref.place if ref.place else ''}]]"


def place_of(achievement: Achievement) -> str:
    """The place a reference without one refers to: the achievement's own."""
    country = cast("Country | None", achievement.country)
    return country.code if country is not None else REGION


class FigureCache:
    """The figures a user may see, loaded once per program for all the achievements of a response."""

    def __init__(self, user: Any) -> None:
        self.user = user
        self._sets: dict[int, FigureSet] = {}
        self._resolved: dict[int, list[str | ResolvedReference]] = {}

    def prime(self, achievements: Iterable[Achievement]) -> None:
        """Load, in one engine call per program, every figure these achievements refer to."""
        codes: dict[int, set[str]] = defaultdict(set)
        places: dict[int, set[str]] = defaultdict(set)
        for achievement in achievements:
            if achievement.program_id in self._sets:
                continue
            for part in parse_references(achievement.text):
                if isinstance(part, Reference):
                    codes[achievement.program_id].add(part.code)
                    places[achievement.program_id].add(part.place or place_of(achievement))
        for program_id, program_codes in codes.items():
            self._sets[program_id] = FigureSet.load(
                program_id, self.user, places=places[program_id], codes=program_codes
            )

    def resolve(self, achievement: Achievement) -> list[str | ResolvedReference]:
        """The achievement's text as plain strings and resolved references, in order."""
        if achievement.pk in self._resolved:
            return self._resolved[achievement.pk]
        self.prime([achievement])
        figures = self._sets.get(achievement.program_id)
        default_place = place_of(achievement)
        parts: list[str | ResolvedReference] = []
        for part in parse_references(achievement.text):
            if isinstance(part, str):
                parts.append(part)
                continue
            place = part.place or default_place
            figure = figures.get(part.code, part.period, place) if figures is not None else None
            parts.append(ResolvedReference(part, place, figure))
        self._resolved[achievement.pk] = parts
        return parts


def render(parts: Iterable[str | ResolvedReference]) -> str:
    """The text people read: every reference replaced by its figure's display value."""
    missing = _("(figure not available)")
    return "".join(p if isinstance(p, str) else (p.figure.display if p.figure is not None else missing) for p in parts)
