"""Which settings a command runs with: `.env` is read first, production unless local is asked for.

Finding 2 of the security review: `manage.py` defaulted to the local settings, whose development
defaults were set before `.env` was read, so with a production `.env` commands ran with DEBUG on and
the public development key, and `demo_users` created `demo-admin` with its public password.
Finding 8: an empty ACTHUB_FIELD_KEYS was accepted in production (a key derived from SECRET_KEY).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.fernet import Fernet

ROOT = Path(__file__).resolve().parent.parent
SHOW = "from django.conf import settings as s; print(s.SETTINGS_MODULE, s.DEBUG, s.SECRET_KEY)"


def clean_env(env_file: Path, **extra: str) -> dict[str, str]:
    """The environment of a fresh shell on a server: nothing of acthub's but the `.env` file."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "ACTHUB_", "DATABASE_URL"))}
    return {**env, "ACTHUB_ENV_FILE": str(env_file), **extra}


def production_dotenv(tmp_path: Path, **overrides: str) -> Path:
    values = {
        "DJANGO_SECRET_KEY": "file-secret-" + "x" * 50,
        "DJANGO_ALLOWED_HOSTS": "acthub.example.org",
        "ACTHUB_FIELD_KEYS": Fernet.generate_key().decode(),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        **overrides,
    }
    path = tmp_path / ".env"
    path.write_text("".join(f"{k}={v}\n" for k, v in values.items()))
    return path


def manage(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - this interpreter and manage.py
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_manage_py_runs_production_settings_unless_local_is_asked_for(tmp_path: Path) -> None:
    env = clean_env(production_dotenv(tmp_path))
    result = manage(env, "shell", "-v", "0", "-c", SHOW)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["config.settings.production", "False", "file-secret-" + "x" * 50]


def test_dotenv_wins_over_the_local_defaults(tmp_path: Path) -> None:
    dotenv = production_dotenv(tmp_path, DJANGO_DEBUG="false")
    result = manage(clean_env(dotenv, DJANGO_SETTINGS_MODULE="config.settings.local"), "shell", "-v", "0", "-c", SHOW)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["config.settings.local", "False", "file-secret-" + "x" * 50]


def test_dotenv_may_name_the_settings_module(tmp_path: Path) -> None:
    dotenv = production_dotenv(tmp_path, DJANGO_SETTINGS_MODULE="config.settings.local")
    result = manage(clean_env(dotenv), "shell", "-v", "0", "-c", SHOW)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[0] == "config.settings.local"


def test_demo_users_refuse_under_production_settings(tmp_path: Path) -> None:
    env = clean_env(production_dotenv(tmp_path))
    assert manage(env, "migrate", "--noinput", "-v", "0").returncode == 0
    result = manage(env, "demo_users")
    assert result.returncode != 0 and "refusing outside the local settings" in result.stderr
    users = manage(
        env, "shell", "-v", "0", "-c", "from acthub.accounts.models import User; print(User.objects.count())"
    )
    assert users.stdout.strip() == "0"


@pytest.mark.parametrize(
    ("keys", "message"), [("", "ACTHUB_FIELD_KEYS is empty"), ("not-a-key", "key 1 is not a valid Fernet key")]
)
def test_production_refuses_to_start_without_a_valid_field_key(tmp_path: Path, keys: str, message: str) -> None:
    env = clean_env(production_dotenv(tmp_path, ACTHUB_FIELD_KEYS=keys))
    result = manage(env, "check")
    assert result.returncode != 0 and message in result.stderr
