"""Indicators: their definitions, every value with its provenance, and the same values as a chart."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from acthub.core.permissions import public_view
from acthub.indicators.choices import Sex
from acthub.indicators.engine import Figure, FigureSet
from acthub.indicators.models import DataValue, Indicator
from acthub.portal import selectors
from acthub.portal.charts import ChartRow, bar_chart
from acthub.portal.formatting import period_label, place_label


@dataclass(frozen=True)
class Row:
    """A figure in the values table, with the record that carries its provenance."""

    figure: Figure
    record: DataValue | None
    requested: bool


@public_view
def indicators(request: HttpRequest) -> HttpResponse:
    """`/indicators/`: every indicator with the number of values the visitor may see."""
    program = selectors.program_or_404(request)
    counts = Counter(f.indicator.code for f in FigureSet.load(program, request.user))
    rows = [(ind, counts.get(ind.code, 0)) for ind in Indicator.objects.restrict(request.user, "view")]
    return render(request, "portal/indicators.html", {"rows": rows})


def _indicator_or_404(request: HttpRequest, code: str) -> Indicator:
    indicator = Indicator.objects.restrict(request.user, "view").filter(code=code).first()
    if indicator is None:
        raise Http404("No such indicator.")
    return indicator


def _selected(request: HttpRequest, figures: FigureSet, code: str) -> list[Figure]:
    """The indicator's figures for the `place` parameter (all places without it), totals unless `sex`."""
    place, sex = request.GET.get("place") or None, request.GET.get("sex", "")
    return [f for f in figures if f.indicator.code == code and place in (None, f.place) and sex == f.sex]


@public_view
def indicator(request: HttpRequest, code: str) -> HttpResponse:
    """`/indicators/<code>/?period=&place=&sex=`: the values table, the requested cell highlighted."""
    program = selectors.program_or_404(request)
    ind = _indicator_or_404(request, code)
    figures = list(FigureSet.load(program, request.user, codes=[code]))
    records = DataValue.objects.restrict(request.user, "view").filter(pk__in=[f.data_value_id for f in figures])
    by_pk = {dv.pk: dv for dv in records}
    want = (request.GET.get("period"), request.GET.get("place"), request.GET.get("sex", ""))
    rows = [Row(f, by_pk.get(f.data_value_id), want == (f.period.id, f.place, f.sex)) for f in figures]
    chart_query = {k: request.GET[k] for k in ("period", "place", "sex") if request.GET.get(k)}
    context = {
        "indicator": ind,
        "rows": rows,
        "requested": want if want[0] or want[1] else None,
        "found": any(r.requested for r in rows),
        "has_sex": any(f.sex for f in figures),
        "country_names": selectors.country_names(request.user),
        "chart_query": urlencode(chart_query),
    }
    return render(request, "portal/indicator.html", context)


@public_view
def indicator_chart(request: HttpRequest, code: str) -> HttpResponse:
    """`/indicators/<code>/chart/?place=&sex=`: the indicator's values as an SVG bar chart."""
    program = selectors.program_or_404(request)
    ind = _indicator_or_404(request, code)
    names = selectors.country_names(request.user)
    figures = _selected(request, FigureSet.load(program, request.user, codes=[code]), code)
    sexes = {value: str(label) for value, label in Sex.choices if value}
    rows = [
        ChartRow(
            label=", ".join(
                part for part in (place_label(f.place, names), period_label(f.period), sexes.get(f.sex, "")) if part
            ),
            value=f.value,
            display=f.display,
            url=f.url,
            highlighted=f.period.id == request.GET.get("period"),
        )
        for f in figures
    ]
    description = _("%(indicator)s by place and period: %(values)s.") % {
        "indicator": ind.name,
        "values": "; ".join(f"{row.label}: {row.display}" for row in rows),
    }
    chart = bar_chart(ind.name, description, rows)
    context = {"indicator": ind, "chart": chart, "figures": figures, "country_names": names}
    context["table_query"] = urlencode({k: request.GET[k] for k in ("place", "sex") if k in request.GET})
    return render(request, "portal/indicator_chart.html", context)
