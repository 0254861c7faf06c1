"""Disclosure control of a block, on random records: nothing small is published, nothing hidden can be solved.

The records are drawn as atoms (quarter x country x sex x age band counts); every cell that any public
query may show is then worked out from them, the block is protected, and an independent exact solver
(tests/auditor.py) tries every linear combination of the published cells, across totals, places and
overlapping periods, to recover each suppressed one.
"""

from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from acthub.indicators.disclosure import Block, protect, ratio_publishable
from acthub.indicators.query import calendar_block
from acthub.indicators.tests.auditor import PLACE, Domain, recoverable

YEAR = 2021
AXES = {"sex": ["female", "male", "another"], "age_band": ["18-20", "21-23", "24-26"]}
PLACES = ["KH", "LA"]
DOMAIN = Domain(YEAR, PLACES, AXES)
PERIODS = calendar_block([YEAR])


def every_cell() -> list[tuple[str, tuple[tuple[str, str], ...]]]:
    """Each cell a public query may show: every calendar period x at most two breakdowns, place counting as one."""
    axes = {PLACE: PLACES, **AXES}
    cells = []
    for period in PERIODS:
        for size in range(3):
            for names in itertools.combinations(sorted(axes), size):
                for values in itertools.product(*[axes[n] for n in names]):
                    cells.append((period, tuple(zip(names, values, strict=True))))
    return cells


CELLS = every_cell()


def block_of(counts: dict[tuple[str, ...], int], k: int) -> Block:
    values = {cell: DOMAIN.value(counts, *cell) for cell in CELLS}
    return protect(
        Block(periods=dict(PERIODS), values={c: v for c, v in values.items() if v}, axes={PLACE: PLACES, **AXES}, k=k)
    )


records = st.dictionaries(st.sampled_from(DOMAIN.atoms), st.integers(1, 30), max_size=12)


@settings(max_examples=150, deadline=None)
@given(counts=records, k=st.integers(2, 11))
def test_no_published_cell_is_small_and_no_suppressed_cell_can_be_solved(
    counts: dict[tuple[str, ...], int], k: int
) -> None:
    block = block_of(counts, k)
    published = [c for c in CELLS if not block.suppressed(c)]
    suppressed = [c for c in CELLS if block.suppressed(c)]
    for cell in published:
        assert not 0 < DOMAIN.value(counts, *cell) < k, cell
    assert recoverable(DOMAIN, published, suppressed) == []


def test_a_small_woman_count_hides_its_partner_not_the_total() -> None:
    """The first "Why": a total of 2 shown as <11 with female 1 and male 1 beside it."""
    counts = {(f"{YEAR}Q1", "LA", "female", "18-20"): 1, (f"{YEAR}Q1", "LA", "male", "18-20"): 1}
    block = block_of(counts, 11)
    for cell in [(str(YEAR), ()), (str(YEAR), (("sex", "female"),)), (str(YEAR), (("sex", "male"),))]:
        assert block.suppressed(cell)
    assert block.label((str(YEAR), (("sex", "female"),))) == "<11"


def test_overlapping_periods_do_not_give_a_quarter_away() -> None:
    """A year of 16 and a half-year of 15 would reveal one person in the other half."""
    counts = {(f"{YEAR}Q1", "LA", "female", "18-20"): 15, (f"{YEAR}Q3", "LA", "male", "21-23"): 1}
    block = block_of(counts, 11)
    assert block.suppressed((f"{YEAR}S2", ()))
    assert block.suppressed((str(YEAR), ())) or block.suppressed((f"{YEAR}S1", ()))
    published = [c for c in CELLS if not block.suppressed(c)]
    assert recoverable(DOMAIN, published, [(f"{YEAR}S2", ())]) == []


def test_a_large_table_publishes_everything() -> None:
    counts = dict.fromkeys(DOMAIN.atoms, 20)
    block = block_of(counts, 11)
    assert not any(block.suppressed(c) for c in CELLS)


def test_shares_need_a_denominator_and_parts_of_k() -> None:
    assert ratio_publishable(20, 40, 11) and ratio_publishable(0, 11, 11)
    assert not ratio_publishable(5, 40, 11)  # five women among forty
    assert not ratio_publishable(35, 40, 11)  # five men among forty
    assert not ratio_publishable(5, 10, 11) and not ratio_publishable(None, None, 11)
