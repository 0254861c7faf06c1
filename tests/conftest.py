"""Fixtures of the cross-app tests: the compiled Lao catalogue and the loaded seed program."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from acthub.portal.tests.support import compile_messages


@pytest.fixture(scope="session", autouse=True)
def _lao_catalogue() -> None:
    compile_messages()


@pytest.fixture
def seed(db: None) -> None:
    """The seed program, loaded by `manage.py load_seed`."""
    call_command("load_seed", verbosity=0)
