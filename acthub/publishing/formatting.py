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


def period_label(period: Period) -> str:
    """A period as people read it: "2020", "Jan-Jun 2021", "Jun 2021" or "2018-01-01 to 2021-06-30"."""
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
    return gettext("%(start)s to %(end)s") % {"start": period.start.isoformat(), "end": period.end.isoformat()}


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
