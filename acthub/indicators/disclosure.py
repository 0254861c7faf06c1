"""Disclosure control of public figures about victims, survivors and defendants (design.md section 3).

The engine applies it in one place (`acthub.indicators.query`), as the last step before any public
output, over the *block* a public cell belongs to: for one sensitive indicator and one calendar year,
every cell that any public query may show, namely each calendar period of the year (the year, its
half-years and quarters) x the region and every country x every disaggregation, with at most two
breakdowns per cell (a country counts as one). A cell is written as its period and its *fixings*, the
breakdowns it fixes: `(("place", "LA"), ("sex", "female"))`; no fixing is the regional total.

Rules:
1. Primary suppression: a count with 0 < n < k is shown as "<k".
2. Complementary suppression: no suppressed cell can be worked out by any linear combination of the
   published cells, whatever the tables, totals, places and overlapping periods an attacker combines.
3. A percentage or mean is shown only where its denominator and both of its parts are at least k.

Why rule 2 holds, for every output at once. Think of the records as counts in *atoms*: the finest
cells (quarter x country x every disaggregation value). Every cell of the block is a sum of atoms.
For each primary cell y that is not yet covered, the engine picks a perturbation delta of the atoms that
changes y: in one quarter q inside y's period, for each breakdown y fixes, a unit moves from y's value
to a partner value of the same breakdown (a 2 x 2 swap for two fixings, as complementary suppression
does in a table). Every cell the perturbation changes is suppressed. A published cell is, by
construction, unchanged by every chosen perturbation, and every suppressed cell is changed by one of
them: so two different sets of records give the same published cells and different values of that
suppressed cell, which no linear combination of published cells can tell apart. A cell changes
under delta exactly when it fixes every breakdown of delta to one of its two values and its period
contains q; values of the breakdowns delta does not move do not matter (we suppress for every choice
of them, which is the union of perturbations that are each valid on its own). The decision depends
only on the block, never on the query that asked, so a cell has the same published value in every
page, download, chart, API answer and fact sheet.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any

from acthub.core.periods import Period

Fixings = tuple[tuple[str, str], ...]  # sorted (breakdown, value) pairs; () is the total
Key = tuple[str, Fixings]  # (period id, fixings)
PRIMARY, COMPLEMENTARY = "primary", "complementary"


@dataclass(frozen=True)
class Perturbation:
    """A change of the atoms that keeps every published cell and changes the cell it protects.

    One unit moves, in every breakdown the protected cell fixes, between the cell's value and a
    `partner` value (a 2 x 2 swap for two breakdowns), and in time between `quarter` and
    `partner_quarter` (a quarter of the same half-year, or of the other half for a half-year), all
    other breakdowns at their `rest` values. A year has no partner quarter inside its block, and a
    breakdown with a single value no partner: then the unit simply leaves, and the totals over that
    breakdown change too.
    """

    quarter: str
    partner_quarter: str | None
    moves: tuple[tuple[str, str, str | None], ...]
    rest: tuple[tuple[str, str], ...]

    def changes(self, period: Period, fixings: Fixings, quarters: Mapping[str, Period]) -> bool:
        """Whether the cell of `period` and `fixings` changes under this perturbation."""
        has = period.contains(quarters[self.quarter])
        if self.partner_quarter is None:
            if not has:
                return False
        elif has == period.contains(quarters[self.partner_quarter]):
            return False
        fixed = dict(fixings)
        for axis, value, partner in self.moves:
            seen = fixed.pop(axis, None)
            if partner is None:
                if seen not in (None, value):
                    return False
            elif seen not in (value, partner):
                return False
        rest = dict(self.rest)
        return all(rest.get(axis) == value for axis, value in fixed.items())

    def periods(self, periods: Mapping[str, Period]) -> list[str]:
        """The periods of the block whose cells it may change."""
        quarters = atoms(periods)
        return [pid for pid, p in periods.items() if self._touches(p, quarters)]

    def _touches(self, period: Period, quarters: Mapping[str, Period]) -> bool:
        has = period.contains(quarters[self.quarter])
        if self.partner_quarter is None:
            return has
        return has != period.contains(quarters[self.partner_quarter])


@dataclass
class Block:
    """The cells of one sensitive indicator and its years, and what disclosure control decided for them.

    `values` holds the cells with records; a cell not in it is a zero, which is suppressed too when a
    perturbation changes it (a published zero would pin the perturbation down). `min_fixings` is the
    number of breakdowns a small cell must fix to be suppressed itself: 0 for sensitive indicators
    (every small cell), 2 of the personal `of_axes` for the one-day rule of non-sensitive person counts (a small
    cell of a two-way personal breakdown, see acthub.indicators.query).
    """

    periods: dict[str, Period]
    values: dict[Key, int]
    axes: dict[str, list[str]]
    k: int
    min_fixings: int = 0
    of_axes: frozenset[str] | None = None  # the breakdowns `min_fixings` counts (None: every one)
    perturbations: list[Perturbation] = field(default_factory=list)
    _decisions: dict[Key, str | None] = field(default_factory=dict, repr=False)
    _index: _Index | None = field(default=None, repr=False)

    def decision(self, key: Key) -> str | None:
        """PRIMARY, COMPLEMENTARY, or None for a published cell."""
        if key not in self._decisions:
            if self.primary(key):
                self._decisions[key] = PRIMARY
            elif self._index is not None and self._index.changed(key[0], key[1]):
                self._decisions[key] = COMPLEMENTARY
            else:
                self._decisions[key] = None
        return self._decisions[key]

    def primary(self, key: Key) -> bool:
        """Whether the cell is small enough to be hidden for itself (rule 1)."""
        fixed = [axis for axis, _v in key[1] if self.of_axes is None or axis in self.of_axes]
        return 0 < self.values.get(key, 0) < self.k and len(fixed) >= self.min_fixings

    def suppressed(self, key: Key) -> bool:
        return self.decision(key) is not None

    def label(self, key: Key) -> str:
        """How a suppressed cell reads: "<k" for a small count, "x" for one hidden to protect another."""
        return f"<{self.k}" if self.decision(key) == PRIMARY else "x"


def atoms(periods: Mapping[str, Period]) -> dict[str, Period]:
    """The finest periods of a block, of which every other is a union: its quarters.

    A block of a single period (the one-day block of a non-sensitive person count) is its own atom.
    """
    quarters = {pid: p for pid, p in periods.items() if p.kind == "quarterly"}
    return quarters or (dict(periods) if len(periods) == 1 else {})


def quarters_of(period: Period, periods: Mapping[str, Period]) -> list[str]:
    """The quarters (atoms) of the block that lie inside a period, in date order."""
    return sorted(
        (pid for pid, p in atoms(periods).items() if period.contains(p)),
        key=lambda pid: periods[pid].start,
    )


class _Index:
    """Perturbations looked up by period and by the values of the breakdowns they move."""

    def __init__(self, periods: Mapping[str, Period]) -> None:
        self.periods = periods
        self.quarters = atoms(periods)
        self.by_key: dict[tuple[str, Fixings], list[Perturbation]] = defaultdict(list)
        self.unpaired: list[Perturbation] = []

    def add(self, delta: Perturbation) -> None:
        if any(partner is None for _a, _v, partner in delta.moves):
            self.unpaired.append(delta)  # rare (a single country): checked one by one
            return
        choices = [[(axis, value), (axis, partner)] for axis, value, partner in delta.moves]
        for period in delta.periods(self.periods):
            for pick in _product(choices):
                self.by_key[(period, tuple(sorted(pick)))].append(delta)  # type: ignore[arg-type]

    def changed(self, period_id: str, fixings: Fixings) -> bool:
        period = self.periods[period_id]
        for size in range(len(fixings) + 1):
            for subset in combinations(fixings, size):
                for delta in self.by_key.get((period_id, subset), ()):
                    if delta.changes(period, fixings, self.quarters):
                        return True
        return any(d.changes(period, fixings, self.quarters) for d in self.unpaired)


def _product(choices: Sequence[Sequence[tuple[str, str | None]]]) -> Iterable[tuple[tuple[str, str | None], ...]]:
    if not choices:
        yield ()
        return
    for first in choices[0]:
        for rest in _product(choices[1:]):
            yield (first, *rest)


def _order(block: Block, key: Key) -> tuple[int, int, object, Fixings]:
    period = block.periods[key[0]]
    return (len(key[1]), -(period.end - period.start).days, period.start, key[1])


def _partner_quarter(block: Block, period: Period, quarter: str) -> str | None:
    """Where in time the unit moves: a sibling quarter for a quarter, a quarter of the other half for a half-year."""
    quarters = [q for q in block.periods if block.periods[q].kind == "quarterly" and q[:4] == period.id[:4]]
    quarters.sort(key=lambda q: block.periods[q].start)
    if period.kind == "quarterly":
        half = (period.start.month - 1) // 6
        others = [q for q in quarters if q != quarter and (block.periods[q].start.month - 1) // 6 == half]
    elif period.kind == "six_monthly":
        others = [q for q in quarters if not period.contains(block.periods[q])]
    else:
        return None
    return others[0] if others else None


def _perturbation(block: Block, key: Key) -> Perturbation:
    """A perturbation that changes the cell, moving units where the records are (largest partners first).

    Every choice reads only cells of the block, so it is the same whichever query asked.
    """
    period_id, fixings = key
    period = block.periods[period_id]
    inside = quarters_of(period, block.periods)
    quarter = max(inside, key=lambda q: (block.values.get((q, fixings), 0), -inside.index(q)))
    partner_quarter = _partner_quarter(block, period, quarter)
    moves = []
    for axis, value in fixings:
        others = [v for v in block.axes.get(axis, []) if v != value]

        def size(v: str, axis: str = axis) -> int:
            swapped = tuple(sorted((a, v if a == axis else x) for a, x in fixings))
            return block.values.get((quarter, swapped), 0)

        partner = max(others, key=lambda v: (size(v), -others.index(v))) if others else None
        moves.append((axis, value, partner))
    fixed = dict(fixings)
    rest = []
    for axis, values in block.axes.items():
        if axis in fixed or not values:
            continue

        def weight(v: str, axis: str = axis) -> int:
            return block.values.get((quarter, tuple(sorted([*fixings, (axis, v)]))), 0)

        rest.append((axis, max(values, key=lambda v: (weight(v), -values.index(v)))))
    return Perturbation(quarter, partner_quarter, tuple(moves), tuple(rest))


def protect(block: Block) -> Block:
    """Choose (in place) the perturbations that protect every small cell of the block, and return it.

    Which cells are suppressed is then `block.decision(key)`, worked out for the cells a query shows.
    """
    primary = sorted((key for key in block.values if block.primary(key)), key=lambda key: _order(block, key))
    index = _Index(block.periods)
    for key in primary:
        if not index.changed(key[0], key[1]):
            delta = _perturbation(block, key)
            index.add(delta)
            block.perturbations.append(delta)
    block._index = index
    block._decisions.clear()
    return block


def ratio_publishable(numerator: int | None, denominator: int | None, k: int) -> bool:
    """Rule 3: a share is shown only where its denominator, numerator and the rest are each at least k.

    A share with a small numerator (or a small rest) would tell a small count as surely as the count.
    """
    if denominator is None or denominator < k:
        return False
    if numerator is None:
        return True  # a mean: only its denominator is a count of people
    return numerator == 0 or (numerator >= k and (denominator - numerator == 0 or denominator - numerator >= k))


RatioKey = tuple[str, str, tuple[str, ...]]  # (period id, place or the region, group values; "" is the total)


def complement_ratios(
    shown: Mapping[RatioKey, int], hidden: Iterable[RatioKey], region: str, total: str = ""
) -> set[RatioKey]:
    """Rule 2 for shares and means: the further cells to suppress so that no hidden cell's parts can be solved.

    A share's numerator and denominator are counts, and they add up: the region's are the sum of its
    countries', a total's the sum of its groups'. `shown` maps each publishable cell with records to
    its denominator; `hidden` are the cells rule 3 suppressed. Along every line of cells that adds up
    to a published margin, one hidden member is the margin less the others: so while a line has
    exactly one hidden member with records, the smallest shown member of the line is hidden as well
    (a cell without records is a known zero and does not help). Returns the cells to hide besides.
    """
    shown = dict(shown)
    hidden_set = set(hidden)
    added: set[RatioKey] = set()
    changed = True
    while changed:
        changed = False
        lines: dict[tuple[Any, ...], list[RatioKey]] = defaultdict(list)
        for key in [*shown, *hidden_set]:
            period, place, group = key
            if place != region:
                lines[("place", period, group)].append(key)
            for i, value in enumerate(group):
                if value != total:
                    lines[("group", i, period, place, group[:i] + group[i + 1 :])].append(key)
        for line, members in lines.items():
            if line[0] == "place":
                margin: RatioKey = (line[1], region, line[2])
            else:
                _kind, i, period, place, rest = line
                margin = (period, place, (*rest[:i], total, *rest[i:]))
            if margin not in shown:
                continue
            if len([m for m in members if m in hidden_set]) != 1:
                continue
            candidates = sorted((m for m in members if m in shown), key=lambda m: (shown[m], m))
            chosen = candidates[0] if candidates else margin
            shown.pop(chosen)
            hidden_set.add(chosen)
            added.add(chosen)
            changed = True
            break
    return added
