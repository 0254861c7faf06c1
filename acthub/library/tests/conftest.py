"""Stored jobs run at once in the library's tests."""

from __future__ import annotations

import pytest

IMMEDIATE_TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def _immediate_tasks(settings: pytest.FixtureRequest) -> None:
    settings.TASKS = IMMEDIATE_TASKS  # type: ignore[attr-defined]
