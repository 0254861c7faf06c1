"""Disclosure control on random tables: no suppressed cell can be worked out from what is published."""

from __future__ import annotations

from collections import deque

from hypothesis import given, settings
from hypothesis import strategies as st

from acthub.indicators.disclosure import Table, protect, ratio_publishable

Grid = list[list[int]]


def consistent(grid: Grid) -> bool:
    """Inner cells add up to every margin, and nothing is negative."""
    rows, cols = len(grid) - 1, len(grid[0]) - 1
    return (
        all(v >= 0 for row in grid for v in row)
        and all(sum(grid[r][:cols]) == grid[r][cols] for r in range(rows + 1))
        and all(sum(grid[r][c] for r in range(rows)) == grid[rows][c] for c in range(cols + 1))
    )


def another_table(grid: Grid, suppressed: set[tuple[int, int]], cell: tuple[int, int]) -> Grid | None:
    """A different table with the same published cells and margins, or None if none is found.

    Independent of the implementation: a cycle through `cell` in the graph of suppressed cells,
    found by breadth-first search, and a +1/-1 change around it checked directly against the margins.
    """
    rows = len(grid)
    graph: dict[int, list[tuple[int, tuple[int, int]]]] = {}
    for r, c in suppressed:
        if (r, c) != cell:
            graph.setdefault(r, []).append((rows + c, (r, c)))
            graph.setdefault(rows + c, []).append((r, (r, c)))
    start, goal = rows + cell[1], cell[0]
    back: dict[int, tuple[int, tuple[int, int]]] = {}
    queue, seen = deque([start]), {start}
    while queue:
        vertex = queue.popleft()
        for nxt, edge in graph.get(vertex, []):
            if nxt not in seen:
                seen.add(nxt)
                back[nxt] = (vertex, edge)
                queue.append(nxt)
    if goal not in seen:
        return None
    cycle = [cell]
    vertex = goal
    while vertex != start:
        vertex, edge = back[vertex]
        cycle.append(edge)
    last_r, last_c = len(grid) - 1, len(grid[0]) - 1
    for first in (1, -1):
        trial = [row[:] for row in grid]
        for i, (r, c) in enumerate(cycle):
            step = first if i % 2 == 0 else -first
            margin = (r == last_r) != (c == last_c)  # a row or column total: negated in the zero-sum grid
            trial[r][c] += -step if margin else step
        if consistent(trial):
            return trial
    return None


tables = st.integers(1, 4).flatmap(
    lambda r: st.integers(1, 4).flatmap(
        lambda c: st.lists(st.lists(st.integers(0, 25), min_size=c, max_size=c), min_size=r, max_size=r)
    )
)


@settings(max_examples=400, deadline=None)
@given(cells=tables, k=st.integers(2, 11))
def test_no_suppressed_cell_can_be_recovered(cells: list[list[int]], k: int) -> None:
    table = protect(Table.from_cells(cells), k)
    truth = Table.from_cells(cells).grid
    assert table.grid == truth  # published cells are the true values
    rows, cols = table.shape
    for r in range(rows):
        for c in range(cols):
            if 0 < truth[r][c] < k:
                assert (r, c) in table.suppressed  # every small count is hidden
    for position in table.suppressed:
        other = another_table(truth, table.suppressed, position)
        assert other is not None, f"{position} of {truth} can be worked out"
        assert other[position[0]][position[1]] != truth[position[0]][position[1]]
        published = {(r, c) for r in range(rows) for c in range(cols)} - table.suppressed
        assert all(other[r][c] == truth[r][c] for r, c in published)


def test_a_lone_small_count_hides_its_neighbour_and_keeps_the_total() -> None:
    table = protect(Table.from_cells([[26], [3]]), 11)
    assert (1, 0) in table.primary and (0, 0) in table.suppressed
    assert (2, 0) not in table.suppressed  # the total of 29 is still published


def test_nothing_to_hide() -> None:
    assert not protect(Table.from_cells([[0, 12], [40, 11]]), 11).suppressed


def test_ratios_need_a_denominator_of_k() -> None:
    assert ratio_publishable(11, 11) and not ratio_publishable(10, 11) and not ratio_publishable(None, 11)
