"""A sheet rendered three ways from one template: HTML (the page), PDF (WeasyPrint) and JSON (its figures).

The HTML fragment `factsheets/sheet.html` is what the portal shows and what the PDF prints; the PDF
adds `static/factsheets/print.css` (A4, two columns, Noto fonts for Lao, Khmer, Thai, Burmese and
Vietnamese). The JSON lists every figure the HTML shows, with its provenance, and a digest of each
section, which is what editions are compared by.
"""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.files.storage import default_storage
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy

from acthub.approvals.population import with_pending
from acthub.core.templatetags.content_i18n import STORE_VARIABLE
from acthub.indicators.choices import REGION
from acthub.indicators.engine import Figure
from acthub.publishing.formatting import period_label
from acthub.publishing.links import figure_url

from .content import Sheet
from .sections import section_specs

# WeasyPrint logs every layout step at INFO; a batch of sheets would drown the command's own output.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

SCHEMA = "acthub.factsheet/1"
DRAFT_NOTICE = gettext_lazy("DRAFT, NOT FOR PUBLICATION: includes data not yet approved.")
STYLESHEETS = ("factsheets/sheet.css", "factsheets/print.css")


@dataclass(frozen=True)
class RenderedSection:
    """One section's id, title and HTML."""

    id: str
    title: str
    html: SafeString

    @property
    def digest(self) -> str:
        """SHA-256 of the section's HTML: what tells a changed section."""
        return hashlib.sha256(self.html.encode()).hexdigest()


@dataclass(frozen=True)
class RenderedSheet:
    """A sheet as HTML (the fragment shown on the portal and printed) and as its JSON document."""

    sheet: Sheet
    html: str
    sections: list[RenderedSection]
    document: dict[str, Any]

    @property
    def json_bytes(self) -> bytes:
        """The JSON document as stored."""
        return json_dumps(self.document)


def json_dumps(document: dict[str, Any]) -> bytes:
    """The JSON of a sheet as stored: UTF-8, indented, stable."""
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode()


def render_sheet(sheet: Sheet) -> RenderedSheet:
    """Render every section that has something to show, then the sheet and its JSON document."""
    with translation.override(sheet.language):
        base = {"sheet": sheet, "program": sheet.program, "country": sheet.country, "figures": sheet.figures}
        # Names and narratives in the sheet's language, an English fallback marked (as on the portal).
        base[STORE_VARIABLE] = sheet.translations
        # A draft read with pending (unapproved) data says so on every page (`factsheet --include-pending`).
        base["includes_pending"] = with_pending()
        sections = []
        for spec in section_specs(sheet):
            sheet.figures.section = spec.id
            context = spec.build()
            if context is None:
                continue
            html = render_to_string(spec.template, {**base, **context, "section": spec})
            sections.append(RenderedSection(spec.id, str(spec.title), mark_safe(html.strip())))  # noqa: S308
        sheet.figures.section = ""
        html = render_to_string("factsheets/sheet.html", {**base, "sections": sections})
        document = sheet_document(sheet, sections)
        if base["includes_pending"]:
            document["includes_pending"] = True
            document["draft_notice"] = str(DRAFT_NOTICE)
    return RenderedSheet(sheet, html, sections, document)


def figure_document(figure: Figure, sections: list[str], names: dict[str, str]) -> dict[str, Any]:
    """One figure with its indicator, period, place, disaggregation, value and provenance."""
    value = figure.value.normalize() if figure.value is not None else None  # a headline figure always has one
    return {
        "id": "|".join(figure.key),
        "indicator": {
            "code": figure.indicator.code,
            "name": figure.indicator.name,
            "unit": figure.indicator.unit,
            "definition": figure.indicator.definition,
        },
        "period": {
            "id": figure.period.id,
            "label": period_label(figure.period),
            "start": figure.period.start.isoformat(),
            "end": figure.period.end.isoformat(),
        },
        "place": {"code": figure.place, "name": names.get(figure.place, figure.place)},
        "disaggregation": {"sex": figure.sex} if figure.sex else {},
        "value": None if value is None else str(value.quantize(1) if value == value.to_integral_value() else value),
        "display": figure.display,
        "sections": sections,
        "provenance": {
            "data_value_id": figure.data_value_id,
            "method": figure.method,
            "source_document": figure.source_document,
            "source_passage": figure.source_location,
            "url": figure_url(figure),
        },
    }


def sheet_document(sheet: Sheet, sections: list[RenderedSection]) -> dict[str, Any]:
    """The JSON document of a rendered sheet (no timestamps: the same data gives the same bytes)."""
    names = {REGION: str(translation.gettext("Region"))}
    if sheet.country is not None:
        names[sheet.country.code] = sheet.country.name
    figures = [(figure, where) for figure, where in sheet.figures.used()]
    by_section: dict[str, list[str]] = {}
    for figure, where in figures:
        for section_id in where:
            by_section.setdefault(section_id, []).append("|".join(figure.key))
    program = sheet.program
    return {
        "schema": SCHEMA,
        "program": {"slug": program.slug, "name": program.name, "acronym": program.acronym},
        "scope": {"code": sheet.scope.code, "name": str(sheet.scope.name)},
        "period": {
            "id": sheet.period.id,
            "label": period_label(sheet.period),
            "start": sheet.period.start.isoformat(),
            "end": sheet.period.end.isoformat(),
        },
        "language": sheet.language,
        "date_label": sheet.date_label,
        "sections": [
            {"id": s.id, "title": s.title, "sha256": s.digest, "figures": by_section.get(s.id, [])} for s in sections
        ],
        "figures": [figure_document(figure, where, names) for figure, where in figures],
    }


# --- PDF -------------------------------------------------------------------------------------------


def document_html(html: str, *, language: str, title: str, with_styles: bool = False) -> str:
    """A sheet's HTML fragment as a whole document: for WeasyPrint, or (`with_styles`) to download."""
    context = {"html": html, "language": language, "title": title, "with_styles": with_styles}
    return render_to_string("factsheets/document.html", context)


def sheet_title(program_name: str, scope_name: str, date_label: str) -> str:
    """The title of a sheet's document: "ASEAN-ACT - Lao PDR - JUNE 2021"."""
    return " - ".join(part for part in (program_name, scope_name, date_label) if part)


def _local_file(url: str) -> bytes | None:
    """A static or media file named by URL, read from this installation (never over the network)."""
    path = urlsplit(url).path
    static, media = "/" + settings.STATIC_URL.lstrip("/"), "/" + settings.MEDIA_URL.lstrip("/")
    if path.startswith(static):
        found = finders.find(path[len(static) :])
        if found:
            return Path(str(found)).read_bytes()
    elif path.startswith(media):
        name = path[len(media) :]
        if default_storage.exists(name):
            with default_storage.open(name, "rb") as handle:
                data: bytes = handle.read()
                return data
    return None


def _fetcher() -> Any:
    """WeasyPrint's fetcher limited to local static and media files: a render never leaves the machine."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class LocalFetcher(URLFetcher):
        def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
            """A static or media file of this installation, or ValueError."""
            found = _local_file(url)
            if found is None:
                raise ValueError(f"fact sheets fetch only local static and media files, not {url}")
            return URLFetcherResponse(url, found)

    return LocalFetcher()


@cache
def _pdf_tools() -> tuple[Any, list[Any]]:
    """One font configuration and the parsed stylesheets, shared by every render of this process."""
    from weasyprint import CSS
    from weasyprint.text.fonts import FontConfiguration

    font_config = FontConfiguration()
    stylesheets = []
    for name in STYLESHEETS:
        path = finders.find(name)
        if not path:
            raise FileNotFoundError(name)
        stylesheets.append(CSS(filename=str(path), font_config=font_config))
    return font_config, stylesheets


def default_base_url() -> str:
    """Where links in a PDF point when no request says: the first configured host, over HTTPS."""
    hosts = [h.lstrip(".") for h in settings.ALLOWED_HOSTS if h not in ("*", "")]
    host = hosts[0] if hosts else "localhost"
    scheme = "http" if host in ("127.0.0.1", "localhost", "testserver") else "https"
    return f"{scheme}://{host}/"


def render_pdf(rendered: RenderedSheet, base_url: str | None = None) -> bytes:
    """The sheet as an A4 PDF, with links made absolute against `base_url`."""
    from weasyprint import HTML

    font_config, stylesheets = _pdf_tools()
    sheet = rendered.sheet
    title = sheet_title(sheet.program.acronym or sheet.program.name, str(sheet.scope.name), sheet.date_label)
    document = document_html(rendered.html, language=sheet.language, title=title)
    page = HTML(string=document, base_url=base_url or default_base_url(), url_fetcher=_fetcher())
    # PDF/UA-1: a tagged PDF (structure tree, marked content) that names its language and shows its title,
    # so that screen readers read the sheet in order.
    pdf: bytes = page.write_pdf(stylesheets=stylesheets, font_config=font_config, pdf_variant="pdf/ua-1")
    return pdf
