"""The ACTIP heat map laid out for SVG: articles down, member states across, one coloured square each.

Colours are attributes of the SVG (no inline style, which the CSP forbids), each square carries a
<title> for screen readers and links to the assessment it comes from (the drill-down).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.translation import gettext as _

from acthub.actip.choices import ImplementationStatus
from acthub.actip.models import Article
from acthub.actip.services import Cell

CELL = 26
GAP = 2
LABEL_WIDTH = 200
HEADER = 40
FILL = {
    ImplementationStatus.NOT_STARTED: "#d73027",
    ImplementationStatus.PARTIAL: "#fc8d59",
    ImplementationStatus.SUBSTANTIAL: "#91cf60",
    ImplementationStatus.FULL: "#1a9850",
    ImplementationStatus.NOT_APPLICABLE: "#bdbdbd",
    "": "#ffffff",  # no published assessment
}


@dataclass(frozen=True)
class Square:
    x: int
    y: int
    fill: str
    title: str
    url: str


@dataclass
class HeatMap:
    """Squares, row labels and column labels with their coordinates, and the SVG's size."""

    columns: list[tuple[int, str]] = field(default_factory=list)
    rows: list[tuple[int, str, bool]] = field(default_factory=list)
    squares: list[Square] = field(default_factory=list)
    width: int = 0
    height: int = 0
    cell: int = CELL
    label_width: int = LABEL_WIDTH

    @property
    def legend(self) -> list[tuple[str, str]]:
        return [(FILL[s], str(s.label)) for s in ImplementationStatus] + [(FILL[""], _("No published assessment"))]


def layout(rows: list[tuple[Article, list[Cell]]]) -> HeatMap:
    """Place every cell; the first row's cells give the columns (member states)."""
    chart = HeatMap()
    if not rows:
        return chart
    countries = [cell.country for cell in rows[0][1]]
    chart.columns = [(LABEL_WIDTH + i * (CELL + GAP) + CELL // 2, c.code) for i, c in enumerate(countries)]
    for r, (article, cells) in enumerate(rows):
        y = HEADER + r * (CELL + GAP)
        label = f"{_('Art.')} {article.number}"
        chart.rows.append((y + CELL // 2 + 4, label, bool(article.is_confirmed)))
        for i, cell in enumerate(cells):
            status = cell.status
            text = str(ImplementationStatus(status).label) if status else _("No published assessment")
            url = ""
            if cell.item is not None:
                url = (
                    reverse("monitoring:assessment", kwargs={"pk": cell.item.assessment_id})
                    + f"#article-{article.number}"
                )
            chart.squares.append(
                Square(
                    LABEL_WIDTH + i * (CELL + GAP),
                    y,
                    FILL.get(status, FILL[""]),
                    f"{_('Article')} {article.number}, {cell.country.name}: {text}",
                    url,
                )
            )
    chart.width = LABEL_WIDTH + len(countries) * (CELL + GAP)
    chart.height = HEADER + len(rows) * (CELL + GAP)
    return chart
