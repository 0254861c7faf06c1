"""How the portal words periods, places and money, in the visitor's language.

`Period.label` (acthub.core.periods) is the English label stored with exports; the portal shows the
same label through gettext so that a Lao page names its months in Lao.
"""

from __future__ import annotations

from decimal import Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext, gettext_noop, pgettext

from acthub.core.periods import Period
from acthub.indicators.choices import REGION

# The date filter's full month names ("F") come from Django's catalogues, and Django ships none for Lao
# or Filipino: marked here so that makemessages keeps them in ours.
MONTH_NAMES = (
    gettext_noop("January"),
    gettext_noop("February"),
    gettext_noop("March"),
    gettext_noop("April"),
    gettext_noop("May"),
    gettext_noop("June"),
    gettext_noop("July"),
    gettext_noop("August"),
    gettext_noop("September"),
    gettext_noop("October"),
    gettext_noop("November"),
    gettext_noop("December"),
)


def month_abbr(month: int) -> str:
    """The short name of a month (1-12), translated."""
    names = {
        1: pgettext("month abbreviation", "Jan"),
        2: pgettext("month abbreviation", "Feb"),
        3: pgettext("month abbreviation", "Mar"),
        4: pgettext("month abbreviation", "Apr"),
        5: pgettext("month abbreviation", "May"),
        6: pgettext("month abbreviation", "Jun"),
        7: pgettext("month abbreviation", "Jul"),
        8: pgettext("month abbreviation", "Aug"),
        9: pgettext("month abbreviation", "Sep"),
        10: pgettext("month abbreviation", "Oct"),
        11: pgettext("month abbreviation", "Nov"),
        12: pgettext("month abbreviation", "Dec"),
    }
    return names[month]


def month_name(month: int) -> str:
    """The full name of a month (1-12), translated."""
    return gettext(MONTH_NAMES[month - 1])


def _range_label(period: Period) -> str:
    """An explicit range in words: "2018-2021", "January 2018 - June 2021", "15 February - 20 May 2021"."""
    start, end = period.start, period.end
    shape = period.range_shape
    if shape == "years":
        return gettext("%(first)s–%(last)s") % {"first": start.year, "last": end.year}  # noqa: RUF001 (an en dash between dates, on purpose)
    if shape == "months":
        if start.year == end.year:
            return gettext("%(first_month)s–%(last_month)s %(year)s") % {  # noqa: RUF001 (an en dash between dates, on purpose)
                "first_month": month_name(start.month),
                "last_month": month_name(end.month),
                "year": end.year,
            }
        return gettext("%(first_month)s %(first_year)s – %(last_month)s %(last_year)s") % {  # noqa: RUF001 (an en dash between dates, on purpose)
            "first_month": month_name(start.month),
            "first_year": start.year,
            "last_month": month_name(end.month),
            "last_year": end.year,
        }
    last = gettext("%(day)s %(month)s %(year)s") % {"day": end.day, "month": month_name(end.month), "year": end.year}
    if start == end:
        return last
    if start.year == end.year:
        first = gettext("%(day)s %(month)s") % {"day": start.day, "month": month_name(start.month)}
    else:
        first = gettext("%(day)s %(month)s %(year)s") % {
            "day": start.day,
            "month": month_name(start.month),
            "year": start.year,
        }
    return gettext("%(first)s – %(last)s") % {"first": first, "last": last}  # noqa: RUF001 (an en dash between dates, on purpose)


def period_label(period: Period) -> str:
    """A period as people read it: "2020", "Jan-Jun 2021", "Jun 2021", "2018-2021" or "January 2018 - June 2021".

    Never the identifier (2021S1) nor ISO dates: explicit ranges are worded in whole years, whole months
    or days, with month names from the catalogue. Machine outputs (the tidy CSV's period column, the
    API) keep the identifiers.
    """
    if period.kind == "year":
        return str(period.start.year)
    if period.kind in ("six_monthly", "quarterly"):
        return gettext("%(first)s-%(last)s %(year)s") % {
            "first": month_abbr(period.start.month),
            "last": month_abbr(period.end.month),
            "year": period.start.year,
        }
    if period.kind == "monthly":
        return f"{month_abbr(period.start.month)} {period.start.year}"
    return _range_label(period)


def place_label(code: str, names: dict[str, str]) -> str:
    """The name of a figure's place: a country's name, or the whole region."""
    if code == REGION:
        return gettext("Region")
    return names.get(code, code)


CURRENCY_SYMBOLS = {"AUD": "A$", "USD": "US$", "EUR": "€", "GBP": "£", "NZD": "NZ$"}


def money(amount: Decimal | None, currency: str) -> str:
    """An amount of money as the program's documents write it: "A$80 million", "A$250,000"."""
    if amount is None:
        return ""
    symbol = CURRENCY_SYMBOLS.get(currency, f"{currency} ")
    million = Decimal(1_000_000)
    if amount >= million:
        millions = (amount / million).normalize()
        if millions == millions.to_integral_value():
            millions = millions.quantize(Decimal(1))
        return gettext("%(symbol)s%(amount)s million") % {
            "symbol": symbol,
            "amount": number_format(millions, force_grouping=True),
        }
    whole = amount.quantize(Decimal(1)) if amount == amount.to_integral_value() else amount
    return f"{symbol}{number_format(whole, force_grouping=True)}"


def years_label(start_year: int, end_year: int) -> str:
    """A program's period: "10-year program (2018-2028)"."""
    return gettext("%(count)s-year program (%(start)s-%(end)s)") % {
        "count": end_year - start_year,
        "start": start_year,
        "end": end_year,
    }
