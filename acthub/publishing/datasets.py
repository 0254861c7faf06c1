"""The public datasets of /open-data/ and /api/v1/datasets/: one per indicator the public may see.

A dataset is an indicator's table of cells by year, place and at most its first breakdowns, as the
engine publishes it to the public (`query(..., audience=PUBLIC)` for an anonymous reader): a sensitive
indicator's cells have passed the engine's disclosure control, which is the last step before they
leave the engine. This module only lays the cells out as a tidy table; it computes no figure.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.utils.translation import gettext as _

from acthub.indicators.engine import shown
from acthub.indicators.models import Indicator
from acthub.indicators.query import MAX_PUBLIC_BREAKDOWNS, PUBLIC, QueryResult, default_periods, query
from acthub.justice import indicators as justice

PUBLISHED, SUPPRESSED, NOT_APPLICABLE = "published", "suppressed", "not_applicable"
STATUSES = (PUBLISHED, SUPPRESSED, NOT_APPLICABLE)
JUSTICE = "justice"


@dataclass(frozen=True)
class Dataset:
    """What /open-data/ says of a dataset: its definition, breakdowns and suppression rule."""

    indicator: Indicator
    breakdowns: tuple[str, ...]
    topic: str  # "justice" for the victim-sensitive court indicators, else ""
    area: str  # the justice area's name, for those

    @property
    def code(self) -> str:
        return self.indicator.code

    @property
    def columns(self) -> list[str]:
        return ["indicator", "period", "place", *self.breakdowns, "value", "status"]

    @property
    def suppression_rule(self) -> str:
        indicator = self.indicator
        k = indicator.disclosure_threshold
        if not _sensitive(indicator):
            return _("Not about identifiable people: every cell is published as computed or reported.")
        if indicator.unit == "count":
            return _(
                "Counts of people: a count from 1 to %(k)s less one is suppressed, and so is every other cell "
                "from which a suppressed one could be worked out (complementary suppression, k = %(k)s)."
            ) % {"k": k}
        return _(
            "Shares and medians: published only where the denominator, and for a share both its part and the "
            "rest, are at least %(k)s (k = %(k)s); otherwise suppressed."
        ) % {"k": k}


def _sensitive(indicator: Indicator) -> bool:
    return any(p is not None and p.is_sensitive for p in (indicator, indicator.numerator, indicator.denominator))


def _breakdowns(indicator: Indicator) -> tuple[str, ...]:
    """At most two breakdowns in all, the place counting as one (the engine's limit for sensitive tables)."""
    others = [d for d in indicator.disaggregations or [] if d != "country"]
    return tuple(others[: MAX_PUBLIC_BREAKDOWNS - 1])


def public_indicators() -> Any:
    """Every indicator an anonymous reader may see, in registry order."""
    return Indicator.objects.restrict(AnonymousUser(), "view").select_related("numerator", "denominator")


def datasets() -> list[Dataset]:
    """Every public dataset: the justice indicators first (grouped in their areas), then the rest by code."""
    areas = {item.code: str(justice.AREAS[item.area]) for item in justice.ITEMS}
    order = {item.code: i for i, item in enumerate(justice.ITEMS)}
    found = [
        Dataset(
            indicator,
            _breakdowns(indicator),
            JUSTICE if indicator.code in areas else "",
            areas.get(indicator.code, ""),
        )
        for indicator in public_indicators()
    ]
    return sorted(found, key=lambda d: (d.topic != JUSTICE, order.get(d.code, 0), d.code))


def dataset(code: str) -> Dataset | None:
    return next((d for d in datasets() if d.code == code), None)


def result(program: Any, found: Dataset, *, synthetic: bool = False) -> QueryResult:
    """The engine's public table of the dataset: every year of the program, by place and its breakdowns."""
    return query(
        program,
        found.code,
        periods=default_periods(program),
        by=["place", *found.breakdowns],
        user=AnonymousUser(),
        audience=PUBLIC,
        synthetic=synthetic,
    )


def _value(value: Decimal | None, decimals: int | None) -> str:
    if value is None:
        return ""
    value = shown(value, decimals)
    return str(int(value)) if value == value.to_integral_value() else str(value.normalize())


def tidy_rows(found: Dataset, table: QueryResult, *, synthetic: bool = False) -> Iterator[list[str]]:
    """The header, then one row per cell: `indicator,period,place,<breakdowns>,value,status`.

    A suppressed cell's value is empty; a cell with no value (nothing recorded or reported, or a share
    over no one) is `not_applicable`. A synthetic table says so in a last column on every row.
    """
    yield [*found.columns, *(["data"] if synthetic else [])]
    tail = [_("synthetic")] if synthetic else []
    for cell in table.cells:
        if cell.suppressed:
            value, status = "", SUPPRESSED
        elif cell.value is None:
            value, status = "", NOT_APPLICABLE
        else:
            value, status = _value(cell.value, cell.decimals), PUBLISHED
        groups = [cell.value_of(d) or "total" for d in found.breakdowns]
        yield [found.code, cell.period.id, cell.place, *groups, value, status, *tail]
