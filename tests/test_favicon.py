"""Every page names the site's icon, and /favicon.ico leads to it."""

from __future__ import annotations

import re

import pytest
from django.contrib.staticfiles import finders
from django.test import Client


@pytest.mark.django_db
def test_pages_name_an_icon_that_exists(client: Client) -> None:
    page = client.get("/accounts/login/").content.decode()
    found = re.search(r'<link rel="icon" href="([^"]+)"', page)
    assert found is not None
    assert found.group(1).endswith("/favicon.svg")
    assert finders.find("favicon.svg") is not None


@pytest.mark.django_db
def test_favicon_ico_redirects_to_the_icon(client: Client) -> None:
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith("/favicon.svg")
