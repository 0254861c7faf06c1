"""The Lao translation is served by Accept-Language and after choosing it with set_language."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

LAO_COUNTRIES = "ປະເທດ"


def test_accept_language_lo(client: Client, world: dict[str, Any]) -> None:
    html = client.get("/countries/", headers={"Accept-Language": "lo"}).content.decode()
    assert '<html lang="lo">' in html
    assert f"<h1>{LAO_COUNTRIES}</h1>" in html


def test_english_by_default(client: Client, world: dict[str, Any]) -> None:
    html = client.get("/countries/").content.decode()
    assert '<html lang="en">' in html and "<h1>Countries</h1>" in html


def test_set_language(client: Client, world: dict[str, Any]) -> None:
    response = client.post("/i18n/setlang/", {"language": "lo", "next": "/countries/"})
    assert response.status_code == 302 and response["Location"] == "/countries/"
    html = client.get("/countries/").content.decode()
    assert f"<h1>{LAO_COUNTRIES}</h1>" in html
    assert 'value="lo" lang="lo"\n                      aria-pressed="true"' in html
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert "<h1>Countries</h1>" in client.get("/countries/").content.decode()


def test_lao_month_names(client: Client, world: dict[str, Any]) -> None:
    html = client.get("/", headers={"Accept-Language": "lo"}).content.decode()
    assert "Jan-Jun 2021" not in html
