"""Filters: by program, place, choices, indicator, period, sex, outcome area; search and ordering."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from rest_framework.test import APIClient

from acthub.core.models import Country
from acthub.core.testing import factories as f
from acthub.directory.choices import OrganisationType
from acthub.program.choices import ProjectStatus

pytestmark = pytest.mark.django_db


def ids(response: Any) -> set[int]:
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


def bad_filter(response: Any, name: str) -> str:
    assert response.status_code == 400, response.content
    error = response.json()["error"]
    assert error["status"] == 400
    assert error["code"] == "invalid"
    assert name in error["fields"], error
    return " ".join(error["fields"][name])


def test_program_filter_by_slug(api: APIClient, world: dict[str, Any], country_a: Country) -> None:
    other = f.StoryFactory(program=f.ProgramFactory(slug="other"), country=country_a)
    assert other.pk not in ids(api.get("/api/v1/stories/", {"program": "asean-act"}))
    assert ids(api.get("/api/v1/stories/", {"program": "other"})) == {other.pk}
    assert "valid choice" in bad_filter(api.get("/api/v1/stories/", {"program": "nope"}), "program")


def test_country_filter_by_code_and_region(
    api: APIClient, program: Any, country_a: Country, country_b: Country
) -> None:
    in_a = f.StoryFactory(program=program, country=country_a)
    in_b = f.StoryFactory(program=program, country=country_b)
    regional = f.StoryFactory(program=program, country=None)
    assert ids(api.get("/api/v1/stories/", {"country": "LA"})) == {in_a.pk}
    assert ids(api.get("/api/v1/stories/", {"country": "kh"})) == {in_b.pk}
    assert ids(api.get("/api/v1/stories/", {"country": "REGION"})) == {regional.pk}
    assert ids(api.get("/api/v1/stories/", {"country__isnull": "true"})) == {regional.pk}
    assert ids(api.get("/api/v1/stories/", {"country__isnull": "false"})) == {in_a.pk, in_b.pk}
    assert "REGION" in bad_filter(api.get("/api/v1/stories/", {"country": "ZZ"}), "country")
    bad_filter(api.get("/api/v1/stories/", {"country": "Laos"}), "country")


def test_project_region_means_regional_projects(api: APIClient, program: Any, country_a: Country) -> None:
    national = f.ProjectFactory(program=program, countries=[country_a])
    regional = f.ProjectFactory(program=program, is_regional=True)
    assert ids(api.get("/api/v1/projects/", {"country": "REGION"})) == {regional.pk}
    assert ids(api.get("/api/v1/projects/", {"country": "LA"})) == {national.pk}


@pytest.mark.parametrize(
    ("endpoint", "name", "good"),
    [
        ("organisations", "type", "ministry"),
        ("organisation-roles", "role", "key_partner"),
        ("projects", "status", "active"),
        ("grants", "status", "closed"),
        ("country-programming", "status", "on_hold"),
        ("governance-bodies", "level", "regional"),
        ("program-links", "kind", "social"),
        ("indicators", "unit", "percent"),
        ("data-values", "method", "computed"),
        ("data-values", "sex", "female"),
        ("change-log", "action", "delete"),
    ],
)
def test_choice_filters_reject_unknown_values(
    client_for: Any, world: dict[str, Any], endpoint: str, name: str, good: str
) -> None:
    client = client_for("admin")
    assert client.get(f"/api/v1/{endpoint}/", {name: good}).status_code == 200
    message = bad_filter(client.get(f"/api/v1/{endpoint}/", {name: "no-such-choice"}), name)
    assert "no-such-choice" in message


def test_choice_filter_keeps_matching_rows(api: APIClient, country_a: Country) -> None:
    ministry = f.OrganisationFactory(country=country_a, type=OrganisationType.MINISTRY)
    f.OrganisationFactory(country=country_a, type=OrganisationType.COURT)
    assert ids(api.get("/api/v1/organisations/", {"type": "ministry"})) == {ministry.pk}
    done = f.ProjectFactory(status=ProjectStatus.COMPLETED)
    f.ProjectFactory(status=ProjectStatus.ACTIVE)
    assert ids(api.get("/api/v1/projects/", {"status": "completed"})) == {done.pk}


def test_data_values_by_indicator_period_and_sex(api: APIClient, program: Any, country_a: Country) -> None:
    trained = f.IndicatorFactory(code="OFFICIALS_TRAINED")
    other = f.IndicatorFactory(code="OTHER")
    h1 = f.DataValueFactory(program=program, indicator=trained, country=country_a, period="2021S1")
    h1_women = f.DataValueFactory(program=program, indicator=trained, country=country_a, period="2021S1", sex="female")
    q3 = f.DataValueFactory(program=program, indicator=trained, country=country_a, period="2021Q3")
    y22 = f.DataValueFactory(program=program, indicator=trained, country=country_a, period="2022")
    f.DataValueFactory(program=program, indicator=other, country=country_a, period="2021S1")
    url = "/api/v1/data-values/"
    assert ids(api.get(url, {"indicator": "OFFICIALS_TRAINED"})) == {h1.pk, h1_women.pk, q3.pk, y22.pk}
    assert ids(api.get(url, {"indicator": "OFFICIALS_TRAINED", "period": "2021S1"})) == {h1.pk, h1_women.pk}
    assert ids(api.get(url, {"indicator": "OFFICIALS_TRAINED", "within": "2021"})) == {h1.pk, h1_women.pk, q3.pk}
    assert ids(api.get(url, {"indicator": "OFFICIALS_TRAINED", "within": "2021", "sex": "total"})) == {h1.pk, q3.pk}
    assert ids(api.get(url, {"sex": "female"})) == {h1_women.pk}
    assert "not a period" in bad_filter(api.get(url, {"period": "June 2021"}), "period")
    assert "S1" in bad_filter(api.get(url, {"within": "2021S3"}), "within")
    bad_filter(api.get(url, {"indicator": "NO_SUCH_CODE"}), "indicator")


def test_data_value_shows_provenance_and_period(api: APIClient, program: Any, country_a: Country) -> None:
    value = f.DataValueFactory(
        program=program,
        country=country_a,
        period="2021S1",
        source_document="Fact sheet June 2021",
        source_location="page 2, first table",
        note="As reported.",
    )
    row = api.get(f"/api/v1/data-values/{value.pk}/").json()
    assert row["indicator"] == value.indicator.code
    assert row["indicator_url"].endswith(f"/api/v1/indicators/{value.indicator.code}/")
    assert row["program"] == "asean-act"
    assert (row["country"], row["place"]) == ("LA", "LA")
    assert (row["period"], row["period_start"], row["period_end"]) == ("2021S1", "2021-01-01", "2021-06-30")
    assert row["source_document"] == "Fact sheet June 2021"
    assert row["source_location"] == "page 2, first table"
    assert row["method"] == "reported"
    assert row["note"] == "As reported."
    assert {"reported_via", "reported_at"} <= set(row)
    assert row["value"] == "10.0000"


def test_outcome_area_filter_by_slug(api: APIClient, program: Any, country_a: Country) -> None:
    justice = f.OutcomeAreaFactory(program=program, slug="justice")
    covid = f.OutcomeAreaFactory(program=program, slug="covid-19")
    kept = f.AchievementFactory(program=program, outcome_area=justice, country=country_a)
    f.AchievementFactory(program=program, outcome_area=covid, country=country_a)
    assert ids(api.get("/api/v1/achievements/", {"outcome_area": "justice"})) == {kept.pk}


def test_search_and_ordering(api: APIClient, country_a: Country) -> None:
    alpha = f.OrganisationFactory(country=country_a, name="Alpha Women's Union")
    beta = f.OrganisationFactory(country=country_a, name="Beta Court", description="Handles trafficking cases.")
    assert ids(api.get("/api/v1/organisations/", {"search": "women"})) == {alpha.pk}
    assert ids(api.get("/api/v1/organisations/", {"search": "trafficking"})) == {beta.pk}
    names = [r["name"] for r in api.get("/api/v1/organisations/", {"ordering": "-name"}).json()["results"]]
    assert names == sorted(names, reverse=True)


def test_countries_by_asean_membership_on_a_date(api: APIClient, country_a: Country) -> None:
    Country.objects.create(code="TL", name="Timor-Leste", asean_member_since=date(2025, 10, 26))
    codes = {r["code"] for r in api.get("/api/v1/countries/", {"asean_member_on": "2021-06-30"}).json()["results"]}
    assert "LA" in codes
    assert "TL" not in codes
    codes = {r["code"] for r in api.get("/api/v1/countries/", {"asean_member_on": "2026-01-01"}).json()["results"]}
    assert "TL" in codes
    bad_filter(api.get("/api/v1/countries/", {"asean_member_on": "yesterday"}), "asean_member_on")
