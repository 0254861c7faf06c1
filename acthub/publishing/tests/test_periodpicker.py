"""The period picker: relative ranges on a fixed clock, and bad input refused before the engine is asked."""

from __future__ import annotations

from datetime import date

import pytest

from acthub.publishing import periodpicker as picker
from acthub.publishing.periodpicker import PeriodChoiceError

TODAY = date(2026, 5, 14)  # in 2026Q2, 2026S1, May 2026


@pytest.mark.parametrize(
    ("token", "expected"),
    [
        ("LAST_4_QUARTERS", ["2025Q2", "2025Q3", "2025Q4", "2026Q1"]),
        ("LAST_2_YEARS", ["2024", "2025"]),
        ("LAST_YEAR", ["2025"]),
        ("LAST_2_SIXMONTHS", ["2025S1", "2025S2"]),
        ("LAST_SIXMONTH", ["2025S2"]),
        ("LAST_QUARTER", ["2026Q1"]),
        ("LAST_3_MONTHS", ["202602", "202603", "202604"]),
        ("LAST_MONTH", ["202604"]),
    ],
)
def test_relative_ranges_are_the_last_complete_periods(token: str, expected: list[str]) -> None:
    assert picker.resolve_relative(token, TODAY) == expected


def test_relative_ranges_cross_the_year_boundary() -> None:
    assert picker.resolve_relative("LAST_4_QUARTERS", date(2026, 1, 1)) == ["2025Q1", "2025Q2", "2025Q3", "2025Q4"]
    assert picker.resolve_relative("LAST_2_MONTHS", date(2026, 1, 31)) == ["202511", "202512"]
    assert picker.resolve_relative("LAST_12_MONTHS", date(2026, 1, 5))[0] == "202501"


def test_a_relative_choice_stays_relative_and_moves_with_the_calendar() -> None:
    now = picker.resolve(["LAST_4_QUARTERS"], TODAY)
    later = picker.resolve(["LAST_4_QUARTERS"], date(2026, 8, 1))
    assert now.tokens == later.tokens == ("LAST_4_QUARTERS",) and now.relative
    assert now.periods == ("2025Q2", "2025Q3", "2025Q4", "2026Q1")
    assert later.periods == ("2025Q3", "2025Q4", "2026Q1", "2026Q2")


def test_fixed_and_relative_tokens_mix_in_order_without_repeats() -> None:
    choice = picker.resolve(["2021", "LAST_YEAR", "2025", "2021S1"], TODAY)
    assert choice.periods == ("2021", "2025", "2021S1") and choice.relative
    assert not picker.resolve(["2021S1", "202106"], TODAY).relative


@pytest.mark.parametrize(
    ("tokens", "message"),
    [
        (["2021S3"], "a half-year is S1 (January-June) or S2 (July-December)"),
        (["spring"], "spring is not a period"),
        (["LAST_4_WEEKS"], "LAST_4_WEEKS is not a relative period"),
        (["LAST_0_YEARS"], "a relative range counts 1 to 24 periods"),
        (["LAST_99_QUARTERS"], "a relative range counts 1 to 24 periods"),
        (["2026Q3"], "2026Q3 lies in the future"),
        (["2027"], "2027 lies in the future"),
        (["LAST_24_MONTHS", "LAST_24_QUARTERS"], "A view shows at most 36 periods (got 48)"),
    ],
)
def test_bad_choices_are_refused_with_a_reason(tokens: list[str], message: str) -> None:
    with pytest.raises(PeriodChoiceError) as caught:
        picker.resolve(tokens, TODAY)
    assert message in str(caught.value)


def test_the_current_period_is_allowed_but_not_the_next_one() -> None:
    assert picker.resolve(["2026Q2", "202605", "2026"], TODAY).periods == ("2026Q2", "202605", "2026")


def test_tokens_come_comma_separated_or_repeated() -> None:
    assert picker.tokens_of(["2020,2021", " LAST_YEAR ", ""]) == ["2020", "2021", "LAST_YEAR"]


def test_the_calendar_options_list_no_future_period() -> None:
    options = picker.calendar_options(2025, TODAY)
    assert options["year"] == ["2026", "2025"]
    assert options["quarterly"][:2] == ["2026Q2", "2026Q1"] and "2026Q3" not in options["quarterly"]
    assert options["monthly"][0] == "202605" and options["monthly"][-1] == "202501"
    assert options["six_monthly"] == ["2026S1", "2025S2", "2025S1"]
