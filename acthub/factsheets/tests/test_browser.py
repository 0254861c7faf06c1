"""Fact sheets in a real browser: staff publish the Lao PDR sheet in Lao, the public downloads its PDF.

The PDF is checked for missing glyphs: every font embedded and none a Type 3 stand-in, the Lao text
extracted intact (no dotted circles or replacement characters), and its pages rendered to PNG
(pdftoppm) into test-results/ for a person to look at.
"""

from __future__ import annotations

import functools
import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connections
from django.test import Client

from acthub.accounts.choices import Role
from acthub.core.testing.factories import UserFactory
from acthub.factsheets.tests.support import run_tool, sign_in
from acthub.program.models import Program

CHROMIUM = Path("/usr/bin/chromium")
RESULTS = Path(__file__).resolve().parents[3] / "test-results"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
POPPLER = all(shutil.which(tool) for tool in ("pdffonts", "pdftotext", "pdftoppm"))
LAO_STRINGS = ["ກ່ຽວກັບແຜນງານ", "ບ່ອນທີ່ພວກເຮົາເຮັດວຽກ", "ມັງກອນ-ມິຖຸນາ 2021", "ແຜນງານ 10 ປີ (2018-2028)", "ລາວ"]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed at /usr/bin/chromium"),
    pytest.mark.skipif(not POPPLER, reason="poppler-utils (pdffonts, pdftotext, pdftoppm) is not installed"),
]


@pytest.fixture
def browser(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """Chromium (Playwright's sync API runs an event loop, hence DJANGO_ALLOW_ASYNC_UNSAFE)."""
    from playwright.sync_api import sync_playwright

    monkeypatch.setitem(os.environ, "DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            yield browser
        finally:
            browser.close()


def closes_its_connections(test: Callable[..., None]) -> Callable[..., None]:
    """Close the database connections the test body opened, when it ends.

    Under Playwright's sync API the test body runs in a context of its own, so Django gives it its own
    connections, which pytest-django does not close: on PostgreSQL they kept the test database from
    being dropped ("being accessed by other users").
    """

    @functools.wraps(test)
    def wrapper(*args: Any, **kwargs: Any) -> None:
        try:
            test(*args, **kwargs)
        finally:
            connections.close_all()

    return wrapper


def _fonts(pdf: Path) -> list[dict[str, str]]:
    """pdffonts' table: one dict per font (name, type, emb)."""
    lines = run_tool("pdffonts", str(pdf)).decode().splitlines()
    rows = []
    for line in lines[2:]:
        parts = line.split()
        # name, type (one or two words), encoding, emb, sub, uni, object id, generation
        emb = parts[-5]
        rows.append({"name": parts[0], "type": " ".join(parts[1:-6]), "emb": emb})
    return rows


@closes_its_connections
def test_publish_in_lao_then_download_the_pdf(live_server: Any, transactional_db: None, browser: Any) -> None:
    call_command("load_seed", verbosity=0)
    RESULTS.mkdir(exist_ok=True)
    mel = UserFactory(role=Role.REGIONAL_MEL)
    client = sign_in(Client(), mel)

    # Staff: choose the scope, period, date label and language; preview; publish (a stored job).
    staff = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    staff.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}])
    page = staff.new_page()
    page.goto(f"{live_server.url}/factsheets/staff/")
    page.select_option("#id_scope", "LA")
    page.fill("#id_period", "2021S1")
    page.select_option("#id_language", "lo")
    page.get_by_role("button", name="Preview").click()
    page.wait_for_url("**/factsheets/staff/drafts/*/")
    assert "ບ່ອນທີ່ພວກເຮົາເຮັດວຽກ" in page.locator("article.factsheet").inner_text()
    page.get_by_role("button", name="Publish").click()
    page.get_by_role("link", name="View the published edition").click()
    page.wait_for_url("**/factsheets/editions/*/")
    page.screenshot(path=str(RESULTS / "factsheet-lao-edition.png"), full_page=True)
    staff.close()

    # The public: from the fact sheets page to the Lao PDR edition, then its PDF.
    public = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB", accept_downloads=True)
    page = public.new_page()
    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name="Fact sheets").first.click()
    page.get_by_role("link", name="Lao PDR", exact=True).click()
    page.wait_for_url("**/factsheets/LA/")
    page.get_by_role("link", name="ມິຖຸນາ 2021").first.click()
    page.wait_for_url("**/factsheets/editions/*/")
    with page.expect_download() as info:
        page.get_by_role("link", name="PDF").first.click()
    pdf = RESULTS / "factsheet-lao-pdr-lo.pdf"
    info.value.save_as(str(pdf))
    public.close()

    assert pdf.read_bytes().startswith(b"%PDF-")
    fonts = _fonts(pdf)
    assert fonts and all(font["emb"] == "yes" for font in fonts), fonts
    assert not any("Type 3" in font["type"] for font in fonts), fonts
    assert any("Noto-Sans-Lao" in font["name"] for font in fonts), fonts
    text = run_tool("pdftotext", "-raw", str(pdf), "-").decode()
    assert [s for s in LAO_STRINGS if s not in text] == []
    assert "\u25cc" not in text and "\ufffd" not in text  # no dotted circle, no replacement character

    for old in RESULTS.glob("factsheet-lao-pdr-lo-page-*.png"):
        old.unlink()
    run_tool("pdftoppm", "-r", "80", "-png", str(pdf), str(RESULTS / "factsheet-lao-pdr-lo-page"))
    pages = sorted(RESULTS.glob("factsheet-lao-pdr-lo-page-*.png"))
    assert len(pages) >= 2 and all(p.stat().st_size > 20_000 for p in pages)


@closes_its_connections
def test_the_job_page_polls_until_the_job_is_done(live_server: Any, transactional_db: None, browser: Any) -> None:
    from django.core.files.base import ContentFile

    from acthub.factsheets import services
    from acthub.factsheets.choices import JobAction, JobStatus
    from acthub.factsheets.models import FactSheetJob

    call_command("load_seed", verbosity=0)
    mel = UserFactory(role=Role.REGIONAL_MEL)
    client = sign_in(Client(), mel)
    draft = services.do_create_draft(
        program=Program.objects.get(slug="asean-act"),
        scope_code="LA",
        period="2021S1",
        language="en",
        date_label="",
        acting_user=mel,
    )
    # A job a worker has started: the page shows its progress and asks again every second (htmx).
    job = FactSheetJob.objects.create(
        edition=draft, action=JobAction.PREVIEW_PDF, status=JobStatus.RUNNING, progress=40, created_by=mel
    )
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}])
    page = context.new_page()
    page.goto(f"{live_server.url}/factsheets/staff/jobs/{job.pk}/")
    assert page.locator("progress").get_attribute("value") == "40"
    assert page.locator(".job-status").inner_text() == "Running"

    job.result.save("preview.pdf", ContentFile(b"%PDF-1.7 stand-in"), save=False)
    FactSheetJob.objects.filter(pk=job.pk).update(
        status=JobStatus.COMPLETE, progress=100, message="The PDF preview is ready.", result=job.result.name
    )
    page.get_by_role("link", name="Download the PDF preview").wait_for(timeout=10_000)
    assert page.locator("progress").get_attribute("value") == "100"
    assert page.locator(".job").get_attribute("hx-trigger") is None  # finished: no more polling
    context.close()
