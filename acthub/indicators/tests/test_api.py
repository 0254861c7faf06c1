"""The query endpoint returns the pivot's figures; indicators carry their computation metadata."""

from __future__ import annotations

from typing import Any

import pytest
from rest_framework.test import APIClient

from acthub.indicators.models import Indicator

pytestmark = pytest.mark.django_db


def test_query_by_sex_and_place(training: dict[str, Any]) -> None:
    response = APIClient().get("/api/v1/query/?indicator=PEOPLE_TRAINED_UNIQUE&period=2021S1&by=sex,place")
    assert response.status_code == 200
    body = response.json()
    assert body["indicator"] == "PEOPLE_TRAINED_UNIQUE" and body["places"] == ["REGION", "KH", "LA"]
    cells = {(c["place"], c["group"]["sex"]): c for c in body["cells"]}
    assert cells[("LA", "female")]["value"] == "2.0000" and cells[("LA", "female")]["method"] == "computed"
    assert cells[("REGION", "")]["display"] == "25"
    assert body["rule"].startswith("Computed from records")


def test_query_errors_are_400_and_404(training: dict[str, Any]) -> None:
    api = APIClient()
    assert api.get("/api/v1/query/?indicator=ACTIVITIES_HELD&by=sex").status_code == 400
    assert api.get("/api/v1/query/?indicator=NO_SUCH").status_code == 404
    assert api.get("/api/v1/query/?indicator=PARTICIPATIONS&period=soon").status_code == 400


def test_query_of_a_sensitive_indicator_is_protected_for_the_public(
    training: dict[str, Any], users: dict[str, Any]
) -> None:
    Indicator.objects.filter(code="PARTICIPATIONS").update(is_sensitive=True)
    url = "/api/v1/query/?indicator=PARTICIPATIONS&period=2021&by=place"
    public = {c["place"]: c for c in APIClient().get(url).json()["cells"]}
    assert public["KH"]["display"] == "<11" and public["KH"]["value"] is None and public["LA"]["suppressed"]
    api = APIClient()
    api.force_authenticate(users["mel"])
    internal = {c["place"]: c for c in api.get(url).json()["cells"]}
    assert internal["KH"]["value"] == "3.0000"


def test_indicator_metadata(training: dict[str, Any]) -> None:
    body = APIClient().get("/api/v1/indicators/PEOPLE_TRAINED_WOMEN_PCT/").json()
    assert body["computation"] == "percent" and body["numerator"] == body["denominator"] == "PEOPLE_TRAINED_UNIQUE"
    assert body["numerator_filter"] == {"sex": "female"} and body["preference"] == "computed"
    assert "agency_type" in body["disaggregations"]
