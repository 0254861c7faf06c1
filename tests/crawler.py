"""A breadth-first crawler over the portal through Django's test client: every page's text and links.

It follows internal links only (same host, GET), and never enters the admin, the API, accounts,
language switching, static or media files, nor a chart's image downloads or the visualizer's other
views of a table.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urldefrag, urljoin, urlsplit

from django.test import Client

SKIPPED_PREFIXES = ("/admin/", "/api/", "/accounts/", "/i18n/", "/static/", "/media/")
# A chart's image downloads are the page's figures drawn again (the PNG rasterised): every indicator
# page offers them for each view, and the visualizer's own tests open and parse each format.
SKIPPED_SUFFIXES = ("/download.svg", "/download.png")
# The visualizer's other views of a table (chart, map, kind of chart) show the figures of the table
# already crawled; following them for every indicator tripled the crawl (the visualizer's tests
# render each view).
SKIPPED_PARAMETERS = ("view", "chart")
BLOCKS = {"p", "li", "h1", "h2", "h3", "h4", "td", "th", "dt", "dd", "div", "br", "tr", "figcaption", "section"}


@dataclass
class Page:
    """One crawled page: its status, visible text, and links as (href, link text)."""

    url: str
    status: int
    text: str = ""
    links: list[tuple[str, str]] = field(default_factory=list)


class _Parser(HTMLParser):
    SKIP = {"script", "style", "template", "title"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.links: list[tuple[str, str]] = []
        self._skipping = 0
        self._anchor: tuple[str, list[str]] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.SKIP:
            self._skipping += 1
        elif tag == "a" and (href := dict(attrs).get("href")):
            self._anchor = (href, [])
        if tag in BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP and self._skipping:
            self._skipping -= 1
        elif tag == "a" and self._anchor:
            href, text = self._anchor
            self.links.append((href, " ".join("".join(text).split())))
            self._anchor = None

    def handle_data(self, data: str) -> None:
        if self._skipping:
            return
        self.parts.append(data)
        if self._anchor:
            self._anchor[1].append(data)


def parse(html: str) -> tuple[str, list[tuple[str, str]]]:
    """Visible text (whitespace collapsed) and the links of an HTML page."""
    parser = _Parser()
    parser.feed(html)
    return " ".join("".join(parser.parts).split()), parser.links


def internal(url: str, base: str) -> str | None:
    """The path and query of an internal link worth following, or None."""
    absolute, _fragment = urldefrag(urljoin(base, url))
    parts = urlsplit(absolute)
    if parts.scheme not in ("http", "https") or parts.netloc != "testserver":
        return None
    if parts.path.startswith(SKIPPED_PREFIXES) or parts.path.endswith(SKIPPED_SUFFIXES):
        return None
    if any(name in SKIPPED_PARAMETERS for name, _value in parse_qsl(parts.query, keep_blank_values=True)):
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def crawl(client: Client, start: str = "/", limit: int = 1000) -> dict[str, Page]:
    """Every page reachable from `start` by internal links, breadth first."""
    pages: dict[str, Page] = {}
    queue = deque([start])
    seen = {start}
    while queue and len(pages) < limit:
        url = queue.popleft()
        response = client.get(url)
        page = Page(url, response.status_code)
        pages[url] = page
        if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
            continue
        page.text, page.links = parse(response.content.decode())
        for href, _text in page.links:
            target = internal(href, f"http://testserver{url}")
            if target and target not in seen:
                seen.add(target)
                queue.append(target)
    return pages
