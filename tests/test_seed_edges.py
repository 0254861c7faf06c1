"""Rough edges of the seeded portal (issue 14): what a new user reading the seed program should not meet."""

from __future__ import annotations

import re

from django.test import Client

from tests.crawler import crawl, parse


def _text(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return parse(response.content.decode())[0]


def test_the_lao_partnerships_introduction_is_followed_by_the_partners(client: Client, seed: None) -> None:
    """ "Our current partners in Lao PDR include:" lists the partner records, on the country and area pages."""
    for url in ("/countries/la/", "/outcomes/partnerships/"):
        text = " ".join(_text(client, url).split())
        after = text.split("Our current partners in Lao PDR include:", 1)[1]
        # The next words are the records' names (the seed's two partners there), not another section.
        assert re.match(r"\s*Ministry of Labour and Social Welfare\b", after), (url, after[:120])
        assert "International Labour Organization" in after[:400], url


def test_no_caption_is_shown_without_its_image(client: Client, seed: None) -> None:
    pages = crawl(client)
    for url, page in pages.items():
        assert "Training of prosecutors to handle victims" not in page.text, url
        assert "Image:" not in page.text, url
