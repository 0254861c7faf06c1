"""A small horizontal bar chart, laid out here and drawn as SVG by `portal/includes/bar_chart.html`.

No plotting library: the geometry is simple enough to compute, and an inline SVG with <title> and
<desc> is readable by screen readers and prints sharply.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

WIDTH = 720
LABEL_WIDTH = 230
VALUE_WIDTH = 90
BAR_HEIGHT = 26
GAP = 12
TOP = 16
BOTTOM = 16


@dataclass(frozen=True)
class Bar:
    """One bar: its label, the value as text, its link and where it is drawn."""

    label: str
    display: str
    url: str
    y: float
    width: float
    highlighted: bool = False

    @property
    def text_y(self) -> float:
        return self.y + BAR_HEIGHT / 2

    @property
    def label_x(self) -> int:
        return LABEL_WIDTH - 8

    @property
    def value_x(self) -> float:
        return LABEL_WIDTH + self.width + 6


@dataclass
class BarChart:
    """Bars scaled to the largest value, with the SVG's size and accessible title and description."""

    title: str
    description: str
    bars: list[Bar] = field(default_factory=list)
    width: int = WIDTH
    label_width: int = LABEL_WIDTH
    bar_height: int = BAR_HEIGHT

    @property
    def height(self) -> int:
        return TOP + BOTTOM + len(self.bars) * (BAR_HEIGHT + GAP)

    @property
    def bar_x(self) -> int:
        return LABEL_WIDTH


@dataclass(frozen=True)
class ChartRow:
    """A value to draw: label, number, its text and link."""

    label: str
    value: Decimal
    display: str
    url: str = ""
    highlighted: bool = False


def bar_chart(title: str, description: str, rows: list[ChartRow]) -> BarChart:
    """Lay out one bar per row, the longest bar filling the space between labels and values."""
    chart = BarChart(title=title, description=description)
    span = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    largest = max((row.value for row in rows), default=Decimal(0))
    for i, row in enumerate(rows):
        share = float(row.value / largest) if largest > 0 else 0.0
        width = max(share * span, 1.0 if row.value > 0 else 0.0)
        y = TOP + i * (BAR_HEIGHT + GAP)
        chart.bars.append(Bar(row.label, row.display, row.url, y, round(width, 1), row.highlighted))
    return chart
