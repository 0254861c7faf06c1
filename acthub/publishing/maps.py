"""The region map of the visualizer: a tile cartogram of the ASEAN member states and Timor-Leste.

Not a drawing of coastlines. No public-domain country shapes (Natural Earth or similar) were
available offline when this was written, and shapes must not be made up, so each country is one
labelled square set in its rough geographic position (Myanmar west of Lao PDR, Viet Nam to the
east, the Philippines across the sea, Indonesia and Timor-Leste to the south). Tile cartograms are
an established form for small multiples of unequal area (they also keep Singapore and Brunei
visible). Swapping in real shapes later means replacing TILES with paths; the legend, the colour
classes and the accessible text stay.

The figures are the engine's cells, passed in; this module only lays them out.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from acthub.indicators.figures import Figure
from acthub.publishing.linechart import nice_top

TILE = 84
GAP = 6
MARGIN = 16
LEGEND_WIDTH = 210
LEGEND_ROW = 26
# (column, row) of each country's tile: rough geography, west to east and north to south.
TILES: dict[str, tuple[int, int]] = {
    "MM": (0, 0),
    "LA": (1, 0),
    "VN": (2, 0),
    "TH": (1, 1),
    "KH": (2, 1),
    "PH": (4, 1),
    "MY": (1, 2),
    "BN": (3, 2),
    "SG": (1, 3),
    "ID": (2, 4),
    "TL": (4, 4),
}
COLUMNS, ROWS = 5, 5
# ColorBrewer's "Blues", five classes (sequential, colour-blind safe, prints in grey).
CLASS_COLOURS = ("#eff3ff", "#bdd7e7", "#6baed6", "#3182bd", "#08519c")
DARK_FROM = 3  # classes from this one on carry white text
NO_DATA = "#f2f2f2"
HIDDEN = "#d9d9d9"


@dataclass(frozen=True)
class Tile:
    """One country's square: where it is, its fill, its text and what the cell says."""

    code: str
    name: str
    x: int
    y: int
    fill: str
    text_fill: str
    display: str
    status: str

    @property
    def label_x(self) -> int:
        return self.x + TILE // 2

    @property
    def code_y(self) -> int:
        return self.y + TILE // 2 - 8

    @property
    def value_y(self) -> int:
        return self.y + TILE // 2 + 16


@dataclass(frozen=True)
class LegendEntry:
    """A colour class of the legend and the range of values it stands for."""

    fill: str
    label: str
    y: int

    @property
    def text_y(self) -> int:
        return self.y + 14


@dataclass
class RegionMap:
    """The laid-out map: tiles, legend, size, and the title and description read by screen readers."""

    title: str
    description: str
    tiles: list[Tile] = field(default_factory=list)
    legend: list[LegendEntry] = field(default_factory=list)
    width: int = MARGIN * 2 + COLUMNS * TILE + (COLUMNS - 1) * GAP + LEGEND_WIDTH
    height: int = MARGIN * 2 + ROWS * TILE + (ROWS - 1) * GAP
    tile: int = TILE
    legend_x: int = MARGIN + COLUMNS * TILE + (COLUMNS - 1) * GAP + 24
    swatch: int = 18

    @property
    def legend_text_x(self) -> int:
        return self.legend_x + self.swatch + 8


def classes(largest: Decimal) -> list[tuple[Decimal, Decimal]]:
    """Five equal classes from 0 to a round number at or above the largest value (86 -> 0-20, ..., 80-100)."""
    top = max(nice_top(largest), Decimal(len(CLASS_COLOURS)))
    step = top / len(CLASS_COLOURS)
    return [(step * i, step * (i + 1)) for i in range(len(CLASS_COLOURS))]


def _class_of(value: Decimal, bounds: list[tuple[Decimal, Decimal]]) -> int:
    for i, (_low, high) in enumerate(bounds):
        if value <= high:
            return i
    return len(bounds) - 1


def _number(value: Decimal) -> str:
    whole = value.to_integral_value()
    return f"{int(whole):,}" if value == whole else f"{value:,.1f}"


def region_map(
    title: str,
    description: str,
    cells: dict[str, Figure],
    names: dict[str, str],
    labels: dict[str, str],
) -> RegionMap:
    """Lay out the cartogram: each country coloured by its cell's class, grey without a value.

    `cells` maps country codes to the engine's cells (one period, one group); `labels` words the
    legend ("No data", "Hidden", "%(low)s to %(high)s").
    """
    drawn = RegionMap(title=title, description=description)
    values = [c.value for c in cells.values() if c.value is not None and not c.suppressed]
    bounds = classes(max(values, default=Decimal(0)))
    for code, (column, row) in TILES.items():
        cell = cells.get(code)
        x, y = MARGIN + column * (TILE + GAP), MARGIN + row * (TILE + GAP)
        if cell is None or (cell.value is None and not cell.suppressed):
            fill, text, display, status = NO_DATA, "#333333", labels["no_data"], ""
        elif cell.suppressed:
            fill, text, display, status = HIDDEN, "#333333", cell.display, cell.status
        else:
            index = _class_of(Decimal(cell.value or 0), bounds)
            fill = CLASS_COLOURS[index]
            text = "#ffffff" if index >= DARK_FROM else "#1a1a1a"
            display, status = cell.display, cell.status
        drawn.tiles.append(Tile(code, names.get(code, code), x, y, fill, text, display, status))
    entries = [(NO_DATA, labels["no_data"]), (HIDDEN, labels["hidden"])]
    entries += [
        (colour, labels["range"] % {"low": _number(low), "high": _number(high)})
        for colour, (low, high) in zip(CLASS_COLOURS, bounds, strict=True)
    ]
    drawn.legend = [LegendEntry(fill, label, MARGIN + 24 + i * LEGEND_ROW) for i, (fill, label) in enumerate(entries)]
    return drawn
