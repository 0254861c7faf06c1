"""The bar chart's layout."""

from __future__ import annotations

from decimal import Decimal

from acthub.publishing.charts import LABEL_WIDTH, ChartRow, bar_chart


def test_bars_scale_to_the_largest_value() -> None:
    chart = bar_chart("T", "D", [ChartRow("a", Decimal(50), "50"), ChartRow("b", Decimal(100), "100")])
    assert len(chart.bars) == 2
    assert chart.bars[1].width == 2 * chart.bars[0].width
    assert chart.bars[0].y < chart.bars[1].y
    assert chart.bars[1].value_x == LABEL_WIDTH + chart.bars[1].width + 6
    assert chart.height > 2 * chart.bar_height


def test_zero_and_empty() -> None:
    assert bar_chart("T", "D", []).bars == []
    chart = bar_chart("T", "D", [ChartRow("a", Decimal(0), "0")])
    assert chart.bars[0].width == 0
