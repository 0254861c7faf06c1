"""Backups leave the machine: stored in the file store (S3 here) and fetched back, verified, never overwritten."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings

from acthub.operations.testing import S3Server, s3_server


@pytest.fixture(scope="module")
def s3() -> Iterator[S3Server]:
    with s3_server(bucket="acthub-backups") as server:
        yield server


@pytest.fixture
def on_s3(s3: S3Server) -> Iterator[S3Server]:
    with override_settings(STORAGES=s3.storages()):
        yield s3


def test_a_backup_is_stored_and_fetched_back_byte_for_byte(on_s3: S3Server, tmp_path: Path, capsys: Any) -> None:
    backup = tmp_path / "acthub-2026-12-01.bak"
    data = bytes(range(256)) * 5000  # synthetic bytes, larger than one chunk
    backup.write_bytes(data)
    call_command("store_backup", str(backup), "--remove")
    assert not backup.exists() and "backups/acthub-2026-12-01.bak" in on_s3.stored_keys()
    assert "sha256" in capsys.readouterr().out
    with pytest.raises(CommandError, match="never overwritten"):
        backup.write_bytes(b"other")
        call_command("store_backup", str(backup))
    target = tmp_path / "restored.bak"
    call_command("fetch_backup", "acthub-2026-12-01.bak", "--output", str(target))
    assert target.read_bytes() == data and (target.stat().st_mode & 0o777) == 0o600
    with pytest.raises(CommandError, match="exists"):
        call_command("fetch_backup", "acthub-2026-12-01.bak", "--output", str(target))


def test_fetching_refuses_what_is_not_a_stored_backup(on_s3: S3Server, tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="no such backup"):
        call_command("fetch_backup", "missing.bak", "--output", str(tmp_path / "x.bak"))
    with pytest.raises(CommandError, match="file name only"):
        call_command("fetch_backup", "../imports/2026/upload.csv", "--output", str(tmp_path / "y.bak"))
    assert not (tmp_path / "x.bak").exists() and not (tmp_path / "y.bak").exists()
