"""`make test` on PostgreSQL works in a database named for its run, never in the server's own databases."""

from __future__ import annotations

import os
import re

import pytest
from django.db import connection


@pytest.mark.django_db
def test_the_postgresql_test_database_is_named_for_this_run() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("SQLite tests run in memory")
    name = connection.settings_dict["NAME"]
    # The run's name (the pid of the process that started it), and under pytest-xdist the worker's
    # suffix, so that the workers of one run never share a database either.
    run_name = os.environ["ACTHUB_TEST_DATABASE_NAME"]
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    assert name == (f"{run_name}_{worker}" if worker else run_name)
    assert re.fullmatch(r"test_acthub_\d+", run_name)
    if not worker:
        assert run_name == f"test_acthub_{os.getpid()}"
