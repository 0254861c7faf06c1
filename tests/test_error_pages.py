"""403 and 404 pages are pages of the site: its header, navigation and language switch (finding 11)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from acthub.accounts.testing import sign_in

pytestmark = pytest.mark.django_db


def test_a_staff_page_refuses_another_role_with_the_sites_403(users: dict[str, Any]) -> None:
    response = sign_in(Client(), users["partner"]).get("/staff/imports/")
    html = response.content.decode()
    assert response.status_code == 403
    assert 'class="site-header"' in html and 'class="site-nav"' in html and "Not allowed" in html


def test_a_missing_page_is_the_sites_404(users: dict[str, Any]) -> None:
    response = sign_in(Client(), users["partner"]).get("/no-such-page/")
    assert response.status_code == 404 and 'class="site-header"' in response.content.decode()
