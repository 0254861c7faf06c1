"""The data visualizer in a real browser (Debian's chromium, Playwright), over the seed program.

Pick two periods and a breakdown, switch table, chart and map, reload the shared URL and get the
same view, download each format. Screenshots go to test-results/: visualizer-table.png,
visualizer-chart.png, visualizer-map.png, visualizer-keyboard.png.
"""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from tests.test_browser import CHROMIUM, RESULTS, browser_page  # noqa: F401  (the fixture)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed at /usr/bin/chromium"),
]
SVG = "{http://www.w3.org/2000/svg}"


def _choice(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query, keep_blank_values=True)


def _download(page: Any, name: str) -> tuple[str, bytes]:
    """Click a download link; the suggested file name and the bytes."""
    with page.expect_download() as info:
        page.locator(".viz-downloads").get_by_role("link", name=name).click()
    download = info.value
    return download.suggested_filename, Path(download.path()).read_bytes()


def test_pick_switch_share_and_download(live_server: Any, transactional_db: None, browser_page: Any) -> None:  # noqa: F811
    call_command("load_seed", verbosity=0)
    RESULTS.mkdir(exist_ok=True)
    page = browser_page
    page.goto(f"{live_server.url}/data/PEOPLE_TRAINED/")
    assert page.get_by_role("heading", name="Data visualizer").is_visible()

    # Two periods and a breakdown, with the keyboard-reachable form (labels name every control).
    page.get_by_label("Choose one or more periods").select_option(["2021S1", "2020"])
    page.get_by_label("The region, countries, or both").select_option(["REGION", "LA"])
    page.get_by_label("Rows").select_option(label="Period")
    page.get_by_label("Columns").select_option(label="Place")
    page.get_by_role("button", name="Show").click()
    page.wait_for_url(lambda url: "period=" in url)
    page.wait_for_selector("table.viz-table td[data-period]")
    choice = _choice(page.url)
    assert set(",".join(choice["period"]).split(",")) == {"2020", "2021S1"} and choice["cols"] == ["place"]
    header = page.locator("table.viz-table thead").inner_text()
    assert "Lao PDR" in header and "Period / Place" in header
    assert "2,037" in page.locator("table.viz-table").inner_text()  # the seed's 2020 regional figure
    periods = {page.locator("table.viz-table td[data-period]").nth(i).get_attribute("data-period") for i in range(2)}
    assert periods <= {"2020", "2021S1"}
    table_text = page.locator("table.viz-table tbody").inner_text()
    page.screenshot(path=str(RESULTS / "visualizer-table.png"), full_page=True)

    # Switch to the chart (a link: the whole choice stays in the URL), then to a line chart. htmx swaps
    # the region in place (the page is not reloaded: a marker set on the window survives).
    page.evaluate("window.vizMarker = 'kept'")
    page.get_by_role("navigation", name="Views of these figures").get_by_role("link", name="Chart").click()
    page.wait_for_selector("svg.viz-svg")
    assert page.evaluate("window.vizMarker") == "kept"
    assert _choice(page.url)["cols"] == ["place"] and _choice(page.url)["view"] == ["chart"]
    assert page.locator("svg.viz-svg title").first.text_content() == page.locator("h1").inner_text()
    page.get_by_label("Line chart").check()
    page.get_by_role("button", name="Show").click()
    page.wait_for_selector("svg.line-chart")
    assert _choice(page.url)["chart"] == ["line"]
    page.screenshot(path=str(RESULTS / "visualizer-chart.png"), full_page=True)
    svg_name, svg = _download(page, "SVG (chart)")
    assert svg_name.endswith(".svg") and ET.fromstring(svg).tag == f"{SVG}svg"  # noqa: S314  (our own output)
    png_name, png = _download(page, "PNG (chart)")
    assert png_name.endswith(".png") and png[:8] == b"\x89PNG\r\n\x1a\n"

    # The map, with its legend and the data table that stands in for it.
    page.get_by_role("navigation", name="Views of these figures").get_by_role("link", name="Map").click()
    page.wait_for_selector("svg.region-map")
    assert "Legend" in (page.locator("svg.region-map").text_content() or "")
    assert page.locator("table.viz-map-table tbody tr").count() >= 1
    assert "Lao PDR" in page.locator("table.viz-map-table").inner_text()
    map_url = page.url
    page.screenshot(path=str(RESULTS / "visualizer-map.png"), full_page=True)
    map_svg_name, map_svg = _download(page, "SVG (map)")
    assert map_svg_name == "people_trained.svg"
    root = ET.fromstring(map_svg)  # noqa: S314  (our own output)
    assert root.find(f"{SVG}title") is not None and root.find(f"{SVG}desc") is not None
    _name, map_png = _download(page, "PNG (map)")
    assert map_png[:8] == b"\x89PNG\r\n\x1a\n"

    # CSV and XLSX of the same choice parse and hold the same periods.
    csv_name, csv_bytes = _download(page, "CSV")
    rows = list(csv.reader(io.StringIO(csv_bytes.decode("utf-8-sig"))))
    assert csv_name.endswith(".csv") and rows[0][:4] == ["indicator", "period", "place", "value"]
    assert {r[1] for r in rows[1:]} == {"2020", "2021S1"}
    _name, xlsx = _download(page, "XLSX")
    assert load_workbook(io.BytesIO(xlsx)).active.max_row == len(rows)

    # The shared URL, opened afresh, gives the same view; back to the table gives the same figures.
    page.goto(map_url)
    assert page.locator("svg.region-map").is_visible()
    assert page.get_by_label("Columns").input_value() == "place"
    page.get_by_role("navigation", name="Views of these figures").get_by_role("link", name="Table").click()
    page.wait_for_selector("table.viz-table")
    assert page.locator("table.viz-table tbody").inner_text() == table_text

    # Without JavaScript, the form and links still work (a plain GET).
    context = page.context.browser.new_context(java_script_enabled=False)
    plain = context.new_page()
    plain.goto(map_url.replace("view=map", "view=table"))
    assert plain.locator("table.viz-table tbody").inner_text() == table_text
    context.close()

    # Keyboard: the period list takes focus by Tab order from the form's start, with a visible outline.
    page.get_by_label("Choose one or more periods").focus()
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert page.evaluate("document.activeElement.id") == "viz-period" and outline != "none"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "viz-place"
    page.screenshot(path=str(RESULTS / "visualizer-keyboard.png"))
