"""Achievements show their figures from the indicators engine, as the requesting user may see them."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from acthub.core.models import Country
from acthub.core.testing import factories as f
from acthub.indicators.choices import Unit

pytestmark = pytest.mark.django_db

MISSING = "(figure not available)"


@pytest.fixture
def achievement(program: Any, country_a: Country) -> Any:
    trained = f.IndicatorFactory(code="OFFICIALS_TRAINED")
    share = f.IndicatorFactory(code="WOMEN_SHARE", unit=Unit.PERCENT, disaggregations=[])
    victims = f.IndicatorFactory(code="VICTIMS_SUPPORTED", is_sensitive=True)
    f.DataValueFactory(program=program, indicator=trained, country=country_a, period="2021S1", value=Decimal(2037))
    f.DataValueFactory(program=program, indicator=share, country=None, period="2021S1", value=Decimal(35))
    f.DataValueFactory(program=program, indicator=victims, country=country_a, period="2021S1", value=Decimal(12))
    return f.AchievementFactory(
        program=program,
        country=country_a,
        text=(
            "[[OFFICIALS_TRAINED|2021S1]] officials trained ([[WOMEN_SHARE|2021S1|REGION]] women regionally); "
            "[[VICTIMS_SUPPORTED|2021S1]] victims supported; [[OFFICIALS_TRAINED|2020]] in 2020."
        ),
    )


def test_text_rendered_for_the_public(client_for: Any, achievement: Any) -> None:
    row = client_for("anonymous").get(f"/api/v1/achievements/{achievement.pk}/").json()
    assert row["text"] == achievement.text
    assert row["text_rendered"] == (
        f"2,037 officials trained (35% women regionally); {MISSING} victims supported; {MISSING} in 2020."
    )
    figures = row["figures"]
    assert [(x["indicator"], x["period"], x["place"]) for x in figures] == [
        ("OFFICIALS_TRAINED", "2021S1", "LA"),
        ("WOMEN_SHARE", "2021S1", "REGION"),
        ("VICTIMS_SUPPORTED", "2021S1", "LA"),
        ("OFFICIALS_TRAINED", "2020", "LA"),
    ]
    assert figures[0]["reference"] == "[[OFFICIALS_TRAINED|2021S1]]"
    assert figures[0]["display"] == "2,037"
    assert figures[0]["method"] == "reported"
    assert figures[0]["data_value"].startswith("http://testserver/api/v1/data-values/")
    assert figures[2]["display"] is None
    assert figures[2]["data_value"] is None


@pytest.mark.parametrize("role", ["officer_a", "mel", "admin"])
def test_sensitive_figures_for_users_in_scope(client_for: Any, achievement: Any, role: str) -> None:
    client = client_for(role)
    row = client.get(f"/api/v1/achievements/{achievement.pk}/").json()
    assert "12 victims supported" in row["text_rendered"]
    assert client.get(row["figures"][2]["data_value"]).json()["value"] == "12.0000"


def test_list_renders_the_same_as_detail(client_for: Any, achievement: Any, program: Any) -> None:
    f.AchievementFactory(program=program, country=None, text="[[WOMEN_SHARE|2021S1]] of participants were women.")
    client = client_for("partner")
    listed = client.get("/api/v1/achievements/").json()["results"]
    rendered = {row["id"]: row["text_rendered"] for row in listed}
    assert rendered[achievement.pk] == client.get(f"/api/v1/achievements/{achievement.pk}/").json()["text_rendered"]
    assert "35% of participants were women." in rendered.values()


def test_unpublished_achievements_stay_in_scope(client_for: Any, program: Any, country_b: Country) -> None:
    draft = f.AchievementFactory(program=program, country=country_b, is_published=False)
    assert client_for("anonymous").get(f"/api/v1/achievements/{draft.pk}/").status_code == 404
    assert client_for("officer_a").get(f"/api/v1/achievements/{draft.pk}/").status_code == 404
    assert client_for("mel").get(f"/api/v1/achievements/{draft.pk}/").status_code == 200
