"""Victim-sensitive court indicators, checked on a small case set computed by hand (arithmetic in comments)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from acthub.justice.indicators import AREAS, BY_CODE, ITEMS, Cell, compute, compute_all
from acthub.justice.tests.factories import CourtCaseFactory, VictimFactory

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture
def cases(country_a: Any, country_b: Any) -> None:
    """Five cases, seven victims. Lao PDR (LA) 2021: cases 1-3, victims V1-V5; Cambodia (KH) 2021: case 4, V6;
    LA 2022: case 5, V7. Fields not given are empty ("not recorded")."""
    c1 = CourtCaseFactory(  # 2021-01-10 -> 2021-04-20: 21 (rest of Jan) + 28 + 31 + 20 = 100 days
        country=country_a, charge_date=dt.date(2021, 1, 10), verdict_date=dt.date(2021, 4, 20), judge_trained=True
    )
    c2 = CourtCaseFactory(  # 2021-03-01 -> 2021-03-31: 30 days
        country=country_a, charge_date=dt.date(2021, 3, 1), verdict_date=dt.date(2021, 3, 31), judge_trained=False
    )
    c3 = CourtCaseFactory(country=country_a, charge_date=dt.date(2021, 6, 1))  # no verdict, judge not recorded
    c4 = CourtCaseFactory(  # 2021-02-01 -> 2021-02-11: 10 days
        country=country_b, charge_date=dt.date(2021, 2, 1), verdict_date=dt.date(2021, 2, 11)
    )
    c5 = CourtCaseFactory(country=country_a, charge_date=dt.date(2022, 5, 1))
    VictimFactory(  # V1: a child (15) who testified twice by video link, interpreter needed and given, paid in full
        case=c1,
        age_at_exploitation=15,
        times_testified=2,
        testified_by_video_link=True,
        identity_protected=True,
        interpreter_needed=True,
        interpreter_provided=True,
        compensation_requested=True,
        compensation_ordered=D("1000"),
        compensation_paid=D("1000"),
        child_provisions=True,
    )
    VictimFactory(  # V2: an adult who testified once behind a screen, no interpreter although needed, paid in part
        case=c1,
        age_at_exploitation=30,
        times_testified=1,
        testified_by_video_link=False,
        testified_behind_screen=True,
        identity_protected=False,
        interpreter_needed=True,
        interpreter_provided=False,
        compensation_requested=True,
        compensation_ordered=D("500"),
        compensation_paid=D("200"),
    )
    VictimFactory(  # V3: a child (16) with a disability who testified three times in open court, nothing ordered
        case=c2,
        age_at_exploitation=16,
        times_testified=3,
        testified_by_video_link=False,
        testified_behind_screen=False,
        testimony_recorded=False,
        identity_protected=True,
        interpreter_needed=False,
        compensation_requested=True,
        child_provisions=False,
        has_disability=True,
        disability_provisions=True,
    )
    VictimFactory(  # V4: an adult with a disability who did not testify and asked no compensation
        case=c2,
        age_at_exploitation=25,
        times_testified=0,
        compensation_requested=False,
        has_disability=True,
        disability_provisions=False,
    )
    VictimFactory(case=c3, age_at_exploitation=None, interpreter_needed=True)  # V5: little recorded
    VictimFactory(  # V6 (KH): testified four times by recording; awarded 100, nothing paid yet
        case=c4,
        age_at_exploitation=40,
        times_testified=4,
        testimony_recorded=True,
        identity_protected=True,
        compensation_requested=True,
        compensation_ordered=D("100"),
    )
    VictimFactory(case=c5, age_at_exploitation=20, identity_protected=False)  # V7 (LA 2022)


def cells(code: str, **kwargs: Any) -> dict[tuple[str | None, int], Cell]:
    return {(c.country, c.year): c for c in compute(BY_CODE[code], **kwargs)}


def shares(code: str, **kwargs: Any) -> dict[tuple[str | None, int], tuple[int | None, int, Decimal | None]]:
    return {key: (c.numerator, c.denominator, c.value) for key, c in cells(code, **kwargs).items()}


def test_eight_areas_each_with_items() -> None:
    assert set(AREAS) == {item.area for item in ITEMS}
    assert len(AREAS) == 8


def test_identity_protected(cases: None) -> None:
    # LA 2021: recorded for V1 (yes), V2 (no), V3 (yes); V4 and V5 not recorded -> 2 / 3 = 66.7%
    # KH 2021: V6 yes -> 1 / 1 = 100%; LA 2022: V7 no -> 0 / 1 = 0%
    assert shares("JV_IDENTITY_PROTECTED") == {
        ("LA", 2021): (2, 3, D("66.7")),
        ("KH", 2021): (1, 1, D("100.0")),
        ("LA", 2022): (0, 1, D("0.0")),
    }
    # The region in 2021: (2 + 1) / (3 + 1) = 75%
    assert shares("JV_IDENTITY_PROTECTED", region=True)[(None, 2021)] == (3, 4, D("75.0"))


def test_testimony_protection(cases: None) -> None:
    # LA 2021: testified V1 (video), V2 (screen), V3 (none of the three; recorded as no) -> 2 / 3
    # KH 2021: V6 (recording) -> 1 / 1. V4 testified 0 times: outside the denominator.
    assert shares("JV_TESTIFIED_PROTECTED") == {("LA", 2021): (2, 3, D("66.7")), ("KH", 2021): (1, 1, D("100.0"))}
    # Children who testified, LA 2021: V1 (15, video) and V3 (16, open court) -> 1 / 2
    assert shares("JV_CHILD_TESTIFIED_PROTECTED") == {("LA", 2021): (1, 2, D("50.0"))}


def test_median_times_testified(cases: None) -> None:
    # LA 2021: V1 2, V2 1, V3 3 -> sorted 1, 2, 3 -> median 2 over 3 victims; KH: 4 over 1
    got = cells("JV_TIMES_TESTIFIED_MEDIAN", region=True)
    assert (got[("LA", 2021)].value, got[("LA", 2021)].denominator) == (D("2"), 3)
    assert (got[("KH", 2021)].value, got[("KH", 2021)].denominator) == (D("4"), 1)
    # Region 2021: 1, 2, 3, 4 -> (2 + 3) / 2 = 2.5 over 4
    assert (got[(None, 2021)].value, got[(None, 2021)].denominator) == (D("2.5"), 4)


def test_median_days_charge_to_verdict(cases: None) -> None:
    # LA 2021: 100 and 30 days -> (30 + 100) / 2 = 65 over 2 cases (case 3 has no verdict); KH 2021: 10 over 1
    got = cells("JC_DAYS_CHARGE_TO_VERDICT_MEDIAN", region=True)
    assert (got[("LA", 2021)].value, got[("LA", 2021)].denominator) == (D("65"), 2)
    assert (got[("KH", 2021)].value, got[("KH", 2021)].denominator) == (D("10"), 1)
    # Region 2021: 10, 30, 100 -> 30 over 3
    assert (got[(None, 2021)].value, got[(None, 2021)].denominator) == (D("30"), 3)
    assert ("LA", 2022) not in got  # case 5 has no verdict yet


def test_judge_trained(cases: None) -> None:
    # LA 2021: case 1 yes, case 2 no, case 3 not recorded -> 1 / 2 = 50%; KH: not recorded -> no cell
    assert shares("JC_JUDGE_TRAINED") == {("LA", 2021): (1, 2, D("50.0"))}


def test_interpreter_where_needed(cases: None) -> None:
    # LA 2021: needed by V1 (given), V2 (not given), V5 (not recorded whether given) -> 1 / 2 = 50%
    assert shares("JV_INTERPRETER_WHERE_NEEDED") == {("LA", 2021): (1, 2, D("50.0"))}


def test_compensation(cases: None) -> None:
    # Ordered where requested, LA 2021: requested by V1 (1000), V2 (500), V3 (nothing) -> 2 / 3; KH: V6 -> 1 / 1
    assert shares("JV_COMPENSATION_ORDERED") == {("LA", 2021): (2, 3, D("66.7")), ("KH", 2021): (1, 1, D("100.0"))}
    # Paid in full, LA 2021: V1 1000 of 1000 yes, V2 200 of 500 no -> 1 / 2; KH: V6 nothing paid -> 0 / 1
    assert shares("JV_COMPENSATION_PAID") == {("LA", 2021): (1, 2, D("50.0")), ("KH", 2021): (0, 1, D("0.0"))}


def test_child_and_disability_provisions(cases: None) -> None:
    # Children LA 2021: V1 yes, V3 no -> 1 / 2. Disability LA 2021: V3 yes, V4 no -> 1 / 2
    assert shares("JV_CHILD_PROVISIONS") == {("LA", 2021): (1, 2, D("50.0"))}
    assert shares("JV_DISABILITY_PROVISIONS") == {("LA", 2021): (1, 2, D("50.0"))}


def test_nothing_recorded_gives_no_cell(cases: None) -> None:
    # No victim has informed_of_rights, legal representation, referral or a medical examination recorded.
    for code in (
        "JV_INFORMED_OF_RIGHTS",
        "JV_LEGAL_REPRESENTATION",
        "JV_REFERRED_TO_SERVICES",
        "JV_MEDICAL_EXAMINATION",
    ):
        assert compute(BY_CODE[code]) == []


def test_computed_over_what_the_user_may_see(cases: None, users: dict[str, Any]) -> None:
    scoped = compute_all(user=users["officer_a"])
    assert {c.country for cells_ in scoped.values() for c in cells_} == {"LA"}
    assert {c.country for cells_ in compute_all(user=users["partner"]).values() for c in cells_} == set()
    assert {c.country for cells_ in compute_all(user=users["mel"]).values() for c in cells_} == {"LA", "KH"}


def test_for_engine_pools_whole_years_and_places(cases: None) -> None:
    from acthub.core.periods import parse_period
    from acthub.justice.indicators import for_engine, registry_entries

    periods = [parse_period("2021"), parse_period("2021-01-01/2022-12-31"), parse_period("2021S1")]
    # The factories mark their records synthetic: they are the synthetic population.
    got = for_engine("JV_IDENTITY_PROTECTED", periods, by_place=True, synthetic=True)
    # 2021: LA 2 / 3, KH 1 / 1, region 3 / 4 (as test_identity_protected)
    assert got[("2021", "LA", ())] == (D("66.7"), 2, 3)
    assert got[("2021", "REGION", ())] == (D("75.0"), 3, 4)
    # 2021-2022 pools V7 (LA 2022, not protected): LA 2 / 4 = 50%, region 3 / 5 = 60%
    assert got[("2021-01-01/2022-12-31", "LA", ())] == (D("50.0"), 2, 4)
    assert got[("2021-01-01/2022-12-31", "REGION", ())] == (D("60.0"), 3, 5)
    assert not any(key[0] == "2021S1" for key in got)  # cases are counted by year: no half-year figure
    days = for_engine("JC_DAYS_CHARGE_TO_VERDICT_MEDIAN", periods[:1], by_place=False, synthetic=True)
    assert days == {("2021", "REGION", ()): (D("30"), None, 3)}  # 10, 30, 100 days -> 30 over 3 cases
    # Real records are another population: none here.
    assert for_engine("JV_IDENTITY_PROTECTED", periods, by_place=True, synthetic=False) == {}
    entries = registry_entries()
    assert {e["code"] for e in entries} == {item.code for item in ITEMS}
    assert all(e["is_sensitive"] and e["disclosure_threshold"] == 11 for e in entries)
