"""A small line chart of the visualizer, laid out here and drawn as SVG by `publishing/svg/line.html`.

Like acthub.publishing.charts: no plotting library, the geometry is computed. A series is a column
of the pivot, its points the rows (periods, usually); a cell without a value (none, or hidden by
disclosure control) breaks the line instead of being drawn as zero.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

WIDTH = 720
HEIGHT = 380
LEFT, RIGHT, TOP, BOTTOM = 64, 56, 20, 96
LEGEND_ROW = 18
TICKS = 5
# Okabe and Ito's colour-blind safe palette.
SERIES_COLOURS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000")


@dataclass(frozen=True)
class Point:
    """One value of a series where it is drawn, with its label and text for screen readers."""

    x: float
    y: float
    label: str
    display: str


@dataclass
class Series:
    """A line: its name, colour, the points drawn and the runs of consecutive points joined."""

    name: str
    colour: str
    points: list[Point] = field(default_factory=list)
    runs: list[str] = field(default_factory=list)  # "x,y x,y ..." of each unbroken run
    legend_y: float = 0.0


@dataclass(frozen=True)
class Tick:
    """A labelled line of the value axis or a label of the category axis."""

    position: float
    label: str


@dataclass
class LineChart:
    """Series scaled to a rounded maximum, with axes and the SVG's accessible title and description."""

    title: str
    description: str
    series: list[Series] = field(default_factory=list)
    y_ticks: list[Tick] = field(default_factory=list)
    x_ticks: list[Tick] = field(default_factory=list)
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    right_edge: int = WIDTH - RIGHT
    top: int = TOP
    baseline: int = HEIGHT - BOTTOM

    @property
    def legend_x(self) -> int:
        return LEFT


def nice_top(largest: Decimal) -> Decimal:
    """The top of the value axis: the largest value rounded up to 1, 2, 2.5 or 5 times a power of ten."""
    if largest <= 0:
        return Decimal(1)
    power = Decimal(10) ** (len(str(int(largest))) - 1)
    for step in (1, 2, Decimal("2.5"), 5, 10):
        if largest <= power * step:
            return power * step
    return power * 10


def line_chart(
    title: str,
    description: str,
    categories: list[str],
    series: list[tuple[str, list[tuple[Decimal | None, str]]]],
) -> LineChart:
    """Lay out one line per series over the categories; each value is (number or None, its text)."""
    chart = LineChart(title=title, description=description)
    numbers = [v for _name, values in series for v, _d in values if v is not None]
    top = nice_top(max(numbers, default=Decimal(0)))
    plot_height = chart.baseline - TOP
    span = chart.right_edge - LEFT
    step = span / max(len(categories) - 1, 1)
    xs = [LEFT + (i * step if len(categories) > 1 else span / 2) for i in range(len(categories))]
    for i in range(TICKS + 1):
        value = top * i / TICKS
        text = f"{value:,.0f}" if value == value.to_integral_value() else f"{value:,.1f}"
        chart.y_ticks.append(Tick(round(chart.baseline - plot_height * i / TICKS, 1), text))
    chart.x_ticks = [Tick(round(x, 1), label) for x, label in zip(xs, categories, strict=True)]
    legend_top = chart.baseline + 44
    for n, (name, values) in enumerate(series):
        line = Series(name, SERIES_COLOURS[n % len(SERIES_COLOURS)], legend_y=legend_top + n * LEGEND_ROW)
        run: list[str] = []
        for x, label, (number, display) in zip(xs, categories, values, strict=True):
            if number is None:
                if run:
                    line.runs.append(" ".join(run))
                run = []
                continue
            y = chart.baseline - float(number / top) * plot_height
            line.points.append(Point(round(x, 1), round(y, 1), label, display))
            run.append(f"{x:.1f},{y:.1f}")
        if run:
            line.runs.append(" ".join(run))
        chart.series.append(line)
    chart.height = max(HEIGHT, int(legend_top + len(series) * LEGEND_ROW + 8))
    return chart
