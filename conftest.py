"""Fixtures every test can use: a country A and B, and a user per role scoped to A."""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from typing import Any

import pytest
from django.utils import translation
from hypothesis import settings as hypothesis_settings

from acthub.accounts.choices import Role
from acthub.core.testing.factories import CountryFactory, UserFactory

# Property tests explore the same examples on every run, so CI cannot turn red by chance;
# HYPOTHESIS_PROFILE=explore searches afresh on a developer's machine.
hypothesis_settings.register_profile("ci", derandomize=True, deadline=None, print_blob=True)
hypothesis_settings.register_profile("explore", deadline=None)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture(autouse=True)
def _no_internet(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests never reach outside this machine (only loopback is allowed)."""
    real_connect = socket.socket.connect

    def guarded(self: socket.socket, address: Any) -> Any:
        host = address[0] if isinstance(address, tuple) else address
        if isinstance(host, str) and not (
            host.startswith("127.") or host in ("localhost", "::1") or host.startswith("/")
        ):
            raise RuntimeError(f"tests may not connect to {host}")
        return real_connect(self, address)

    monkeypatch.setattr(socket.socket, "connect", guarded)


@pytest.fixture(autouse=True)
def _language_of_each_test_is_the_default() -> Iterator[None]:
    """A test that activates a language leaves it behind in its thread; the next test (another one on
    each pytest-xdist worker) would read its messages in that language."""
    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture
def latest_schema_after(transactional_db: None) -> Iterator[None]:
    """For migration tests: whichever migration they move the database to, it is back at every app's
    latest migration afterwards (migrating to one app's node leaves the later migrations of the apps
    that depend on it unapplied, and the next test on this worker would see the old schema)."""
    yield
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.fixture
def country_a(db: None) -> Any:
    return CountryFactory(code="LA", name="Lao PDR")


@pytest.fixture
def country_b(db: None) -> Any:
    return CountryFactory(code="KH", name="Cambodia")


@pytest.fixture
def users(country_a: Any) -> dict[str, Any]:
    """One user per role; the country officer is scoped to country A."""
    return {
        "partner": UserFactory(role=Role.PARTNER),
        "officer_a": UserFactory(role=Role.COUNTRY_OFFICER, countries=[country_a]),
        "mel": UserFactory(role=Role.REGIONAL_MEL),
        "admin": UserFactory(role=Role.ADMIN),
    }
