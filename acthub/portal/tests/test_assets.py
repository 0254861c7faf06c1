"""Vendored assets: fonts with their licence, no CDN, error pages that render without a request."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.template import loader
from django.test import Client

ROOT = Path(settings.BASE_DIR)
CSS = ROOT / "static" / "css" / "acthub.css"


def test_fonts_are_vendored_with_their_licence() -> None:
    css = CSS.read_text()
    fonts = re.findall(r'url\("\.\./fonts/([^"]+)"\)', css)
    assert {"noto-sans-lao-lao-400-normal.woff2", "noto-sans-latin-700-normal.woff2"} <= set(fonts)
    for name in fonts:
        assert (ROOT / "static" / "fonts" / name).stat().st_size > 1000, name
    assert "SIL OPEN FONT LICENSE Version 1.1" in (ROOT / "static" / "fonts" / "OFL.txt").read_text()
    assert '"Noto Sans Lao"' in css and "U+0E81-0EDF" in css


def test_no_template_loads_from_another_host() -> None:
    templates = [*ROOT.joinpath("templates").rglob("*.html"), *Path(__file__).parent.parent.rglob("*.html")]
    for path in templates:
        text = path.read_text()
        assert not re.search(r'(src|href)="(https?:)?//', text), path


def test_500_renders_without_context() -> None:
    html = loader.get_template("500.html").render()
    assert "Something went wrong" in html and "/static/css/acthub.css" in html


@pytest.mark.django_db
def test_htmx_history_restore_gets_the_whole_page(client: Client, world: dict[str, Any]) -> None:
    response = client.get(
        "/partners/?role=grantee", headers={"HX-Request": "true", "HX-History-Restore-Request": "true"}
    )
    assert "<html" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    # /outcomes/justice/: one query more for the library resources its achievements link to. Every
    # page: one (indexed) for the notice that synthetic demo cases feed the public figures.
    ("url", "most"),
    [("/", 17), ("/countries/LA/", 25), ("/partners/", 10), ("/outcomes/justice/", 14)],
)
def test_query_counts(
    client: Client, world: dict[str, Any], django_assert_max_num_queries: Any, url: str, most: int
) -> None:
    with django_assert_max_num_queries(most):
        assert client.get(url).status_code == 200
