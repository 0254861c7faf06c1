"""`make test` on PostgreSQL works in a database named for its run, never in the server's own databases."""

from __future__ import annotations

import os

import pytest
from django.db import connection


@pytest.mark.django_db
def test_the_postgresql_test_database_is_named_for_this_run() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("SQLite tests run in memory")
    name = connection.settings_dict["NAME"]
    assert name == os.environ["ACTHUB_TEST_DATABASE_NAME"]
    assert name == f"test_acthub_{os.getpid()}"
