"""The sections of a sheet, in the seeds' order, each with its template and what it needs.

A section whose builder returns None has nothing for this scope and period and is left out (a country
without a case study gets no case-study section). Builders that show figures run while the sheet's
`SheetFigures` is pointed at their section, so every figure is recorded where it appears.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from acthub.core.content_translations import translate
from acthub.core.templatetags.content_i18n import marked
from acthub.indicators.engine import Figure
from acthub.program.choices import ProgrammingStatus
from acthub.publishing import charts
from acthub.publishing.charts import BarChart, ChartRow, bar_chart
from acthub.publishing.formatting import period_label
from acthub.publishing.links import figure_url

from .content import Sheet

# The two charts of the issue: people trained per period, and the share of women among them. The
# share is the engine's own figure (a percentage indicator); the sheet never divides one figure by
# another itself.
TRAINED = "PEOPLE_TRAINED"
WOMEN_SHARE = "PEOPLE_TRAINED_WOMEN_PCT"

Context = dict[str, Any]


@dataclass(frozen=True)
class SectionSpec:
    """One section: a stable id (what the JSON and the diff use), its title, template and builder."""

    id: str
    title: str
    template: str
    build: Callable[[], Context | None]


def _headline(sheet: Sheet) -> Context | None:
    groups = sheet.figures.headline(sheet.place)
    return {"groups": groups}  # the program's years and budget are shown even without figures


def _chart_rows(figures: list[Figure]) -> list[ChartRow]:
    return [ChartRow(period_label(f.period), f.value, f.display, figure_url(f)) for f in figures if f.value is not None]


SPAN = charts.WIDTH - charts.LABEL_WIDTH - charts.VALUE_WIDTH  # the length of the longest bar


@dataclass(frozen=True)
class SheetChart:
    """A bar chart of the sheet, with an id unique on the page; a percentage is drawn against 100%."""

    id: str
    chart: BarChart
    is_percent: bool = False


def _percent_chart(title: str, description: str, rows: list[ChartRow]) -> BarChart:
    """Bars scaled to 100% rather than to the largest value, so that 35% looks like about a third."""
    chart = bar_chart(title, description, rows)
    chart.bars = [
        dataclasses.replace(bar, width=round(float(min(row.value, Decimal(100))) / 100 * SPAN, 1))
        for bar, row in zip(chart.bars, rows, strict=True)
    ]
    return chart


def sheet_charts(sheet: Sheet) -> list[SheetChart]:
    """People trained per period and the share of women, where the place has those figures."""
    found: list[SheetChart] = []
    trained = sheet.figures.series(TRAINED, sheet.place)
    if trained:
        name = str(translate(trained[0].indicator, "name", store=sheet.translations))
        rows = _chart_rows(trained)
        values = "; ".join(f"{row.label}: {row.display}" for row in rows)
        description = _("%(indicator)s by period: %(values)s.") % {"indicator": name, "values": values}
        found.append(SheetChart("chart-trained", bar_chart(name, description, rows)))
    women = sheet.figures.series(WOMEN_SHARE, sheet.place)
    if women:
        name = str(translate(women[0].indicator, "name", store=sheet.translations))
        rows = _chart_rows(women)
        parts = []
        for figure, row in zip(women, rows, strict=True):
            total = sheet.figures.get(TRAINED, figure.period.id, sheet.place)
            parts.append(
                _("%(period)s: %(share)s of %(total)s people trained")
                % {"period": row.label, "share": row.display, "total": total.display}
                if total
                else f"{row.label}: {row.display}"
            )
        description = _("%(indicator)s, as a share of everyone trained in the same place and period: %(values)s.") % {
            "indicator": name,
            "values": "; ".join(parts),
        }
        found.append(SheetChart("chart-women", _percent_chart(name, description, rows), is_percent=True))
    return found


def _charts(sheet: Sheet) -> Context | None:
    found = sheet_charts(sheet)
    return {"charts": found, "span": SPAN} if found else None


def _program(sheet: Sheet) -> Context | None:
    # The template shows the description and tagline in the sheet's language (sheet_i18n).
    program = sheet.program
    return {} if program.paragraphs or program.tagline else None


def _partners_title(sheet: Sheet) -> str:
    if sheet.is_region:
        return _("Our key partners")
    return _("Focal point and key partners") if sheet.focal else _("Key partners")


def _partners(sheet: Sheet) -> Context | None:
    if not (sheet.focal or sheet.key_partners):
        return None
    return {"focal": sheet.focal, "key_partners": sheet.key_partners}


def where_sentences(sheet: Sheet) -> list[SafeString]:
    """One sentence per programming status named, e.g. "ASEAN-ACT has national-level programming in ...".

    Country names are in the sheet's language; one shown in English for want of a translation is marked.
    """
    program = sheet.program.acronym or sheet.program.name
    wording = {
        ProgrammingStatus.ACTIVE: _("%(program)s has national-level programming in %(countries)s."),
        ProgrammingStatus.ESTABLISHING: _("%(program)s is establishing programming in %(countries)s."),
        ProgrammingStatus.ON_HOLD: _("Programming is currently on hold in %(countries)s."),
    }
    sentences = []
    for status, rows in sheet.programming:
        if rows:
            names = [translate(row.country, "name", store=sheet.translations) for row in rows]
            countries = ", ".join(marked(name, escape(name)) for name in names)
            sentence = conditional_escape(wording[ProgrammingStatus(status)]) % {
                "program": escape(program),
                "countries": countries,
            }
            sentences.append(mark_safe(sentence))  # noqa: S308 - the wording and every name are escaped
    return sentences


def _where(sheet: Sheet) -> Context | None:
    sentences = where_sentences(sheet)
    return {"sentences": sentences} if sentences else None


def _governance(sheet: Sheet) -> Context | None:
    return {"bodies": sheet.bodies} if sheet.bodies else None


def _pathways(sheet: Sheet) -> Context | None:
    return {"pathways": sheet.pathways} if sheet.pathways else None


def _grants(sheet: Sheet) -> Context | None:
    if sheet.partnerships_placed or not sheet.has_partnerships:
        return None
    return {}


def _images(sheet: Sheet) -> Context | None:
    return {"media": sheet.media} if sheet.media else None


def _case_study(sheet: Sheet) -> Context | None:
    return {"stories": sheet.stories} if sheet.stories else None


def _links(sheet: Sheet) -> Context | None:
    return {"links": sheet.links} if sheet.links else None


def _credits(sheet: Sheet) -> Context | None:
    return {} if sheet.program.funder_id else None


def section_specs(sheet: Sheet) -> list[SectionSpec]:
    """Every section a sheet can have, in order (builders decide which are left out)."""

    def spec(section_id: str, title: str, name: str, build: Callable[[Sheet], Context | None]) -> SectionSpec:
        return SectionSpec(section_id, title, f"factsheets/sections/{name}.html", lambda: build(sheet))

    specs = [
        spec("headline", _("At a glance"), "headline", _headline),
        spec("charts", _("Figures over time"), "charts", _charts),
        spec("program", _("About the program"), "program", _program),
        spec("partners", _partners_title(sheet), "partners", _partners),
        spec("where", _("Where we work"), "where", _where),
        spec("governance", _("Governance"), "governance", _governance),
        spec("pathways", _("Pathways"), "pathways", _pathways),
    ]
    specs += [
        SectionSpec(
            block.id,
            str(translate(block.section.area, "name", store=sheet.translations)),
            "factsheets/sections/area.html",
            functools.partial(dict, block=block),
        )
        for block in sheet.areas
    ]
    specs += [
        spec("grants", _("Partners and grants"), "grants", _grants),
        spec("images", _("Images"), "images", _images),
        spec("case-study", _("Case study"), "case_study", _case_study),
        spec("links", _("For further information"), "links", _links),
        spec("credits", _("Funder and implementer"), "credits", _credits),
    ]
    return specs
