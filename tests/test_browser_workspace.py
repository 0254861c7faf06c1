"""The staff home, the activities and the projects pages in a real browser (Debian's chromium, Playwright).

Screenshots go to test-results/: staff-home-mel.png, staff-home-lao-officer.png, activities.png, projects.png.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client

from acthub.accounts.choices import Role
from acthub.accounts.testing import sign_in
from acthub.core.models import Country
from acthub.core.testing.factories import UserFactory
from acthub.imports.models import ImportJob
from acthub.program.models import Program
from tests.test_browser import CHROMIUM, RESULTS, browser_page  # noqa: F401  (the fixture)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed at /usr/bin/chromium"),
]


def _signed_in(page: Any, live_server: Any, user: Any) -> None:
    """Give the browser the session of `user`, signed in and past the two-factor check."""
    client = sign_in(Client(), user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])


def test_staff_home_of_the_mel_and_of_the_lao_officer(
    live_server: Any,
    transactional_db: None,
    browser_page: Any,  # noqa: F811
) -> None:
    call_command("load_seed", verbosity=0)
    RESULTS.mkdir(exist_ok=True)
    program = Program.objects.get(slug=settings.ACTHUB_DEFAULT_PROGRAM)
    lao, cambodia = Country.objects.get(code="LA"), Country.objects.get(code="KH")
    officer = UserFactory(role=Role.COUNTRY_OFFICER, countries=[lao])
    other = UserFactory(role=Role.COUNTRY_OFFICER, countries=[cambodia])
    mel = UserFactory(role=Role.REGIONAL_MEL)
    for user, name in ((officer, "synthetic-lao.csv"), (other, "synthetic-cambodia.csv")):
        ImportJob.objects.create(
            program=program,
            kind="participants",
            original_name=name,
            created_by=user,
            status=ImportJob.Status.COMPLETE,
            approval=ImportJob.Approval.PENDING,
            total_rows=4,
            created_rows=4,
        )
    page = browser_page

    _signed_in(page, live_server, mel)
    page.goto(f"{live_server.url}/staff/")
    assert page.get_by_role("heading", name="Staff home").is_visible()
    approvals = page.locator("#approvals + ul").inner_text()
    assert "synthetic-lao.csv" in approvals and "synthetic-cambodia.csv" in approvals
    menu = page.get_by_role("navigation", name="Staff tools")
    assert menu.get_by_role("link", name="Data quality").is_visible()
    page.screenshot(path=str(RESULTS / "staff-home-mel.png"), full_page=True)
    menu.get_by_role("link", name="Imports", exact=True).click()
    page.wait_for_url("**/staff/imports/")

    page.context.clear_cookies()
    _signed_in(page, live_server, officer)
    page.goto(f"{live_server.url}/staff/")
    approvals = page.locator("#approvals + ul").inner_text()
    assert "synthetic-lao.csv" in approvals and "synthetic-cambodia.csv" not in page.content()
    assert "(1)" in page.locator("#approvals").inner_text()
    page.screenshot(path=str(RESULTS / "staff-home-lao-officer.png"), full_page=True)


def test_activities_and_projects_pages(
    live_server: Any,
    transactional_db: None,
    browser_page: Any,  # noqa: F811
) -> None:
    call_command("load_seed", verbosity=0)
    RESULTS.mkdir(exist_ok=True)
    page = browser_page
    page.goto(f"{live_server.url}/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Activities").click()
    page.wait_for_url("**/activities/")
    assert page.get_by_role("heading", name="Activities", level=1).is_visible()
    page.get_by_label("Kind").select_option("webinar")
    page.get_by_role("button", name="Filter").click()
    page.wait_for_url("**/activities/?*kind=webinar*")
    assert page.get_by_label("Kind").input_value() == "webinar"  # the choice survives the reload
    page.screenshot(path=str(RESULTS / "activities.png"), full_page=True)

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Projects").click()
    page.wait_for_url("**/projects/")
    total = page.locator(".projects-total").inner_text()
    assert "The program reports 31 projects" in total and "0 are recorded here" in total
    page.screenshot(path=str(RESULTS / "projects.png"), full_page=True)
