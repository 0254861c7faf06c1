"""Fixtures of the fact sheet tests: the seed program, staff users, and tasks run at once."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command

from acthub.accounts.choices import Role
from acthub.core.models import Country
from acthub.core.testing.factories import UserFactory
from acthub.portal.tests.support import compile_messages
from acthub.program.models import Program

IMMEDIATE_TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(scope="session", autouse=True)
def _lao_catalogue() -> None:
    compile_messages()


@pytest.fixture(autouse=True)
def _tasks_at_once(settings: Any) -> None:
    """Stored jobs run inside the request that starts them (a worker runs them in production)."""
    settings.TASKS = IMMEDIATE_TASKS


@pytest.fixture
def seed(db: None) -> None:
    """The seed program, loaded by `manage.py load_seed`."""
    call_command("load_seed", verbosity=0)


@pytest.fixture
def program(seed: None) -> Program:
    return Program.objects.get(slug="asean-act")


@pytest.fixture
def staff(seed: None) -> dict[str, Any]:
    """A regional MEL, an admin, a country officer of Lao PDR and a partner."""
    lao = Country.objects.get(code="LA")
    return {
        "mel": UserFactory(role=Role.REGIONAL_MEL),
        "admin": UserFactory(role=Role.ADMIN),
        "officer": UserFactory(role=Role.COUNTRY_OFFICER, countries=[lao]),
        "partner": UserFactory(role=Role.PARTNER),
    }
