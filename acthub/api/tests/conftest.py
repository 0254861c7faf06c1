"""Fixtures of the API tests: a program with one record of every kind, and clients per role."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from rest_framework.test import APIClient

from acthub.accounts.testing import sign_in
from acthub.api.tests.world import build_records
from acthub.core.models import Country
from acthub.core.testing import factories as f


@pytest.fixture
def program(db: None) -> Any:
    return f.ProgramFactory(slug="asean-act", name="ASEAN-Australia Counter Trafficking", acronym="ASEAN-ACT")


@pytest.fixture
def world(program: Any, country_a: Country) -> dict[str, Any]:
    """One record of every kind, in country A."""
    return build_records(program, country_a, 1)


@pytest.fixture
def api() -> APIClient:
    return APIClient()


@pytest.fixture
def client_for(users: dict[str, Any]) -> Callable[[str], APIClient]:
    """An API client signed in (by session) as the user of a role; "anonymous" for none."""

    def make(role: str) -> APIClient:
        client = APIClient()
        if role != "anonymous":
            sign_in(client, users[role])
        return client

    return make
