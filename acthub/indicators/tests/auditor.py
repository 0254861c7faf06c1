"""An attacker's solver, independent of the engine: can a suppressed cell be worked out from published ones?

The unknowns are the atoms (quarter x country x every disaggregation value); every cell is the sum of
the atoms it covers. A suppressed cell can be recovered by a linear combination of published cells
exactly when its vector of atoms lies in the span of theirs. The span is kept in exact rational
row-echelon form (fractions, sparse rows), so the answer is exact.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping, Sequence
from fractions import Fraction

from acthub.core.periods import Period, parse_period

Atom = tuple[str, ...]  # (quarter id, place, value of each disaggregation in order)
PLACE = "place"


class Span:
    """The row space of a set of vectors over the rationals, for membership tests."""

    def __init__(self) -> None:
        self.rows: dict[int, dict[int, Fraction]] = {}  # pivot column -> row with 1 at the pivot, nothing left of it

    def _reduce(self, vector: Mapping[int, Fraction | int]) -> dict[int, Fraction]:
        v = {c: Fraction(x) for c, x in vector.items() if x}
        while v:
            c = min(v)
            row = self.rows.get(c)
            if row is None:
                return v
            factor = v[c]
            for col, x in row.items():
                y = v.get(col, Fraction(0)) - factor * x
                if y:
                    v[col] = y
                else:
                    v.pop(col, None)
        return v

    def add(self, vector: Mapping[int, Fraction | int]) -> None:
        v = self._reduce(vector)
        if v:
            pivot = min(v)
            self.rows[pivot] = {c: x / v[pivot] for c, x in v.items()}

    def contains(self, vector: Mapping[int, Fraction | int]) -> bool:
        return not self._reduce(vector)


class Domain:
    """The atoms of a year: its quarters x places x disaggregation values."""

    def __init__(self, year: int, places: Sequence[str], axes: Mapping[str, Sequence[str]]) -> None:
        self.quarters = [parse_period(f"{year}Q{n}") for n in range(1, 5)]
        self.places = list(places)
        self.dims = list(axes)
        self.atoms: list[Atom] = [
            (q.id, place, *values)
            for q in self.quarters
            for place in self.places
            for values in itertools.product(*[axes[d] for d in self.dims])
        ]
        self.number = {atom: i for i, atom in enumerate(self.atoms)}
        self._quarter = {q.id: q for q in self.quarters}

    def covers(self, period: Period, fixings: Iterable[tuple[str, str]], atom: Atom) -> bool:
        if not period.contains(self._quarter[atom[0]]):
            return False
        for axis, value in fixings:
            seen = atom[1] if axis == PLACE else atom[2 + self.dims.index(axis)]
            if seen != value:
                return False
        return True

    def vector(self, period_id: str, fixings: Iterable[tuple[str, str]]) -> dict[int, int]:
        period = parse_period(period_id)
        fixed = list(fixings)
        return {i: 1 for i, atom in enumerate(self.atoms) if self.covers(period, fixed, atom)}

    def value(self, counts: Mapping[Atom, int], period_id: str, fixings: Iterable[tuple[str, str]]) -> int:
        return sum(counts.get(self.atoms[i], 0) for i in self.vector(period_id, fixings))


def recoverable(
    domain: Domain,
    published: Iterable[tuple[str, tuple[tuple[str, str], ...]]],
    suppressed: Iterable[tuple[str, tuple[tuple[str, str], ...]]],
) -> list[tuple[str, tuple[tuple[str, str], ...]]]:
    """The suppressed cells that a linear combination of the published cells gives away."""
    span = Span()
    for period, fixings in published:
        span.add(domain.vector(period, fixings))
    return [cell for cell in suppressed if span.contains(domain.vector(*cell))]
