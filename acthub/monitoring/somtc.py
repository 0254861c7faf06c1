"""The ACTIP report for the senior officials' meeting (SOMTC): the period's figures from the engine, the
heat map's statuses per article and member state, and the ratifications; as HTML, PDF or XLSX.

The figures are the engine's ACTIP indicators (acthub.indicators.registry.ACTIP_STATUSES) read
with the user's audience; statuses come from published assessments only.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from acthub.actip import services
from acthub.actip.choices import ImplementationStatus
from acthub.actip.models import Ratification
from acthub.core.exports import xlsx_response
from acthub.core.models import Country
from acthub.core.periods import Period
from acthub.indicators.choices import REGION
from acthub.indicators.engine import query
from acthub.indicators.query import QueryError
from acthub.indicators.registry import ACTIP_STATUSES
from acthub.portal import selectors


@dataclass(frozen=True)
class FigureRow:
    """One status of the scale: its label and the engine's figure per member state and for the region."""

    code: str
    label: str
    cells: list[str]


def figures(request: HttpRequest, period: Period, countries: list[Country]) -> list[FigureRow]:
    """Articles per status, per member state and for the region, as the engine shows them."""
    program = selectors.request_program(request)
    if program is None:
        return []
    places = [c.code for c in countries] + [REGION]
    rows = []
    for code, status in zip(ACTIP_STATUSES, ImplementationStatus, strict=True):
        try:
            table = query(program, code, periods=[period.id], places=places, user=request.user)
        except QueryError:
            return []  # the ACTIP indicators are not in the registry yet (manage.py sync_indicators)
        cells = []
        for place in places:
            cell = table.get(period.id, place)
            cells.append(cell.display if cell is not None else "\u2013")
        rows.append(FigureRow(code, str(status.label), cells))
    return rows


def _context(request: HttpRequest, period: Period) -> dict[str, Any]:
    countries = list(Country.asean_members(period.end).order_by("name"))
    return {
        "period": period,
        "countries": countries,
        "figures": figures(request, period, countries),
        "rows": services.heat_map(period.id, countries, request.user),
        "ratifications": Ratification.objects.select_related("country").order_by("country__name"),
    }


def response(request: HttpRequest, period: Period, fmt: str) -> HttpResponse:
    """The report in one format."""
    context = _context(request, period)
    filename = f"actip-somtc-{period.id}"
    if fmt == "xlsx":
        header = [_("Article"), _("Title"), *[c.name for c in context["countries"]]]
        statuses = [header] + [
            [article.number, article.label, *[(cell.item.get_status_display() if cell.item else "") for cell in cells]]
            for article, cells in context["rows"]
        ]
        figures_sheet = [[_("Articles"), *[c.code for c in context["countries"]], REGION]] + [
            [row.label, *row.cells] for row in context["figures"]
        ]
        ratifications = [[_("Member state"), _("Signed"), _("Instrument deposited"), _("Note")]] + [
            [r.country.name, r.signed_on, r.ratified_on, r.note] for r in context["ratifications"]
        ]
        return xlsx_response(
            f"{filename}.xlsx",
            {_("Figures"): figures_sheet, _("Statuses"): statuses, _("Ratifications"): ratifications},
        )
    html = render_to_string("monitoring/somtc_report.html", context, request=request)
    if fmt == "pdf":
        from weasyprint import HTML

        pdf = HTML(string=html, base_url=request.build_absolute_uri("/"), url_fetcher=_no_fetch()).write_pdf()
        result = HttpResponse(pdf, content_type="application/pdf")
        result["Content-Disposition"] = f'attachment; filename="{filename}.pdf"'
        return result
    return HttpResponse(html)


def _no_fetch() -> Any:
    """A fetcher that fetches nothing: the report is self-contained (its CSS is inline in the document)."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class NoFetcher(URLFetcher):
        def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
            raise ValueError(f"the SOMTC report fetches nothing, not {url}")

    return NoFetcher()
