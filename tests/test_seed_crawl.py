"""Everything the two seed documents say can be found on the portal by following its links from "/"."""

from __future__ import annotations

import re

from django.test import Client
from django.utils.http import urlencode

from acthub.program.choices import ProgrammingStatus
from tests.crawler import crawl
from tests.seed_facts import FIGURES, PENDING, PROGRAMMING, TEXT_FACTS, normalise

SOURCE_PAGE = re.compile(r"^(/[a-z]{2,3})?/sources/")  # in English or under a language prefix


def test_every_seed_fact_is_on_the_portal(client: Client, seed: None) -> None:
    pages = crawl(client)
    assert {url: page.status for url, page in pages.items() if page.status != 200} == {}
    assert len(pages) > 20
    # A source document's own page (/sources/<name>/) prints the whole document: every fact is on it,
    # so it proves nothing of the portal; the facts must stand on the pages built from the records.
    sources = {url for url in pages if SOURCE_PAGE.match(url)}
    assert sources, "the provenance links reach the source pages"
    text = normalise(" ".join(page.text for url, page in pages.items() if url not in sources))
    missing = {
        doc: [fact for fact in facts if normalise(fact) not in text and fact not in PENDING]
        for doc, facts in TEXT_FACTS.items()
    }
    assert missing == {doc: [] for doc in TEXT_FACTS}
    now_shown = [fact for fact in PENDING if normalise(fact) in text]
    assert now_shown == [], "these facts are shown now: take them off PENDING in tests/seed_facts.py"


def test_every_seed_figure_links_to_its_provenance(client: Client, seed: None) -> None:
    pages = crawl(client)
    links = {link for page in pages.values() for link in page.links}
    for figure in FIGURES:
        url = f"/data/{figure.code}/?{urlencode({'period': figure.period, 'place': figure.place})}"
        assert (url, figure.display) in links, figure
        target = pages[url]
        assert target.status == 200 and figure.display in target.text, figure


def test_programming_status_of_each_country(client: Client, seed: None) -> None:
    labels = dict(ProgrammingStatus.choices)
    home = client.get("/").content.decode()
    for code, status in PROGRAMMING.items():
        assert f'href="/countries/{code}/"' in home, code
        page = client.get(f"/countries/{code}/").content.decode()
        assert f'class="status status-{status}">{labels[status]}<' in page, code
