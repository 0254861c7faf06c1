"""Fixtures of the seed tests: a writable copy of the data files, the loaded seed, table counts."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from django.apps import apps

from acthub.program.models import Program
from acthub.seed.loader import DATA_DIR, LoadResult, load_seed

# Every app whose tables the loader could touch, including the change log.
APPS = ("core", "accounts", "audit", "directory", "program", "indicators")


def table_counts() -> dict[str, int]:
    """The row count of every table the loader could write to."""
    counts = {}
    for label in APPS:
        for model in apps.get_app_config(label).get_models():
            counts[model._meta.label] = model._default_manager.count()
    return counts


def edit(data_dir: Path, file: str, old: str, new: str) -> None:
    """Replace the first occurrence of `old` in a copied data file (which must contain it)."""
    path = data_dir / file
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {file}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A copy of the seed data directory that a test may break."""
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    return target


@pytest.fixture
def loaded(db: None) -> LoadResult:
    """The seed, loaded once into the test database."""
    return load_seed()


@pytest.fixture
def program(loaded: LoadResult) -> Program:
    return Program.objects.get(slug="asean-act")
