"""The OpenAPI schema lists every endpoint and validates; the docs page is served without a CDN."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.management import call_command
from rest_framework.test import APIClient

from acthub.api.tests.world import ENDPOINTS

pytestmark = pytest.mark.django_db

DETAIL_PARAMETER = {"programs": "slug", "countries": "code", "focus-tags": "slug", "indicators": "code"}


def test_schema_lists_every_endpoint(api: APIClient) -> None:
    response = api.get("/api/schema/")
    assert response.status_code == 200
    schema = yaml.safe_load(response.content)
    assert schema["openapi"].startswith("3.")
    paths = set(schema["paths"])
    for endpoint in [*ENDPOINTS, "change-log"]:
        assert f"/api/v1/{endpoint}/" in paths
        assert f"/api/v1/{endpoint}/{{{DETAIL_PARAMETER.get(endpoint, 'id')}}}/" in paths
    for path, operations in schema["paths"].items():
        assert set(operations) <= {"get", "parameters"}, path


def test_schema_documents_filters_and_nullable_places(api: APIClient) -> None:
    schema = yaml.safe_load(api.get("/api/schema/").content)
    params = {p["name"]: p for p in schema["paths"]["/api/v1/data-values/"]["get"]["parameters"]}
    assert {"program", "indicator", "country", "country__isnull", "period", "within", "sex", "search"} <= set(params)
    assert "total" in params["sex"]["schema"]["enum"]
    country = schema["components"]["schemas"]["DataValue"]["properties"]["country"]
    assert country["nullable"] is True


def test_schema_validates_without_warnings(tmp_path: Path) -> None:
    out = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))
    assert "/api/v1/achievements/" in out.read_text()


def test_docs_render_without_any_cdn(api: APIClient) -> None:
    response = api.get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "swagger-ui" in html
    urls = re.findall(r"""(?:src|href)=["']([^"']+)["']""", html)
    assert urls
    assert all(not u.startswith(("http:", "https:", "//")) for u in urls), urls
    for cdn in ("cdn.", "jsdelivr", "unpkg", "cdnjs"):
        assert cdn not in html
    for url in urls:
        assert finders.find(url.removeprefix(settings.STATIC_URL).removeprefix("/static/")), url
