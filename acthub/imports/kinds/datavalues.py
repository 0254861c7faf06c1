"""Rows of the `datavalues` kind: reported figures, `indicator,period,place,sex,value,source`.

A cell is (program, indicator, period, place, sex) among reported values. A cell already holding the
same value is unchanged; another value is an error, so that a figure is never overwritten silently.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from acthub.core.periods import parse_period
from acthub.imports.choices import ImportKind
from acthub.imports.kinds.base import ERROR, NEW, REGION, UNCHANGED, CellError, ChunkResult, Handler, RowError, _quote
from acthub.imports.specs import KINDS
from acthub.indicators.choices import Method, Unit

MAX_INTEGER_DIGITS = 14  # DataValue.value is DECIMAL(18, 4)


@dataclass(frozen=True)
class IndicatorInfo:
    """What validating a value needs to know of its indicator."""

    id: int
    code: str
    unit: str
    disaggregations: tuple[str, ...]


@dataclass(frozen=True)
class ValueRow:
    """A validated data value row, ready to compare or write."""

    indicator_id: int
    period: str
    period_start: date
    period_end: date
    country_id: int | None
    sex: str
    value: Decimal
    source: str

    @property
    def cell(self) -> tuple[int, str, int | None, str]:
        """The natural key within the program's reported values."""
        return (self.indicator_id, self.period, self.country_id, self.sex)


def parse_value(text: str, indicator: IndicatorInfo | None) -> Decimal:
    """A figure: a plain decimal number within the indicator's unit's bounds."""
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise CellError(
            _("%(value)s is not a number (use a dot for decimals, no thousands separator).") % {"value": _quote(text)}
        ) from None
    if not value.is_finite():
        raise CellError(_("%(value)s is not a number.") % {"value": _quote(text)})
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -4 and value != value.quantize(Decimal("0.0001")):
        raise CellError(_("%(value)s has more than 4 decimals.") % {"value": text})
    if abs(value) >= Decimal(10) ** MAX_INTEGER_DIGITS:
        raise CellError(_("%(value)s is too large.") % {"value": text})
    if value < 0:
        raise CellError(_("%(value)s is negative: figures are 0 or more.") % {"value": text})
    if indicator is not None:
        if indicator.unit == Unit.PERCENT and value > 100:
            raise CellError(
                _("%(code)s is a percentage: at most 100 (got %(value)s).") % {"code": indicator.code, "value": text}
            )
        if indicator.unit == Unit.COUNT and value != value.to_integral_value():
            raise CellError(
                _("%(code)s is a count: a whole number (got %(value)s).") % {"code": indicator.code, "value": text}
            )
    return value


class DataValuesHandler(Handler):
    """Reported values; natural key (program, indicator, period, place, sex) among reported values."""

    spec = KINDS[ImportKind.DATAVALUES]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from acthub.indicators.models import Indicator

        super().__init__(*args, **kwargs)
        self.indicators = {
            code: IndicatorInfo(pk, code, unit, tuple(dis or ()))
            for pk, code, unit, dis in Indicator.objects.values_list("pk", "code", "unit", "disaggregations")
        }

    def validate(self, rows: list[tuple[int, list[str]]], errors: list[RowError]) -> ChunkResult:
        statuses = [ERROR] * len(rows)
        valid: list[tuple[int, int, ValueRow]] = []
        for i, (n, row) in enumerate(rows):
            before = len(errors)
            parsed = self._parse(n, row, errors)
            if len(errors) > before or parsed is None:
                continue
            if hash(parsed.cell) in self.seen:
                errors.append(
                    RowError(n, "value", _("The same indicator, period, place and sex appear twice in this file."))
                )
                continue
            self.seen.add(hash(parsed.cell))
            valid.append((i, n, parsed))
        result = ChunkResult(statuses)
        existing = self._existing([p for _i, _n, p in valid])
        for i, n, parsed in valid:
            old = existing.get(parsed.cell)
            if old is None:
                statuses[i] = NEW
                result.pending.append(parsed)
            elif old == parsed.value:
                statuses[i] = UNCHANGED
            else:
                errors.append(
                    RowError(
                        n,
                        "value",
                        _("A reported value is already stored for this cell: %(old)s (file: %(new)s).")
                        % {"old": old.normalize(), "new": parsed.value},
                    )
                )
        return result

    def _parse(self, n: int, row: list[str], errors: list[RowError]) -> ValueRow | None:
        ix = self.index
        code, period_text, place, sex_text, value_text, source = (row[ix[c]] for c in self.spec.names)
        indicator = self.indicators.get(code) or self.indicators.get(code.upper())
        for column, text in (
            ("indicator", code),
            ("period", period_text),
            ("place", place),
            ("value", value_text),
            ("source", source),
        ):
            if not text:
                self.required(errors, n, column)
        if code and indicator is None:
            errors.append(RowError(n, "indicator", _("Unknown indicator code %(code)s.") % {"code": _quote(code)}))
        period = None
        if period_text:
            try:
                period = parse_period(period_text)
            except ValidationError as exc:
                errors.append(RowError(n, "period", " ".join(exc.messages)))
        country_id = None
        if place.upper() == REGION:
            if self.ctx.allowed_countries is not None:
                errors.append(RowError(n, "place", self.scope_error(REGION)))
        elif place:
            try:
                country_id = self.lookups.country(place)
            except CellError as exc:
                errors.append(RowError(n, "place", str(exc)))
            else:
                if not self.in_scope(country_id):
                    errors.append(RowError(n, "place", self.scope_error(place.upper())))
        sex = ""
        try:
            sex = self.code("sex", sex_text)
        except CellError as exc:
            errors.append(RowError(n, "sex", str(exc)))
        if sex and indicator is not None and "sex" not in indicator.disaggregations:
            errors.append(
                RowError(
                    n, "sex", _("%(code)s is not disaggregated by sex: leave sex empty.") % {"code": indicator.code}
                )
            )
        value = None
        if value_text:
            try:
                value = parse_value(value_text, indicator)
            except CellError as exc:
                errors.append(RowError(n, "value", str(exc)))
        if len(source) > 200:
            errors.append(RowError(n, "source", _("At most %(limit)s characters.") % {"limit": 200}))
        if indicator is None or period is None or value is None:
            return None
        return ValueRow(indicator.id, period.id, period.start, period.end, country_id, sex, value, source)

    def _existing(self, rows: list[ValueRow]) -> dict[tuple[int, str, int | None, str], Decimal]:
        from acthub.indicators.models import DataValue

        if not rows:
            return {}
        found = DataValue.objects.filter(
            program=self.lookups.program,
            method=Method.REPORTED,
            indicator_id__in={r.indicator_id for r in rows},
            period__in={r.period for r in rows},
        ).values_list("indicator_id", "period", "country_id", "sex", "value")
        return {(ind, period, country, sex): value for ind, period, country, sex, value in found}

    def write(self, chunk: ChunkResult) -> None:
        from acthub.indicators.models import DataValue

        rows: list[ValueRow] = chunk.pending
        user = self.ctx.user if getattr(self.ctx.user, "pk", None) else None
        DataValue.objects.bulk_create(
            [
                DataValue(
                    program=self.lookups.program,
                    indicator_id=r.indicator_id,
                    period=r.period,
                    period_start=r.period_start,
                    period_end=r.period_end,
                    country_id=r.country_id,
                    sex=r.sex,
                    value=r.value,
                    method=Method.REPORTED,
                    reported_by=user,
                    reported_via="import",
                    source_document=r.source,
                    note=_("Imported by job %(id)s.") % {"id": self.ctx.job.pk},
                    import_job_id=self.ctx.job.pk,
                    is_pending=self.ctx.pending,
                )
                for r in rows
            ],
            batch_size=1000,
        )
