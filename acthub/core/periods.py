"""Period identifiers in DHIS2's notation: `2020`, `2021S1`, `2021Q2`, `202106`, `2021-01-01/2021-06-30`.

A period is always a closed date interval; the identifier is what people type and what is stored.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_YEAR = re.compile(r"^(?P<y>\d{4})$")
_SIX_MONTHLY = re.compile(r"^(?P<y>\d{4})S(?P<n>\d+)$")
_QUARTERLY = re.compile(r"^(?P<y>\d{4})Q(?P<n>\d+)$")
_MONTHLY = re.compile(r"^(?P<y>\d{4})(?P<m>\d{2})$")
_RANGE = re.compile(r"^(?P<a>\d{4}-\d{2}-\d{2})/(?P<b>\d{4}-\d{2}-\d{2})$")

MIN_YEAR, MAX_YEAR = 1900, 2199


@dataclass(frozen=True, order=True)
class Period:
    """A closed interval of dates named by its DHIS2 identifier."""

    start: date
    end: date
    id: str
    kind: str

    def __str__(self) -> str:
        return self.id

    @property
    def label(self) -> str:
        """A human label: "2020", "Jan-Jun 2021", "Apr-Jun 2021", "Jun 2021" or the two dates."""
        if self.kind == "year":
            return str(self.start.year)
        if self.kind in ("six_monthly", "quarterly"):
            first = calendar.month_abbr[self.start.month]
            last = calendar.month_abbr[self.end.month]
            return f"{first}-{last} {self.start.year}"
        if self.kind == "monthly":
            return f"{calendar.month_abbr[self.start.month]} {self.start.year}"
        shape = self.range_shape
        if shape == "years":
            return f"{self.start.year}\u2013{self.end.year}"
        months = calendar.month_name
        if shape == "months":
            if self.start.year == self.end.year:
                return f"{months[self.start.month]}\u2013{months[self.end.month]} {self.end.year}"
            return f"{months[self.start.month]} {self.start.year} \u2013 {months[self.end.month]} {self.end.year}"
        first = f"{self.start.day} {months[self.start.month]}"
        last = f"{self.end.day} {months[self.end.month]} {self.end.year}"
        if self.start.year == self.end.year:
            return last if self.start == self.end else f"{first} \u2013 {last}"
        return f"{first} {self.start.year} \u2013 {last}"

    @property
    def range_shape(self) -> str:
        """How an explicit range reads: whole "years", whole "months", or "days" (any other range)."""
        next_day = self.end + timedelta(days=1)
        if self.start.month == 1 and self.start.day == 1 and next_day.month == 1 and next_day.day == 1:
            return "years"
        if self.start.day == 1 and next_day.day == 1:
            return "months"
        return "days"

    def contains(self, other: Period) -> bool:
        return self.start <= other.start and other.end <= self.end


def _check_year(value: str, year: int) -> None:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValidationError(
            _("Period %(value)s: the year must lie between %(min)s and %(max)s."),
            code="period_year",
            params={"value": value, "min": MIN_YEAR, "max": MAX_YEAR},
        )


def _month_span(year: int, first_month: int, months: int) -> tuple[date, date]:
    last_month = first_month + months - 1
    return date(year, first_month, 1), date(year, last_month, calendar.monthrange(year, last_month)[1])


def parse_period(value: str) -> Period:
    """Parse a period identifier, raising ValidationError that says what is wrong with it."""
    text = (value or "").strip()
    if m := _YEAR.match(text):
        year = int(m["y"])
        _check_year(text, year)
        return Period(date(year, 1, 1), date(year, 12, 31), text, "year")
    if m := _SIX_MONTHLY.match(text):
        year, n = int(m["y"]), int(m["n"])
        _check_year(text, year)
        if n not in (1, 2):
            raise ValidationError(
                _("Period %(value)s: a half-year is S1 (January-June) or S2 (July-December)."),
                code="period_half",
                params={"value": text},
            )
        return Period(*_month_span(year, 1 + 6 * (n - 1), 6), text, "six_monthly")
    if m := _QUARTERLY.match(text):
        year, n = int(m["y"]), int(m["n"])
        _check_year(text, year)
        if not 1 <= n <= 4:
            raise ValidationError(
                _("Period %(value)s: a quarter is Q1 to Q4."), code="period_quarter", params={"value": text}
            )
        return Period(*_month_span(year, 1 + 3 * (n - 1), 3), text, "quarterly")
    if m := _MONTHLY.match(text):
        year, month = int(m["y"]), int(m["m"])
        _check_year(text, year)
        if not 1 <= month <= 12:
            raise ValidationError(
                _("Period %(value)s: the month must be 01 to 12."), code="period_month", params={"value": text}
            )
        return Period(*_month_span(year, month, 1), text, "monthly")
    if m := _RANGE.match(text):
        try:
            start, end = date.fromisoformat(m["a"]), date.fromisoformat(m["b"])
        except ValueError as exc:
            raise ValidationError(
                _("Period %(value)s: %(reason)s."), code="period_date", params={"value": text, "reason": exc}
            ) from exc
        _check_year(text, start.year)
        _check_year(text, end.year)
        if end < start:
            raise ValidationError(
                _("Period %(value)s ends before it starts."), code="period_order", params={"value": text}
            )
        return Period(start, end, text, "range")
    raise ValidationError(
        _(
            "%(value)s is not a period: use 2021 (year), 2021S1 (half-year), 2021Q2 (quarter), "
            "202106 (month) or 2021-01-01/2021-06-30 (date range)."
        ),
        code="period_format",
        params={"value": text or "(empty)"},
    )


def validate_period(value: str) -> None:
    """Model-field validator form of parse_period."""
    parse_period(value)
