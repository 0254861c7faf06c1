"""Helpers shared by the fact sheet tests."""

from __future__ import annotations

import shutil
import subprocess
from decimal import Decimal
from typing import Any

from django.test import Client

from acthub.core.models import Country
from acthub.indicators.models import DataValue, Indicator
from acthub.program.models import Program


def add_value(program: Program, code: str, period: str, country: str | None, value: int) -> DataValue:
    """A reported data value, saved like any other (validated, change-logged)."""
    return DataValue.objects.create(
        program=program,
        indicator=Indicator.objects.get(code=code),
        period=period,
        country=Country.objects.get(code=country) if country else None,
        value=Decimal(value),
        source_document="synthetic test report",
        source_location=f"{value} in {period}",
    )


def sign_in(client: Client, user: Any) -> Client:
    """Signed in, past the staff two-factor check where the project has one."""
    try:
        from acthub.accounts.testing import sign_in as project_sign_in
    except ImportError:  # before two-factor authentication: a plain session is enough
        client.force_login(user)
        return client
    return project_sign_in(client, user)


def run_tool(name: str, *args: str, stdin: bytes | None = None) -> bytes:
    """Run a command-line tool (poppler's, gettext's) found on PATH and return what it printed."""
    path = shutil.which(name)
    if path is None:
        raise FileNotFoundError(name)
    # Fixed tools and arguments we build ourselves: nothing here comes from outside the test.
    return subprocess.run([path, *args], input=stdin, check=True, capture_output=True).stdout  # noqa: S603
