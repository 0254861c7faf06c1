"""Searching in Lao in a real browser: Lao by its URL (/lo/), a Lao word inside a longer text, the result in Lao."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command

from tests.test_browser import CHROMIUM, RESULTS, browser_page  # noqa: F401 - the fixture

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed at /usr/bin/chromium"),
]

LAO_TEXT = "ກອງປະຊຸມກ່ຽວກັບການຄ້າມະນຸດໃນພາກພື້ນອາຊຽນ"  # a meeting on human trafficking in the ASEAN region
LAO_WORD = "ການຄ້າມະນຸດ"  # human trafficking


def test_search_in_lao_and_open_the_result(live_server: Any, transactional_db: None, browser_page: Any) -> None:  # noqa: F811
    from acthub.library.defaults import ensure_defaults
    from acthub.library.models import Resource, ResourceType, ResourceVersion

    ensure_defaults()
    call_command("load_seed", verbosity=0)
    resource = Resource.objects.create(
        title="Synthetic Lao guideline",
        type=ResourceType.objects.get(slug="guideline"),
        status="published",
        languages=["lo"],
        is_synthetic=True,
    )
    ResourceVersion.objects.create(resource=resource, language="lo", title="ຄູ່ມືສັງເຄາະ", text=LAO_TEXT)
    page = browser_page
    # The switcher is a plain link to the same page in Lao.
    page.goto(f"{live_server.url}/search/")
    page.locator(".language-switcher").get_by_role("link", name="ລາວ").click()
    page.wait_for_url(f"{live_server.url}/lo/search/")
    # A Lao page shared by its address: open /lo/ and go to the search from its menu.
    page.goto(f"{live_server.url}/lo/")
    assert page.locator("html").get_attribute("lang") == "lo"
    page.locator('nav.site-nav a[href="/lo/search/"]').click()
    page.wait_for_url(f"{live_server.url}/lo/search/")
    page.locator("#search-q").fill(LAO_WORD)
    page.locator("#search-q").press("Enter")
    page.wait_for_url("**/lo/search/?q=*")
    assert page.locator("html").get_attribute("lang") == "lo"
    result = page.locator("ol.results li.result").first
    result.wait_for()
    assert result.locator("mark").first.inner_text() == LAO_WORD
    RESULTS.mkdir(exist_ok=True)
    page.screenshot(path=str(RESULTS / "search-lo.png"), full_page=True)
    result.get_by_role("link").click()
    # The result opens in Lao: the language stays in the URL.
    page.wait_for_url(f"**/lo/library/{resource.pk}/")
    assert page.locator("html").get_attribute("lang") == "lo"
    assert "ຄູ່ມືສັງເຄາະ" in page.locator("main").inner_text()
    page.screenshot(path=str(RESULTS / "resource-lo.png"), full_page=True)
