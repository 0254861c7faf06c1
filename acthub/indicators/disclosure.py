"""Disclosure control of public tables about victims, survivors and defendants (design.md section 3).

A table is a grid of counts with its row totals, column totals and grand total, all published. Rules:
1. Primary suppression: a count with 0 < n < k is shown as "<k".
2. Complementary suppression: no suppressed cell may be worked out from the published cells and totals.
3. A percentage or mean is shown only where its denominator is at least k.

Why rule 2 holds. Write the table with its margins as an (R+1) x (C+1) grid, totals negated, so that
every row and every column sums to zero. Values of suppressed cells can then change together along
any cycle of the bipartite graph whose vertices are the grid's rows and columns and whose edges are
the suppressed cells (+1, -1, +1, ... around the cycle keeps every sum). A suppressed cell lies on no
cycle exactly when it is a bridge of that graph, and only then is it determined. So suppression goes
on until the graph has no bridge, and only cells of at least 1 are suppressed, so a change of one
either way keeps every count non-negative: each suppressed cell has at least two possible values.
Cells added to break a bridge are chosen along the cheapest path (smallest published values lost).
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

Position = tuple[int, int]  # (row, column) in the grid with margins; row R and column C are totals


@dataclass
class Table:
    """Counts of an R x C table and its margins, as an (R+1) x (C+1) grid (last row/column: totals)."""

    grid: list[list[int]]
    suppressed: set[Position] = field(default_factory=set)
    primary: set[Position] = field(default_factory=set)

    @classmethod
    def from_cells(cls, cells: Sequence[Sequence[int]]) -> Table:
        """A table from its inner cells; the margins are their sums."""
        rows = [[*r, sum(r)] for r in cells]
        totals = [sum(col) for col in zip(*rows, strict=True)] if rows else [0]
        return cls(grid=[*rows, totals])

    @property
    def shape(self) -> tuple[int, int]:
        return len(self.grid), len(self.grid[0])


def protect(table: Table, k: int) -> Table:
    """Suppress what must be suppressed (in place) and return the table."""
    rows, cols = table.shape
    for r in range(rows):
        for c in range(cols):
            if 0 < table.grid[r][c] < k:
                table.primary.add((r, c))
    table.suppressed |= table.primary
    if not table.suppressed:
        return table
    while (bridge := _find_bridge(table)) is not None:
        path = _cheapest_path(table, bridge)
        if not path:  # cannot happen with a positive total; if it did, hide everything rather than leak
            table.suppressed |= {(r, c) for r in range(rows) for c in range(cols) if table.grid[r][c] > 0}
            break
        table.suppressed |= path
    return table


def _edges(table: Table) -> dict[int, list[tuple[int, Position]]]:
    """Adjacency of the bipartite graph: row r is vertex r, column c is vertex rows + c."""
    rows, _cols = table.shape
    graph: dict[int, list[tuple[int, Position]]] = defaultdict(list)
    for r, c in table.suppressed:
        graph[r].append((rows + c, (r, c)))
        graph[rows + c].append((r, (r, c)))
    return graph


def _find_bridge(table: Table) -> Position | None:
    """A suppressed cell on no cycle (Tarjan's bridge search, iterative), or None."""
    graph = _edges(table)
    order: dict[int, int] = {}
    low: dict[int, int] = {}
    counter = 0
    for root in graph:
        if root in order:
            continue
        order[root] = low[root] = counter
        counter += 1
        stack: list[tuple[int, Position | None, int]] = [(root, None, 0)]
        while stack:
            vertex, via, index = stack[-1]
            if index < len(graph[vertex]):
                stack[-1] = (vertex, via, index + 1)
                nxt, edge = graph[vertex][index]
                if edge == via:
                    continue
                if nxt in order:
                    low[vertex] = min(low[vertex], order[nxt])
                else:
                    order[nxt] = low[nxt] = counter
                    counter += 1
                    stack.append((nxt, edge, 0))
            else:
                stack.pop()
                if stack:
                    parent = stack[-1][0]
                    low[parent] = min(low[parent], low[vertex])
                    if low[vertex] > order[parent] and via is not None:
                        return via
    return None


def _cheapest_path(table: Table, bridge: Position) -> set[Position]:
    """Cells closing a cycle through `bridge`: a cheapest path between its ends not using it.

    Suppressed cells cost nothing, published cells their value; only cells of at least 1 are used.
    """
    rows, cols = table.shape
    start, goal = bridge[0], rows + bridge[1]
    best: dict[int, int] = {start: 0}
    back: dict[int, tuple[int, Position]] = {}
    queue = [(0, start)]
    while queue:
        cost, vertex = heapq.heappop(queue)
        if vertex == goal:
            break
        if cost > best.get(vertex, cost):
            continue
        if vertex < rows:
            neighbours = [(rows + c, (vertex, c)) for c in range(cols)]
        else:
            neighbours = [(r, (r, vertex - rows)) for r in range(rows)]
        for nxt, cell in neighbours:
            if cell == bridge or table.grid[cell[0]][cell[1]] < 1:
                continue
            step = 0 if cell in table.suppressed else table.grid[cell[0]][cell[1]]
            if cost + step < best.get(nxt, cost + step + 1):
                best[nxt] = cost + step
                back[nxt] = (vertex, cell)
                heapq.heappush(queue, (cost + step, nxt))
    if goal not in back:
        return set()
    path: set[Position] = set()
    vertex = goal
    while vertex != start:
        vertex, cell = back[vertex]
        path.add(cell)
    return path


def ratio_publishable(denominator: int | None, k: int) -> bool:
    """Rule 3: a percentage or mean is shown only over at least k."""
    return denominator is not None and denominator >= k


def label(value: int, k: int, *, primary: bool) -> str:
    """How a suppressed cell reads: "<k" for a small count, "x" for one hidden to protect another."""
    return f"<{k}" if primary and 0 < value < k else "x"


def protect_mapping(
    cells: Mapping[tuple[str, str], int],
    rows: Sequence[str],
    cols: Sequence[str],
    totals: tuple[str, str],
    k: int,
) -> set[tuple[str, str]]:
    """Suppress a table given as {(row, col): n}; `totals` names the margin row and the margin column."""
    row_keys, col_keys = [*rows, totals[0]], [*cols, totals[1]]
    grid = [[int(cells.get((r, c), 0)) for c in col_keys] for r in row_keys]
    table = protect(Table(grid=grid), k)
    return {(row_keys[r], col_keys[c]) for r, c in table.suppressed}
