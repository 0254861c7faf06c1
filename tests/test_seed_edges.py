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


ISO_RANGE = re.compile(r"\d{4}-\d{2}-\d{2} to ")
PERIOD_ID = re.compile(r"(?<![\w/=&-])\d{4}S[12](?![\w-])")


def test_no_page_shows_a_period_as_iso_dates_or_an_identifier(client: Client, seed: None) -> None:
    """People read "January 2018 - June 2021", never "2018-01-01 to 2021-06-30" nor "2021S1".

    One crawl (it is slow) also checks that no caption is shown without its image.
    """
    pages = crawl(client)
    assert len(pages) > 20
    for url, page in pages.items():
        if "/sources/" in url:  # also under a language prefix (/lo/sources/...)
            continue  # a source document page quotes the document verbatim, caption included
        assert "Training of prosecutors to handle victims" not in page.text, url
        assert "Image:" not in page.text, url
    html_offenders = {
        url: sorted(set(ISO_RANGE.findall(page.text) + PERIOD_ID.findall(page.text)))
        for url, page in pages.items()
        if ISO_RANGE.search(page.text) or PERIOD_ID.search(page.text)
    }
    assert html_offenders == {}
    # Downloads people open (CSV, XLSX labels): no ISO ranges in their labels either. The tidy CSV's
    # `period` column is for machines and keeps the identifiers.
    for url, page in pages.items():
        if page.status == 200 and url not in html_offenders and not page.text:
            response = client.get(url)
            if response["Content-Type"].startswith("text/csv"):
                body = b"".join(response.streaming_content) if response.streaming else response.content
                assert not ISO_RANGE.search(body.decode()), url


def test_provenance_names_the_source_by_its_title_and_links_its_page(client: Client, seed: None) -> None:
    html = client.get("/data/PEOPLE_TRAINED/?period=2021S1&place=LA").content.decode()
    text = parse(html)[0]
    assert "ASEAN-ACT fact sheet: Lao PDR" in text and "004_5414d989585b8bed.txt" not in text
    assert 'href="/sources/004_5414d989585b8bed.txt/"' in html
    page = client.get("/sources/004_5414d989585b8bed.txt/")
    assert page.status_code == 200
    page_text = parse(page.content.decode())[0]
    assert "ASEAN-ACT fact sheet: Lao PDR" in page_text and "86 counter-trafficking actors trained" in page_text
    assert client.get("/sources/no-such-document.txt/").status_code == 404
