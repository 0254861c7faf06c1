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
from django.utils import timezone
from django.utils.translation import gettext as _

from acthub.approvals.population import published_q
from acthub.core.access import sees_internal
from acthub.core.periods import Period, parse_period
from acthub.indicators import computations, disclosure
from acthub.indicators.choices import DISAGGREGATIONS, PERSONAL_ATTRIBUTES, REGION, Computation, Method, Unit
from acthub.indicators.figures import PLACE, TOTAL, Figure, figure_of, format_value, preferred, stored_choice
from acthub.indicators.models import DataValue, Indicator

PLACE_CODE = re.compile(rf"^([A-Z]{{2}}|{REGION})$")
MAX_DIMENSIONS = 3
MAX_PUBLIC_BREAKDOWNS = 2  # of a sensitive indicator for the public; a country counts as one
MAX_PERIODS = 100  # more in one query is not a table anyone reads, and costs a computation each
CALENDAR = ("year", "six_monthly", "quarterly")
PUBLIC, INTERNAL = "public", "internal"


class QueryError(ValueError):
    """A query that cannot be answered as asked; the message says why, for the person who asked."""


@dataclass
class QueryResult:
    """The figures of a query (its table's cells), and what they were asked for."""

    indicator: Indicator
    program_id: int
    periods: list[Period]
    places: list[str]
    by: list[str]
    audience: str
    synthetic: bool
    cells: list[Figure] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._index = {(c.period.id, c.place, c.group): c for c in self.cells}

    def get(self, period: str, place: str = REGION, **group: str) -> Figure | None:
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


def default_periods(program: Any) -> list[str]:
    """The program's years up to this one: the periods a pivot shows when none are asked for."""
    last = min(getattr(program, "end_year", timezone.localdate().year), timezone.localdate().year)
    first = getattr(program, "start_year", last)
    return [str(y) for y in range(first, last + 1)]


def audience_of(user: Any, places: Iterable[str]) -> str:
    """INTERNAL when the user may see sensitive records of every place asked, else PUBLIC (core.access decides)."""
    return INTERNAL if sees_internal(user, places) else PUBLIC


def _periods(periods: Iterable[str | Period]) -> list[Period]:
    result = []
    for p in periods:
        try:
            result.append(p if isinstance(p, Period) else parse_period(str(p)))
        except ValidationError as exc:
            raise QueryError(" ".join(exc.messages)) from exc
    if not result:
        raise QueryError(_("Give at least one period."))
    result = list(dict.fromkeys(result))
    if len(result) > MAX_PERIODS:
        raise QueryError(
            _("A query takes at most %(n)s periods (got %(got)s).") % {"n": MAX_PERIODS, "got": len(result)}
        )
    today = timezone.localdate()
    future = [p.id for p in result if p.start > today]
    if future:
        raise QueryError(
            _("%(period)s lies in the future: there is nothing to count yet.") % {"period": ", ".join(future)}
        )
    return result


def check_public_sensitive(indicator: Indicator, periods: list[Period], breakdowns: int) -> None:
    """Refuse, before anything is computed, a public query of a sensitive indicator that is not a fixed table.

    Fixed tables take calendar periods only (free date ranges and months could be differenced to
    isolate a few days) and at most two breakdowns, a country counting as one.
    """
    odd = [p.id for p in periods if p.kind not in CALENDAR]
    if odd:
        raise QueryError(
            _(
                "%(code)s is about people who must not be identifiable: public figures take years (2021), "
                "half-years (2021S1) or quarters (2021Q2) only, not %(period)s."
            )
            % {"code": indicator.code, "period": ", ".join(odd)}
        )
    if breakdowns > MAX_PUBLIC_BREAKDOWNS:
        raise QueryError(
            _(
                "%(code)s is about people who must not be identifiable: public tables break it down by at most "
                "%(n)s of place and its disaggregations (got %(got)s)."
            )
            % {"code": indicator.code, "n": MAX_PUBLIC_BREAKDOWNS, "got": breakdowns}
        )


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
    if not dims:
        rows = rows.filter(sex="")
    return stored_choice(
        rows.select_related("country"),
        key=lambda dv: (dv.period, dv.place_code, (dv.sex,) if dims else ()),
        indicator=indicator,
    )


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
    and benchmark data) instead of the real one. Raises QueryError with a readable reason, always
    before anything is computed when the question itself is wrong.
    """
    program_id = int(getattr(program, "pk", program))
    indicator = Indicator.objects.restrict(user, "view").filter(code=indicator_code).first()
    if indicator is None:
        raise QueryError(_("No indicator has the code %(code)s.") % {"code": indicator_code})
    wanted = _dimensions(indicator, by)
    period_list = _periods(periods)
    dims = [d for d in wanted if d != PLACE]
    if places is not None:
        asked = list(dict.fromkeys(places))
        wrong = [p for p in asked if not PLACE_CODE.match(p)]
        if wrong:
            raise QueryError(_("A place is REGION or a country code such as LA, not %(place)s.") % {"place": wrong[0]})
    by_place = PLACE in wanted or any(p != REGION for p in places or [])
    seen_audience = audience_of(user, list(places) if places else [REGION])
    final_audience = INTERNAL if audience in (None, INTERNAL) and seen_audience == INTERNAL else PUBLIC
    protected = _protected(indicator) and final_audience == PUBLIC
    if protected:
        check_public_sensitive(indicator, period_list, len(dims) + int(by_place))
    block: disclosure.Block | None = None
    if protected and indicator.unit == Unit.COUNT:
        block, in_block = _block(indicator, program_id, period_list, synthetic)
        computed = _from_block(in_block, period_list, dims, by_place)
    elif indicator.computation:
        computed = _computed(indicator, program_id, period_list, dims, by_place, synthetic)
    else:
        computed = {}
    # A public table of a sensitive indicator shows what the public may see, even to a scoped officer.
    reader = None if protected else user
    derived = _derived_shares(indicator, program_id, period_list, dims, reader) if not synthetic else {}
    computed = {**derived, **computed}  # records first; reported counts where there are none
    reported = _reported(indicator, program_id, period_list, dims, reader) if not synthetic else {}
    if places is None:
        found = {place for (_p, place, _k) in [*computed, *reported]} - {REGION}
        if block is not None:
            found = set(block.axes.get(PLACE, []))
        place_list = [REGION, *sorted(found)] if PLACE in wanted else [REGION]
    else:
        place_list = list(dict.fromkeys(places))
    result = QueryResult(indicator, program_id, period_list, place_list, wanted, final_audience, synthetic)
    keys = _keys(indicator, period_list, place_list, dims, computed, reported)
    by_id = {p.id: p for p in period_list}
    # A period and place with records shows 0 for its empty groups; one without records has no computed value
    # (rather than a 0 that would contradict every reported figure of a program that keeps no records).
    counted = {(period, place) for period, place, _key in computed}
    partial = _partial_periods(indicator, program_id, period_list, synthetic, reader) if computed else set()
    cells = [
        figure_of(
            indicator,
            by_id[period],
            place,
            tuple(zip(dims, values, strict=True)),
            computed=computed.get((period, place, values)),
            stored=reported.get((period, place, values)),
            counted=(period, place) in counted,
            partial=period in partial,
        )
        for period, place, values in keys
    ]
    if protected:
        # The last step before the cells leave the engine: nothing after this sees an unprotected value.
        cells = _protect(indicator, block, cells)
    elif final_audience == PUBLIC and _one_day_rule_applies(indicator, dims):
        cells = _protect_days(indicator, cells)
    result.cells = cells
    result.__post_init__()
    return result


PEOPLE_COUNTS = (Computation.PEOPLE, Computation.PARTICIPATIONS)


def _one_day_rule_applies(indicator: Indicator, dims: list[str]) -> bool:
    """Whether a public table of a non-sensitive indicator may list a few people by two personal attributes.

    SECURITY.md: counts of officials trained are not sensitive, but no public output lists fewer than
    k people by more than one personal attribute (sex, age band) on one day, where a training's
    participants could be told apart.
    """
    personal = [d for d in dims if d in PERSONAL_ATTRIBUTES]
    return indicator.unit == Unit.COUNT and indicator.computation in PEOPLE_COUNTS and len(personal) >= 2


def _protect_days(indicator: Indicator, cells: list[Figure]) -> list[Figure]:
    """The one-day rule: in each one-day period, small two-way personal cells and their complements are hidden.

    The same machinery as for sensitive indicators (acthub.indicators.disclosure): the day is a block
    of its own whose atom is the day, a small cell must fix two personal attributes to be hidden for
    itself (one-way counts stay public: the indicator is not sensitive), and complementary suppression
    keeps it from being worked out from the rows, columns and totals of the table. Longer periods are
    left as they are.
    """
    days = {c.period.id: c.period for c in cells if c.period.start == c.period.end}
    if not days:
        return cells
    k = indicator.disclosure_threshold
    blocks: dict[str, disclosure.Block] = {}
    for pid, period in days.items():
        day_cells = [c for c in cells if c.period.id == pid]
        values = {
            (pid, _fixings(c.place, c.group)): int(c.value)
            for c in day_cells
            if c.value is not None and c.method == Method.COMPUTED
        }
        axes: dict[str, list[str]] = {}
        for _pid, fixings in values:
            for axis, value in fixings:
                if value not in axes.setdefault(axis, []):
                    axes[axis].append(value)
        for axis in [d for d in {d for c in day_cells for d, _v in c.group} if d in DISAGGREGATIONS]:
            choices = DISAGGREGATIONS.get(axis)
            if choices is not None:
                axes[axis] = [str(v) for v in choices.values if v]
        block = disclosure.Block(
            periods={pid: period}, values=values, axes=axes, k=k, min_fixings=2, of_axes=PERSONAL_ATTRIBUTES
        )
        blocks[pid] = disclosure.protect(block)
    protected = []
    for c in cells:
        block_of_day = blocks.get(c.period.id)
        key = (c.period.id, _fixings(c.place, c.group))
        hidden = block_of_day is not None and block_of_day.suppressed(key)
        protected.append(_hide(c, block_of_day.label(key)) if hidden and block_of_day else c)
    return protected


def _protected(indicator: Indicator) -> bool:
    """Whether public figures of the indicator pass disclosure control: it, or what it divides, is sensitive."""
    parts = [indicator, indicator.numerator, indicator.denominator]
    return any(p is not None and p.is_sensitive for p in parts)


def calendar_block(years: Iterable[int]) -> dict[str, Period]:
    """Every calendar period of the years: the year, its half-years and its quarters."""
    found: dict[str, Period] = {}
    for year in sorted(set(years)):
        for pid in (str(year), f"{year}S1", f"{year}S2", *[f"{year}Q{n}" for n in range(1, 5)]):
            found[pid] = parse_period(pid)
    return found


def _fixings(place: str, named: Iterable[tuple[str, str]]) -> disclosure.Fixings:
    pairs = [(PLACE, place)] if place != REGION else []
    pairs += [(d, v) for d, v in named if v != TOTAL]
    return tuple(sorted(pairs))


def _block(
    indicator: Indicator, program_id: int, periods: list[Period], synthetic: bool
) -> tuple[disclosure.Block, dict[disclosure.Key, computations.Value]]:
    """The disclosure-controlled block of every public cell of the years asked (see acthub.indicators.disclosure).

    Every cell any public query of these years may show is computed and protected together, so that
    the same cell has the same published value whichever table, page or file shows it.
    """
    block_periods = calendar_block(p.start.year for p in periods)
    chosen = list(block_periods.values())
    dims = [d for d in indicator.disaggregations or [] if d != "country"]
    values: dict[disclosure.Key, int] = {}
    computed: dict[disclosure.Key, computations.Value] = {}
    subsets = [s for size in range(MAX_PUBLIC_BREAKDOWNS + 1) for s in itertools.combinations(dims, size)]
    if indicator.computation:
        for subset in subsets:
            by_place = len(subset) < MAX_PUBLIC_BREAKDOWNS
            try:
                found = computations.compute(
                    indicator, program_id, chosen, by_place=by_place, group=list(subset), synthetic=synthetic
                )
            except ValueError as exc:
                raise QueryError(str(exc)) from exc
            for (period, place, key), value in found.items():
                fixings = _fixings(place, zip(subset, key, strict=True))
                computed[(period, fixings)] = value
                values[(period, fixings)] = int(value.value)
    axes: dict[str, list[str]] = {}
    places = sorted({v for _p, f in values for d, v in f if d == PLACE})
    if places:
        axes[PLACE] = places
    for d in dims:
        choices = DISAGGREGATIONS.get(d)
        axes[d] = [str(v) for v in choices.values if v] if choices is not None else []
    block = disclosure.Block(periods=block_periods, values=values, axes=axes, k=indicator.disclosure_threshold)
    return disclosure.protect(block), computed


def _from_block(
    in_block: dict[disclosure.Key, computations.Value], periods: list[Period], dims: list[str], by_place: bool
) -> dict[tuple[str, str, tuple[str, ...]], computations.Value]:
    """The block's computed values of the cells a query shows, keyed as the query keys them."""
    asked = {p.id for p in periods}
    wanted = set(dims) | ({PLACE} if by_place else set())
    found: dict[tuple[str, str, tuple[str, ...]], computations.Value] = {}
    for (period, fixings), value in in_block.items():
        named = dict(fixings)
        if period not in asked or not set(named) <= wanted:
            continue
        found[(period, named.get(PLACE, REGION), tuple(named.get(d, TOTAL) for d in dims))] = value
    return found


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


@dataclass(frozen=True)
class DerivedShare(computations.Value):
    """A share worked out from reported counts of its numerator and denominator for the same cell."""

    derived_from: str = ""


def _derived_shares(
    indicator: Indicator, program_id: int, periods: list[Period], dims: list[str], user: Any
) -> dict[tuple[str, str, tuple[str, ...]], computations.Value]:
    """Shares from reported counts: e.g. 520 women of 1,000 people trained, both reported, give 52%.

    Only for a computed percentage whose numerator is its denominator's indicator narrowed by sex (the
    one breakdown data values carry), for the cells without a breakdown; the denominator is stated.
    """
    top, bottom, narrow = indicator.numerator, indicator.denominator, indicator.numerator_filter or {}
    if indicator.computation != "percent" or top is None or bottom is None or dims or set(narrow) != {"sex"}:
        return {}
    rows = DataValue.objects.restrict(user, "view").filter(
        program_id=program_id,
        indicator__in=[top, bottom],
        method=Method.REPORTED,
        period__in=[p.id for p in periods],
        sex__in=["", narrow["sex"]],
    )
    parts: dict[tuple[str, str], dict[str, DataValue]] = {}
    for dv in rows.select_related("country"):
        role = "top" if dv.indicator_id == top.pk and dv.sex == narrow["sex"] else "bottom"
        if role == "bottom" and (dv.indicator_id != bottom.pk or dv.sex):
            continue
        parts.setdefault((dv.period, dv.place_code), {})[role] = dv
    found: dict[tuple[str, str, tuple[str, ...]], computations.Value] = {}
    for (period, place), pair in parts.items():
        if "top" not in pair or "bottom" not in pair or pair["bottom"].value <= 0:
            continue
        n, d = pair["top"].value, pair["bottom"].value
        text = _("Derived from reported counts: %(n)s (%(top)s, sex %(sex)s) of %(d)s (%(bottom)s), %(period)s.") % {
            "n": format_value(n, Unit.COUNT),
            "top": top.code,
            "sex": narrow["sex"],
            "d": format_value(d, Unit.COUNT),
            "bottom": bottom.code,
            "period": period,
        }
        found[(period, place, ())] = DerivedShare(Decimal(100) * n / d, int(n), int(d), text)
    return found


def _partial_periods(
    indicator: Indicator, program_id: int, periods: list[Period], synthetic: bool, user: Any
) -> set[str]:
    """The periods whose computed values cover only part of them, so cannot stand for the whole period.

    A period is partial when it has not ended yet, or when part of it (a half-year or quarter inside
    it) has a reported value of the indicator (or of what it divides) but no activity on record: the
    program kept aggregates, not records, for that part, and the records alone undercount the period.
    """
    from acthub.activities.models import Activity

    today = timezone.localdate()
    found = {p.id for p in periods if p.end > today}
    longer = [p for p in periods if p.id not in found and p.kind not in ("quarterly", "monthly")]
    if not longer:
        return found
    codes = [i.pk for i in (indicator, indicator.numerator, indicator.denominator) if i is not None]
    start, end = min(p.start for p in longer), max(p.end for p in longer)
    parts = set(
        DataValue.objects.restrict(user, "view")
        .filter(
            program_id=program_id,
            indicator_id__in=codes,
            method=Method.REPORTED,
            period_start__gte=start,
            period_end__lte=end,
        )
        .values_list("period_start", "period_end")
    )
    activities = Activity.objects.filter(program_id=program_id, is_synthetic__in=[synthetic])
    empty: dict[tuple[Any, Any], bool] = {}
    for period in longer:
        for part_start, part_end in parts:
            if (part_start, part_end) == (period.start, period.end) or not (
                period.start <= part_start and part_end <= period.end
            ):
                continue
            if (part_start, part_end) not in empty:
                empty[(part_start, part_end)] = not activities.filter(start_date__range=(part_start, part_end)).exists()
            if empty[(part_start, part_end)]:
                found.add(period.id)
                break
    return found


def _hide(cell: Figure, text: str) -> Figure:
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


def _protect(indicator: Indicator, block: disclosure.Block | None, cells: list[Figure]) -> list[Figure]:
    """Disclosure control of the cells of a public table: counts as the block decided, shares by rule 3."""
    k = indicator.disclosure_threshold
    if block is None:  # shares and means: only over a denominator of at least k, parts of at least k
        return _protect_ratios(cells, k)
    protected = []
    for c in cells:
        key = (c.period.id, _fixings(c.place, c.group))
        if block.suppressed(key):
            protected.append(_hide(c, block.label(key)))
        elif c.value is not None and c.method == Method.REPORTED and 0 < c.value < k:
            protected.append(_hide(c, f"<{k}"))  # a reported value outside the block: never small
        else:
            protected.append(c)
    return protected


def _protect_ratios(cells: list[Figure], k: int) -> list[Figure]:
    """Rule 3, then rule 2 over the shares' parts (disclosure.complement_ratios): no hidden part is a difference."""

    def key(c: Figure) -> disclosure.RatioKey:
        return (c.period.id, c.place, tuple(v for _d, v in c.group))

    shown: dict[disclosure.RatioKey, int] = {}
    hidden: list[disclosure.RatioKey] = []
    for c in cells:
        if c.value is None:
            continue
        if disclosure.ratio_publishable(c.numerator, c.denominator, k):
            shown[key(c)] = c.denominator or 0
        else:
            hidden.append(key(c))
    hidden_all = set(hidden) | disclosure.complement_ratios(shown, hidden, REGION, TOTAL)
    return [_hide(c, "x") if c.value is not None and key(c) in hidden_all else c for c in cells]
