"""Test helpers shared by the portal's tests and the browser and crawler tests in the top `tests/`."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.utils.translation import trans_real


def compile_messages() -> None:
    """Compile each language's catalogue when its .mo is missing or older (the .mo is not committed)."""
    stale = []
    for locale_dir in settings.LOCALE_PATHS:
        for code, _name in settings.LANGUAGES:
            po = Path(locale_dir) / code / "LC_MESSAGES" / "django.po"
            mo = po.with_suffix(".mo")
            if po.exists() and (not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime):
                stale.append(code)
    if stale:
        call_command("compilemessages", locale=stale, ignore_patterns=[".venv", "node_modules"], verbosity=0)
    # Forget catalogues and language checks cached before the .mo existed.
    trans_real._translations.clear()
    trans_real._default = None
    trans_real.reset_cache(setting="LANGUAGES")


class _TextAndLinks(HTMLParser):
    """Collects visible text (not scripts, styles or hidden inputs) and every link of a page."""

    SKIP = {"script", "style", "template", "title"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.links: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.SKIP:
            self._skipping += 1
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.links.append(href)
        if tag in {"p", "li", "h1", "h2", "h3", "h4", "td", "th", "dt", "dd", "div", "br", "tr", "figcaption"}:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP and self._skipping:
            self._skipping -= 1

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.parts.append(data)


def page_text(html: str) -> tuple[str, list[str]]:
    """The visible text of a page with runs of whitespace collapsed, and the hrefs of its links."""
    parser = _TextAndLinks()
    parser.feed(html)
    text = " ".join("".join(parser.parts).split())
    return text, parser.links
