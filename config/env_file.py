"""The `.env` file, read before anything else decides which settings apply.

Values already in the process environment win over the file (a deployment's secrets manager, a test);
the file wins over every default a settings module sets, so that a production `.env` is never
shadowed by development defaults. `ACTHUB_ENV_FILE` names another file (tests, several instances).
"""

from __future__ import annotations

import os
from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent
PRODUCTION = "config.settings.production"


def env_file() -> Path:
    """The file read: ACTHUB_ENV_FILE, or `.env` beside manage.py."""
    return Path(os.environ.get("ACTHUB_ENV_FILE") or BASE_DIR / ".env")


def load() -> None:
    """Read the file into the environment (once is enough; reading again changes nothing)."""
    path = env_file()
    if path.is_file():
        environ.Env.read_env(path, overwrite=False)


def choose_settings() -> None:
    """Read the file, then pick the settings module: production unless one is named explicitly.

    A developer names `config.settings.local` (the Makefile's `run` does, or `.env` may say so).
    """
    load()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", PRODUCTION)
