"""The portal in a real browser: Debian's chromium driven by Playwright, over the seed program.

Screenshots go to test-results/ (git-ignored): lao-pdr.png in English and lao-pdr-lo.png in Lao.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

CHROMIUM = Path("/usr/bin/chromium")
RESULTS = Path(__file__).resolve().parent.parent / "test-results"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed at /usr/bin/chromium"),
]


@pytest.fixture
def browser_page(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """A chromium page (Playwright's sync API runs an event loop, hence DJANGO_ALLOW_ASYNC_UNSAFE)."""
    from playwright.sync_api import sync_playwright

    monkeypatch.setitem(os.environ, "DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="en-GB")
        try:
            yield page
        finally:
            # Inside Playwright's event loop the test body gets connections of its own, which
            # pytest-django does not know about; left open they keep PostgreSQL's test database busy.
            from django.db import connections

            connections.close_all()
            browser.close()


def test_lao_pdr_in_english_and_lao(live_server: Any, transactional_db: None, browser_page: Any) -> None:
    call_command("load_seed", verbosity=0)
    RESULTS.mkdir(exist_ok=True)
    page = browser_page

    page.goto(f"{live_server.url}/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    page.get_by_role("link", name="Lao PDR", exact=True).first.click()
    page.wait_for_url("**/countries/LA/")

    figures = page.locator(".figure-cards").inner_text()
    assert "86" in figures and "35%" in figures
    assert "Ministry of Public Security" in page.locator(".focal-point").inner_text()
    assert page.locator("html").get_attribute("lang") == "en"
    page.screenshot(path=str(RESULTS / "lao-pdr.png"), full_page=True)

    # The switcher links to the same page in Lao: the language is in the URL (ADR 0012).
    page.locator("nav.language-switcher").get_by_role("link", name="ລາວ").click()
    page.wait_for_url("**/lo/countries/LA/")
    assert page.locator("html").get_attribute("lang") == "lo"
    assert page.get_by_role("heading", name="ພາບລວມ").is_visible()  # "At a glance"
    assert page.evaluate("document.fonts.check('16px \"Noto Sans Lao\"', 'ລາວ')")
    page.screenshot(path=str(RESULTS / "lao-pdr-lo.png"), full_page=True)


def test_partners_filter_live(live_server: Any, transactional_db: None, browser_page: Any) -> None:
    from playwright.sync_api import expect

    call_command("load_seed", verbosity=0)
    page = browser_page
    page.goto(f"{live_server.url}/partners/")
    page.get_by_label("Search").fill("Village Focus")
    # A locator wait, not wait_for_function: that evaluates a string in the page, which the CSP forbids.
    expect(page.locator("#partner-results .directory > li")).to_have_count(1)
    assert "Village Focus International" in page.locator("#partner-results").inner_text()
    assert "q=Village" in page.url  # htmx pushed the filtered address
