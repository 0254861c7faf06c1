"""Periods, money and program years as the portal words them."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import translation

from acthub.core.periods import parse_period
from acthub.publishing.formatting import money, period_label, place_label, years_label


@pytest.mark.parametrize(
    ("period", "label"),
    [
        ("2020", "2020"),
        ("2021S1", "Jan-Jun 2021"),
        ("2021Q2", "Apr-Jun 2021"),
        ("202107", "Jul 2021"),
        ("2021-01-01/2021-06-30", "January–June 2021"),  # noqa: RUF001 (an en dash between dates, on purpose)
        ("2018-01-01/2021-06-30", "January 2018 – June 2021"),  # noqa: RUF001 (an en dash between dates, on purpose)
        ("2018-01-01/2021-12-31", "2018–2021"),  # noqa: RUF001 (an en dash between dates, on purpose)
        ("2020-01-01/2021-06-30", "January 2020 – June 2021"),  # noqa: RUF001 (an en dash between dates, on purpose)
        ("2021-02-15/2021-05-20", "15 February – 20 May 2021"),  # noqa: RUF001 (an en dash between dates, on purpose)
        ("2020-12-24/2021-01-06", "24 December 2020 – 6 January 2021"),  # noqa: RUF001 (an en dash between dates, on purpose)
        ("2021-03-09/2021-03-09", "9 March 2021"),
    ],
)
def test_period_label_matches_the_stored_label(period: str, label: str) -> None:
    with translation.override("en"):
        assert period_label(parse_period(period)) == label == parse_period(period).label


def test_range_labels_use_translated_month_names() -> None:
    with translation.override("id"):
        label = period_label(parse_period("2018-01-01/2021-06-30"))
    assert "Januari" in label and "Juni" in label and "2018" in label and "-01-" not in label


def test_money() -> None:
    with translation.override("en"):
        assert money(Decimal("80000000"), "AUD") == "A$80 million"
        assert money(Decimal("2500000"), "USD") == "US$2.5 million"
        assert money(Decimal("250000"), "AUD") == "A$250,000"
        assert money(Decimal("1000"), "XYZ") == "XYZ 1,000"
        assert money(None, "AUD") == ""


def test_years_and_places() -> None:
    with translation.override("en"):
        assert years_label(2018, 2028) == "10-year program (2018-2028)"
        assert place_label("REGION", {}) == "Region"
        assert place_label("LA", {"LA": "Lao PDR"}) == "Lao PDR"
