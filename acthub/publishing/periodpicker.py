"""The visualizer's period picker: calendar periods and relative ranges, resolved on the server.

A choice is a list of tokens, as the URL keeps them: DHIS2 period identifiers (`2021`, `2021S1`,
`2021Q2`, `202106`) and DHIS2's relative periods (`LAST_4_QUARTERS`, `LAST_2_YEARS`, `LAST_12_MONTHS`,
`LAST_2_SIXMONTHS`, `LAST_YEAR`, ...). A relative token is resolved to the calendar periods it
names *today* (the last n complete periods before the current one, oldest first), so a shared link
stays relative: opened next quarter, "last 4 quarters" moves on by one.

Bad input (an unknown token, a period in the future, more periods than a view shows) is refused
here with a readable reason, before the engine is asked anything. Which periods a sensitive
indicator accepts for the public is the engine's rule (acthub.indicators.query), not repeated here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from acthub.core.periods import Period, parse_period
from acthub.indicators.query import QueryError

MAX_VIEW_PERIODS = 36  # three years of months: more is no chart or table anyone reads
MAX_RELATIVE = 24  # LAST_24_QUARTERS is six years; beyond that, name the years

# Unit of a relative token -> (months per period, DHIS2 suffix of its identifiers).
UNITS = {"YEARS": 12, "SIXMONTHS": 6, "QUARTERS": 3, "MONTHS": 1}
SINGULAR = {"LAST_YEAR": "YEARS", "LAST_SIXMONTH": "SIXMONTHS", "LAST_QUARTER": "QUARTERS", "LAST_MONTH": "MONTHS"}
_RELATIVE = re.compile(r"^LAST_(?P<n>\d{1,3})_(?P<unit>YEARS|SIXMONTHS|QUARTERS|MONTHS)$")

# The relative ranges the picker offers (any LAST_<n>_<UNIT> up to MAX_RELATIVE is accepted).
RELATIVE_CHOICES = (
    ("LAST_YEAR", gettext_lazy("Last year")),
    ("LAST_2_YEARS", gettext_lazy("Last 2 years")),
    ("LAST_5_YEARS", gettext_lazy("Last 5 years")),
    ("LAST_2_SIXMONTHS", gettext_lazy("Last 2 half-years")),
    ("LAST_4_QUARTERS", gettext_lazy("Last 4 quarters")),
    ("LAST_12_MONTHS", gettext_lazy("Last 12 months")),
)


class PeriodChoiceError(QueryError):
    """A period choice the picker cannot resolve; the message says why."""


@dataclass(frozen=True)
class PeriodChoice:
    """What was asked (tokens, as the URL keeps them) and the calendar periods it names today."""

    tokens: tuple[str, ...]
    periods: tuple[str, ...]

    @property
    def relative(self) -> bool:
        """Whether any token is a relative range (the view moves on with the calendar)."""
        return any(is_relative(t) for t in self.tokens)


def is_relative(token: str) -> bool:
    """Whether a token is one of DHIS2's relative periods (LAST_4_QUARTERS, LAST_YEAR, ...)."""
    return token in SINGULAR or bool(_RELATIVE.match(token))


def _period_of(months: int, year: int, index: int) -> str:
    """The DHIS2 identifier of the index-th (0-based) period of a year, for periods of `months` months."""
    if months == 12:
        return str(year)
    if months == 6:
        return f"{year}S{index + 1}"
    if months == 3:
        return f"{year}Q{index + 1}"
    return f"{year}{index + 1:02d}"


def resolve_relative(token: str, today: date) -> list[str]:
    """The calendar periods a relative token names on `today`: the last n complete ones, oldest first."""
    if token in SINGULAR:
        unit, n = SINGULAR[token], 1
    else:
        m = _RELATIVE.match(token)
        if m is None:
            raise PeriodChoiceError(_("%(token)s is not a relative period.") % {"token": token})
        unit, n = m["unit"], int(m["n"])
    if not 1 <= n <= MAX_RELATIVE:
        raise PeriodChoiceError(
            _("%(token)s: a relative range counts 1 to %(max)s periods.") % {"token": token, "max": MAX_RELATIVE}
        )
    months = UNITS[unit]
    # The current period, as an index counted in periods since year 0; the last complete one is before it.
    current = today.year * (12 // months) + (today.month - 1) // months
    found = []
    for index in range(current - n, current):
        year, within = divmod(index, 12 // months)
        found.append(_period_of(months, year, within))
    return found


def tokens_of(values: list[str]) -> list[str]:
    """The tokens of the `period` parameters: repeated, or comma-separated, blanks dropped."""
    return [v.strip() for value in values for v in value.split(",") if v.strip()]


def resolve(tokens: list[str], today: date) -> PeriodChoice:
    """Resolve a choice to calendar periods, or raise PeriodChoiceError saying what is wrong.

    Periods are deduplicated in the order asked; a relative token's periods come where it stands.
    """
    periods: list[str] = []
    for token in tokens:
        if is_relative(token) or token.startswith("LAST_"):
            periods.extend(resolve_relative(token, today))
            continue
        try:
            period: Period = parse_period(token)
        except ValidationError as exc:
            raise PeriodChoiceError(" ".join(exc.messages)) from exc
        if period.start > today:
            raise PeriodChoiceError(
                _("%(period)s lies in the future: there is nothing to count yet.") % {"period": token}
            )
        periods.append(period.id)
    unique = list(dict.fromkeys(periods))
    if len(unique) > MAX_VIEW_PERIODS:
        raise PeriodChoiceError(
            _("A view shows at most %(n)s periods (got %(got)s): choose fewer, or longer ones.")
            % {"n": MAX_VIEW_PERIODS, "got": len(unique)}
        )
    return PeriodChoice(tuple(tokens), tuple(unique))


def calendar_options(first_year: int, today: date) -> dict[str, list[str]]:
    """The fixed periods the picker lists, by kind, newest first, none in the future."""
    years = list(range(today.year, first_year - 1, -1))
    options: dict[str, list[str]] = {"year": [], "six_monthly": [], "quarterly": [], "monthly": []}
    for year in years:
        options["year"].append(str(year))
        options["six_monthly"] += [f"{year}S{n}" for n in (2, 1)]
        options["quarterly"] += [f"{year}Q{n}" for n in (4, 3, 2, 1)]
        options["monthly"] += [f"{year}{m:02d}" for m in range(12, 0, -1)]
    return {kind: [p for p in ids if parse_period(p).start <= today] for kind, ids in options.items()}
