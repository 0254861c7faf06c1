"""The engine's one figure type, and the one rule that makes a figure of what a cell holds.

Every figure the engine returns is a `Figure`: a cell of a query (acthub.indicators.query) and a
headline looked up in a FigureSet (acthub.indicators.engine) alike. Both are made by `figure_of`, which
applies the reported-versus-computed rule of docs/adr/0009-reported-and-computed.md; `stored_choice`
picks, among the data values stored for one cell, the one that rule looks at. Nothing else chooses
between a reported and a computed value (docs/adr/0016-one-figure-type.md).

Held apart from both the FigureSet and the query, which both use it, so that neither imports the
other's module for it.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, TypeVar

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from acthub.core.periods import Period
from acthub.indicators.choices import Method, Status, Unit
from acthub.indicators.models import DataValue, Indicator

if TYPE_CHECKING:
    from acthub.indicators.computations import Value

PREFERENCE = (Method.REPORTED, Method.COMPUTED)
PLACE = "place"
TOTAL = ""  # a group value: the total over that disaggregation
NONE = "\u2013"  # an en dash: no record behind the figure
Group = tuple[tuple[str, str], ...]  # (disaggregation, value) pairs, in the order of the table's dimensions
K = TypeVar("K", bound=Hashable)


def shown(value: Decimal, decimals: int | None) -> Decimal:
    """The value at the precision it is published with (half up, as people round)."""
    if decimals is None:
        return value
    return value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def agree(a: Decimal | None, b: Decimal | None, decimals: int | None) -> bool:
    """Whether two values of one indicator are the same figure as published: the one comparison of values.

    Values agree when they show alike at the indicator's decimals (34.9 and 35 agree at 0 decimals);
    a missing value agrees only with another missing one.
    """
    if a is None or b is None:
        return a is None and b is None
    return shown(Decimal(a), decimals) == shown(Decimal(b), decimals)


def format_value(value: Decimal, unit: str, decimals: int | None = None) -> str:
    """A value as people read it: 2,037 ; 35% ; 1.5."""
    value = shown(value, decimals).normalize()
    if value == value.to_integral_value():
        value = value.quantize(Decimal(1))
    text = number_format(value, force_grouping=True)
    return f"{text}%" if unit == Unit.PERCENT else text


def preferred(indicator: Indicator) -> tuple[str, str]:
    """The order in which a cell's values are shown for this indicator: its preference first."""
    first = indicator.preference or PREFERENCE[0]
    return (first, next(m for m in (Method.REPORTED, Method.COMPUTED) if m != first))


@dataclass(frozen=True, slots=True)
class Figure:
    """One figure: where it sits, the values it may have, which one is shown, and where that comes from.

    `value` is what is shown (None when there is none, or when disclosure control hid it: then
    `suppressed` is set and `label` says what stands instead, "<11"). `reported` and `computed` are
    the two values the cell may hold, kept beside each other. `data_value_id` is the stored data
    value shown; None for a value computed from records, whose provenance is the query over records.
    Rounding happens once, in `display`, to the indicator's decimals. The engine builds no link:
    publishing does (acthub.publishing.links.figure_url).
    """

    indicator: Indicator
    period: Period
    place: str
    value: Decimal | None
    method: str | None  # which value is shown: Method.REPORTED or Method.COMPUTED; None without one
    group: Group = ()
    computed: Decimal | None = None
    reported: Decimal | None = None
    data_value_id: int | None = None
    numerator: int | None = None
    denominator: int | None = None
    suppressed: bool = False
    label: str = ""  # what a suppressed figure shows instead of its value
    source_document: str = ""  # the stored value's source document
    passage: str = ""  # where in that document the value stands
    filters: str = ""  # the narrowing of the records a computed value counts, in words
    partial: bool = False  # computed from records that cover only part of the period
    derived_from: str = ""  # a share worked out from reported counts: which ones

    @property
    def code(self) -> str:
        return self.indicator.code

    @property
    def unit(self) -> str:
        return self.indicator.unit

    @property
    def decimals(self) -> int | None:
        return self.indicator.decimals

    @property
    def sex(self) -> str:
        """The sex the figure is of; "" for all."""
        return self.value_of("sex")

    @property
    def status(self) -> str:
        """suppressed, reported, partial or computed (acthub.indicators.choices.Status); "" without a value."""
        if self.suppressed:
            return Status.SUPPRESSED
        if self.value is None:
            return ""
        if self.method == Method.COMPUTED:
            return Status.PARTIAL if self.partial else Status.COMPUTED
        return Status.REPORTED

    @property
    def figure_status(self) -> str:
        """The status, under the name templates of headline figures use."""
        return self.status

    @property
    def is_partial(self) -> bool:
        return self.status == Status.PARTIAL

    @property
    def display(self) -> str:
        """The value as shown: "2,037", "35%", "<11" when suppressed, a dash when there is none."""
        if self.label:
            return self.label
        return (
            format_value(self.value, self.indicator.unit, self.indicator.decimals) if self.value is not None else NONE
        )

    @property
    def provenance(self) -> str:
        """Where the shown value comes from: the query over records, or the source document."""
        if self.method != Method.COMPUTED:
            return self.source_document
        if self.derived_from:
            return self.derived_from
        return _("Computed from records: %(code)s, period %(period)s, place %(place)s%(filters)s.") % {
            "code": self.indicator.code,
            "period": self.period.id,
            "place": self.place,
            "filters": f", {self.filters}" if self.filters else "",
        }

    @property
    def source_location(self) -> str:
        """Where in its source the value stands: the stored value's passage, or the query over records."""
        if self.method == Method.COMPUTED and self.data_value_id is None:
            return self.provenance
        return self.passage

    @property
    def key(self) -> tuple[str, str, str, str]:
        """(indicator code, period id, place, sex): how a FigureSet looks a headline figure up."""
        return (self.indicator.code, self.period.id, self.place, self.sex)

    def value_of(self, dimension: str) -> str:
        """The figure's value of a dimension: place, period id, or a disaggregation code ("" = all)."""
        if dimension == PLACE:
            return self.place
        if dimension == "period":
            return self.period.id
        for name, value in self.group:
            if name == dimension:
                return value
        return TOTAL

    @property
    def disagrees(self) -> bool:
        """Whether the figure has a reported and a computed value that differ as published."""
        if self.reported is None or self.computed is None:
            return False
        return not agree(self.reported, self.computed, self.indicator.decimals)


def stored_choice(
    values: Iterable[DataValue], key: Callable[[DataValue], K], indicator: Indicator | None = None
) -> dict[K, DataValue]:
    """Of the data values stored for each cell (by `key`), the one of the indicator's preferred method.

    A cell may store a reported value and a computed one (a snapshot); `figure_of` looks at this one.
    `indicator` is every value's indicator when they share one (else each value's own is read).
    """
    found: dict[K, DataValue] = {}
    rank: dict[K, int] = {}
    for dv in values:
        order = preferred(indicator if indicator is not None else dv.indicator)
        place = order.index(dv.method) if dv.method in order else len(order)
        cell = key(dv)
        if cell not in rank or place < rank[cell]:
            found[cell], rank[cell] = dv, place
    return found


def figure_of(
    indicator: Indicator,
    period: Period,
    place: str,
    group: Group = (),
    *,
    computed: Value | None = None,
    stored: DataValue | None = None,
    counted: bool = False,
    partial: bool = False,
) -> Figure:
    """The figure of one cell, by the engine's one rule for reported and computed values.

    `computed` is the value computed from records (or a share derived from reported counts), `stored`
    the cell's stored data value (`stored_choice`), `counted` whether records exist for the period and
    place (then a computed count with no record in the group is 0), `partial` whether the records
    cover only part of the period. The indicator's preference picks between a reported and a computed
    value, except that a partial computed value never replaces a reported one
    (docs/adr/0009-reported-and-computed.md).
    """
    derived_from = getattr(computed, "derived_from", "")
    live = computed.value if computed is not None else (Decimal(0) if indicator.computation and counted else None)
    if indicator.unit != Unit.COUNT and computed is None:
        live = None
    if live is None and stored is not None and stored.method == Method.COMPUTED:
        live = stored.value  # a computed value stored as a snapshot stands in for the records
    real = stored.value if stored is not None and stored.method == Method.REPORTED else None
    order = preferred(indicator)
    if partial and real is not None:
        order = (Method.REPORTED, Method.COMPUTED)
    value, method = None, None
    for choice in order:
        candidate = real if choice == Method.REPORTED else live
        if candidate is not None:
            value, method = candidate, choice
            break
    narrowing = [*(indicator.filters or {}).items(), *group] if indicator.filters else list(group)
    return Figure(
        indicator=indicator,
        period=period,
        place=place,
        value=value,
        method=method,
        group=group,
        computed=live,
        reported=real,
        data_value_id=stored.pk if stored is not None and method == stored.method else None,
        numerator=computed.numerator if computed is not None else None,
        denominator=computed.denominator if computed is not None else None,
        source_document=stored.source_document if stored is not None else "",
        passage=stored.source_location if stored is not None else "",
        filters=", ".join(f"{d}={v}" for d, v in narrowing if v),
        partial=partial and method == Method.COMPUTED,
        derived_from=derived_from if method == Method.COMPUTED else "",
    )


def settled(figure: Figure) -> bool:
    """Whether the figure already shows the value its indicator prefers, so no computation can change it.

    A consequence of `figure_of`'s rule, stated beside it: a look-up need not ask the query again for
    such a figure (the FigureSet's pages keep their query counts).
    """
    return figure.method == preferred(figure.indicator)[0]
