"""`manage.py load_seed`: loads, reports, and exits non-zero with the loader's message on bad data."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from acthub.program.models import Program
from acthub.seed.tests.conftest import edit, table_counts

pytestmark = pytest.mark.django_db


def run(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("load_seed", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_command_loads_then_changes_nothing() -> None:
    out, _err = run("--verbosity", "2")
    assert "data_values.yaml" in out and "Seed loaded:" in out and " 0 updated, 0 unchanged" in out
    assert Program.objects.filter(slug="asean-act").exists()
    out, _err = run()
    assert "Seed loaded: 0 created, 0 updated," in out


def test_command_fails_cleanly_on_bad_data(data_copy: Path) -> None:
    edit(data_copy, "data_values.yaml", "  value: 35\n", "  value: 135\n")
    with pytest.raises(CommandError) as caught:
        run("--data-dir", str(data_copy))
    message = str(caught.value)
    assert message.startswith("Seed not loaded, nothing changed. data_values.yaml, entry 11")
    assert "at most 100" in message
    assert sum(table_counts().values()) == 0
