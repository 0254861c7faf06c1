"""`query()`: the engine's table of cells for one indicator, by period, place and disaggregation.

Every cell keeps both values it may have (reported: a DataValue; computed: from the records through
acthub.indicators.computations) and shows one of them by the indicator's preference. Totals over each
disaggregation come with the table (the group value "" means "all"), and so does the region when the
table is by place. For a sensitive indicator and a public audience, the table is a fixed table of at
most two dimensions and is disclosure-controlled as a whole (acthub.indicators.disclosure).
"""

from __future__ import annotations

import dataclasses
import itertools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from acthub.approvals.population import published_q
from acthub.core.access import role_of, user_country_ids
from acthub.core.models import Country
from acthub.core.periods import Period, parse_period
from acthub.indicators import computations, disclosure
from acthub.indicators.choices import DISAGGREGATIONS, REGION, Method, Unit
from acthub.indicators.engine import format_value, preferred, shown
from acthub.indicators.models import DataValue, Indicator

PLACE = "place"
PLACE_CODE = re.compile(rf"^([A-Z]{{2}}|{REGION})$")
MAX_DIMENSIONS = 3
TOTAL = ""
NONE = "\u2013"  # an en dash: no record behind the cell
PUBLIC, INTERNAL = "public", "internal"


class QueryError(ValueError):
    """A query that cannot be answered as asked; the message says why, for the person who asked."""


@dataclass(frozen=True)
class Cell:
    """One figure of a query: its coordinates, both values it may have, and what is shown.

    `display` and `provenance` are worked out when read: a query may return thousands of cells and
    most callers read few of them.
    """

    period: Period
    place: str
    group: tuple[tuple[str, str], ...]
    value: Decimal | None
    method: str | None
    computed: Decimal | None
    reported: Decimal | None
    data_value_id: int | None
    numerator: int | None
    denominator: int | None
    suppressed: bool
    unit: str = Unit.COUNT
    decimals: int | None = None
    label: str = ""  # what a suppressed cell shows instead of its value
    source: str = ""  # the reported value's source document
    code: str = ""
    filters: str = ""

    @property
    def display(self) -> str:
        """The value as shown: "2,037", "35%", "<11" when suppressed, a dash when there is none."""
        if self.label:
            return self.label
        return format_value(self.value, self.unit, self.decimals) if self.value is not None else NONE

    @property
    def provenance(self) -> str:
        """Where the shown value comes from: the query over records, or the source document."""
        if self.method != Method.COMPUTED:
            return self.source
        return _("Computed from records: %(code)s, period %(period)s, place %(place)s%(filters)s.") % {
            "code": self.code,
            "period": self.period.id,
            "place": self.place,
            "filters": f", {self.filters}" if self.filters else "",
        }

    def value_of(self, dimension: str) -> str:
        """The cell's value of a dimension: place, period id, or a disaggregation code ("" = all)."""
        if dimension == PLACE:
            return self.place
        if dimension == "period":
            return self.period.id
        return dict(self.group).get(dimension, TOTAL)

    @property
    def disagrees(self) -> bool:
        """Whether the cell has a reported and a computed value that differ as published."""
        if self.reported is None or self.computed is None:
            return False
        return shown(self.reported, self.decimals) != shown(self.computed, self.decimals)


@dataclass
class QueryResult:
    """The cells of a query, and what they were asked for."""

    indicator: Indicator
    program_id: int
    periods: list[Period]
    places: list[str]
    by: list[str]
    audience: str
    synthetic: bool
    cells: list[Cell] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._index = {(c.period.id, c.place, c.group): c for c in self.cells}

    def get(self, period: str, place: str = REGION, **group: str) -> Cell | None:
        """The cell of a period, place and disaggregation values (those not given: all)."""
        key = tuple((d, group.get(d, TOTAL)) for d in self.dimensions)
        return self._index.get((period, place, key))

    @property
    def dimensions(self) -> list[str]:
        """The disaggregations of the table (without period and place)."""
        return [d for d in self.by if d != PLACE]

    def values(self, dimension: str) -> list[str]:
        """The values a dimension takes in the table, in code-list order, without the total."""
        if dimension == "period":
            return [p.id for p in self.periods]
        if dimension == PLACE:
            return self.places
        seen = {c.value_of(dimension) for c in self.cells} - {TOTAL}
        choices = DISAGGREGATIONS.get(dimension)
        order = [str(v) for v in choices.values] if choices is not None else []
        return sorted(seen, key=lambda v: (order.index(v) if v in order else len(order), v))

    @property
    def rule(self) -> str:
        """Which value cells show when they have both, in words."""
        first = preferred(self.indicator)[0]
        if first == Method.COMPUTED:
            return _("Computed from records where records exist; otherwise the reported value.")
        return _("The reported value where one exists; otherwise the value computed from records.")


def audience_of(user: Any, places: Iterable[str]) -> str:
    """INTERNAL when the user may see sensitive records of every place asked, else PUBLIC."""
    role = role_of(user)
    if role not in ("admin", "regional_mel", "country_officer"):
        return PUBLIC
    ids = user_country_ids(user)
    if ids is None:
        return INTERNAL
    codes = set(Country.objects.filter(pk__in=ids).values_list("code", flat=True))
    return INTERNAL if all(p != REGION and p in codes for p in places) else PUBLIC


def _periods(periods: Iterable[str | Period]) -> list[Period]:
    result = []
    for p in periods:
        try:
            result.append(p if isinstance(p, Period) else parse_period(str(p)))
        except ValidationError as exc:
            raise QueryError(" ".join(exc.messages)) from exc
    if not result:
        raise QueryError(_("Give at least one period."))
    return list(dict.fromkeys(result))


def _dimensions(indicator: Indicator, by: Iterable[str]) -> list[str]:
    wanted = []
    for name in by:
        name = PLACE if name == "country" else name
        if name == "period" or name in wanted:
            continue
        if name != PLACE and name not in (indicator.disaggregations or []):
            allowed = ", ".join([PLACE, *[d for d in indicator.disaggregations or [] if d != "country"]])
            raise QueryError(
                _("%(code)s cannot be broken down by %(name)s (allowed: %(allowed)s).")
                % {"code": indicator.code, "name": name, "allowed": allowed}
            )
        wanted.append(name)
    if len([d for d in wanted if d != PLACE]) > MAX_DIMENSIONS:
        raise QueryError(_("A query breaks a figure down by at most %(n)s disaggregations.") % {"n": MAX_DIMENSIONS})
    return wanted


def _computed(
    indicator: Indicator,
    program_id: int,
    periods: list[Period],
    dims: list[str],
    by_place: bool,
    synthetic: bool,
) -> dict[tuple[str, str, tuple[str, ...]], computations.Value]:
    found: dict[tuple[str, str, tuple[str, ...]], computations.Value] = {}
    for size in range(len(dims) + 1):
        for subset in itertools.combinations(dims, size):
            try:
                values = computations.compute(
                    indicator, program_id, periods, by_place=by_place, group=list(subset), synthetic=synthetic
                )
            except ValueError as exc:
                raise QueryError(str(exc)) from exc
            for (period, place, key), value in values.items():
                named = dict(zip(subset, key, strict=True))
                found[(period, place, tuple(named.get(d, TOTAL) for d in dims))] = value
    return found


def _reported(
    indicator: Indicator, program_id: int, periods: list[Period], dims: list[str], user: Any
) -> dict[tuple[str, str, tuple[str, ...]], DataValue]:
    if any(d != "sex" for d in dims):
        return {}  # data values are disaggregated by sex at most
    rows = DataValue.objects.restrict(user, "view").filter(
        published_q(), program_id=program_id, indicator=indicator, period__in=[p.id for p in periods]
    )
    found: dict[tuple[str, str, tuple[str, ...]], DataValue] = {}
    order = {m: i for i, m in enumerate(preferred(indicator))}
    for dv in sorted(rows.select_related("country"), key=lambda v: order.get(v.method, 2), reverse=True):
        if dims or not dv.sex:
            found[(dv.period, dv.place_code, (dv.sex,) if dims else ())] = dv
    return found


def query(
    program: Any,
    indicator_code: str,
    *,
    periods: Iterable[str | Period],
    places: Sequence[str] | None = None,
    by: Iterable[str] = (),
    user: Any = None,
    audience: str | None = None,
    synthetic: bool = False,
) -> QueryResult:
    """The cells of an indicator for periods x places x the disaggregations in `by` (with totals).

    `by` may name "place" (or "country") to break the figure down by country: with no `places`, every
    country with a value and the region are shown. `audience` can only narrow what the user's role
    allows (INTERNAL is honoured for staff in scope). `synthetic` reads the synthetic population (demo
    and benchmark data) instead of the real one. Raises QueryError with a readable reason.
    """
    program_id = int(getattr(program, "pk", program))
    indicator = Indicator.objects.restrict(user, "view").filter(code=indicator_code).first()
    if indicator is None:
        raise QueryError(_("No indicator has the code %(code)s.") % {"code": indicator_code})
    wanted = _dimensions(indicator, by)
    period_list = _periods(periods)
    dims = [d for d in wanted if d != PLACE]
    by_place = PLACE in wanted or any(p != REGION for p in places or [])
    computed = _computed(indicator, program_id, period_list, dims, by_place, synthetic) if indicator.computation else {}
    reported = _reported(indicator, program_id, period_list, dims, user) if not synthetic else {}
    if places is None:
        found = {place for (_p, place, _k) in [*computed, *reported]} - {REGION}
        place_list = [REGION, *sorted(found)] if PLACE in wanted else [REGION]
    else:
        place_list = list(dict.fromkeys(places))
        wrong = [p for p in place_list if not PLACE_CODE.match(p)]
        if wrong:
            raise QueryError(_("A place is REGION or a country code such as LA, not %(place)s.") % {"place": wrong[0]})
    seen_audience = audience_of(user, place_list)
    final_audience = INTERNAL if audience in (None, INTERNAL) and seen_audience == INTERNAL else PUBLIC
    result = QueryResult(indicator, program_id, period_list, place_list, wanted, final_audience, synthetic)
    keys = _keys(indicator, period_list, place_list, dims, computed, reported)
    by_id = {p.id: p for p in period_list}
    order = preferred(indicator)
    # A period and place with records shows 0 for its empty groups; one without records has no computed value
    # (rather than a 0 that would contradict every reported figure of a program that keeps no records).
    counted = {(period, place) for period, place, _key in computed}
    cells = [
        _cell(indicator, order, by_id[k[0]], k, computed.get(k), reported.get(k), dims, (k[0], k[1]) in counted)
        for k in keys
    ]
    if indicator.is_sensitive and final_audience == PUBLIC:
        cells = _protect(indicator, result, cells, by_place)
    result.cells = cells
    result.__post_init__()
    return result


def _keys(
    indicator: Indicator,
    periods: list[Period],
    places: list[str],
    dims: list[str],
    computed: dict[Any, Any],
    reported: dict[Any, Any],
) -> list[tuple[str, str, tuple[str, ...]]]:
    """Every cell to show: those with a value, and zeros for the missing groups of a counted period/place."""
    present = [k for k in [*computed, *reported] if k[1] in places]
    values = [sorted({k[2][i] for k in present} - {TOTAL}) for i in range(len(dims))]
    keys = set(present)
    if indicator.computation and indicator.unit == Unit.COUNT:
        combos = list(itertools.product(*[[*v, TOTAL] for v in values]))
        for period, place, _key in present:
            keys.update((period, place, combo) for combo in combos)
    order = {p.id: i for i, p in enumerate(periods)}
    where = {p: i for i, p in enumerate(places)}
    return sorted(keys, key=lambda k: (order.get(k[0], 0), where.get(k[1], 0), k[2]))


def _cell(
    indicator: Indicator,
    order: tuple[str, str],
    period: Period,
    key: tuple[str, str, tuple[str, ...]],
    computed: computations.Value | None,
    reported: DataValue | None,
    dims: list[str],
    counted: bool,
) -> Cell:
    _period, place, values = key
    live = computed.value if computed is not None else (Decimal(0) if indicator.computation and counted else None)
    if indicator.unit != Unit.COUNT and computed is None:
        live = None
    stored_computed = reported if reported is not None and reported.method == Method.COMPUTED else None
    if live is None and stored_computed is not None:
        live = stored_computed.value
    real = reported.value if reported is not None and reported.method == Method.REPORTED else None
    value, method = None, None
    for choice in order:
        candidate = real if choice == Method.REPORTED else live
        if candidate is not None:
            value, method = candidate, choice
            break
    group = tuple(zip(dims, values, strict=True))
    fixed = ", ".join(f"{d}={v}" for d, v in group if v)
    if indicator.filters:
        fixed = ", ".join(f"{d}={v}" for d, v in [*indicator.filters.items(), *group] if v)
    return Cell(
        period=period,
        place=place,
        group=group,
        value=value,
        method=method,
        computed=live,
        reported=real,
        data_value_id=reported.pk if reported is not None and method == reported.method else None,
        numerator=computed.numerator if computed is not None else None,
        denominator=computed.denominator if computed is not None else None,
        suppressed=False,
        unit=indicator.unit,
        decimals=indicator.decimals,
        source=reported.source_document if reported is not None else "",
        code=indicator.code,
        filters=fixed,
    )


def _hide(cell: Cell, text: str) -> Cell:
    return dataclasses.replace(
        cell,
        value=None,
        computed=None,
        reported=None,
        data_value_id=None,
        numerator=None,
        denominator=None,
        suppressed=True,
        label=text,
    )


def _protect(indicator: Indicator, result: QueryResult, cells: list[Cell], by_place: bool) -> list[Cell]:
    """Disclosure control of a public table of a sensitive indicator, one period at a time."""
    k = indicator.disclosure_threshold
    axes = ([PLACE] if by_place else []) + result.dimensions
    if len(axes) > 2:
        raise QueryError(_("Public tables of a sensitive indicator have at most two dimensions."))
    if indicator.unit != Unit.COUNT:  # ratios and means: only over a denominator of at least k
        return [
            c if disclosure.ratio_publishable(c.denominator, k) or c.value is None else _hide(c, "x") for c in cells
        ]
    total_of = {PLACE: REGION}
    hidden: set[tuple[str, str, tuple[tuple[str, str], ...]]] = set()
    primary: set[tuple[str, str, tuple[tuple[str, str], ...]]] = set()
    for period in result.periods:
        mine = [c for c in cells if c.period.id == period.id]
        if not mine:
            continue
        row_axis = axes[0] if axes else None
        col_axis = axes[1] if len(axes) > 1 else None
        row_total = total_of.get(row_axis or "", TOTAL)
        col_total = total_of.get(col_axis or "", TOTAL)
        rows = [v for v in (result.values(row_axis) if row_axis else []) if v != row_total]
        cols = [v for v in (result.values(col_axis) if col_axis else []) if v != col_total]
        grid: dict[tuple[str, str], int] = {}
        where: dict[tuple[str, str], Cell] = {}
        for c in mine:
            r = c.value_of(row_axis) if row_axis else row_total
            col = c.value_of(col_axis) if col_axis else "_"
            grid[(r, col)] = int(c.value or 0)
            where[(r, col)] = c
        if col_axis is None:  # one axis: each cell is also its own row total
            cols, col_total = ["_"], "__"
            for r in [*rows, row_total]:
                grid[(r, col_total)] = grid.get((r, "_"), 0)
        for r_key, c_key in disclosure.protect_mapping(grid, rows, cols, (row_total, col_total), k):
            c_key = "_" if c_key == "__" else c_key
            cell = where.get((r_key, c_key))
            if cell is not None:
                hidden.add((cell.period.id, cell.place, cell.group))
                if cell.value is not None and 0 < cell.value < k:
                    primary.add((cell.period.id, cell.place, cell.group))
    return [
        _hide(c, f"<{k}" if (c.period.id, c.place, c.group) in primary else "x")
        if (c.period.id, c.place, c.group) in hidden
        else c
        for c in cells
    ]
