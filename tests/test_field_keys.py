"""Field keys: no derived key outside development and tests; `rotate_field_keys` moves every value to
the newest key, resumes where a stopped run left off, and stops on a value no key opens (finding 8)."""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

import pytest
from cryptography.fernet import Fernet, InvalidToken
from django.core.exceptions import ImproperlyConfigured
from django.core.management import CommandError, call_command
from django.db.models import QuerySet

from acthub.activities.models import PersonIdentity
from acthub.core import crypto
from acthub.core.testing.factories import CountryFactory

OLD, NEW = Fernet.generate_key().decode(), Fernet.generate_key().decode()


@pytest.fixture(autouse=True)
def _fresh_keys(settings: Any) -> Iterator[None]:
    crypto.reset_keys()
    yield
    crypto.reset_keys()


def people(n: int, settings: Any) -> list[PersonIdentity]:
    settings.ACTHUB_FIELD_KEYS = [OLD]
    crypto.reset_keys()
    country = CountryFactory(code="LA", name="Lao PDR")
    made = []
    for i in range(n):
        identity = PersonIdentity(person_key=f"P-{i}", country=country)
        identity.set_details(name=f"Synthetic Person {i}", phone=f"+856 20 0000 {i:04d}" if i % 2 else None)
        identity.save()
        made.append(identity)
    return made


def tokens() -> list[bytes]:
    rows = PersonIdentity.objects.order_by("pk").values_list("name_encrypted", "phone_encrypted")
    return [bytes(v) for row in rows for v in row if v]


def rotate(**options: Any) -> str:
    out = io.StringIO()
    call_command("rotate_field_keys", "--no-progress", stdout=out, stderr=io.StringIO(), **options)
    return out.getvalue()


def test_without_keys_only_development_derives_one(settings: Any) -> None:
    settings.ACTHUB_FIELD_KEYS = []
    settings.ACTHUB_DERIVED_FIELD_KEY_ALLOWED = False
    with pytest.raises(ImproperlyConfigured, match="ACTHUB_FIELD_KEYS is empty"):
        crypto.encrypt("Synthetic Person")


@pytest.mark.django_db
def test_rotation_moves_every_value_to_the_newest_key(settings: Any) -> None:
    people(5, settings)
    settings.ACTHUB_FIELD_KEYS = [NEW, OLD]
    assert "Re-encrypted 7 value(s)" in rotate()
    for token in tokens():
        Fernet(NEW.encode()).decrypt(token)
    # The old key can go: everything still reads with the new key alone.
    settings.ACTHUB_FIELD_KEYS = [NEW]
    crypto.reset_keys()
    assert PersonIdentity.objects.get(person_key="P-3").details() == {
        "name": "Synthetic Person 3",
        "phone": "+856 20 0000 0003",
    }
    assert "Re-encrypted 0 value(s)" in rotate()


@pytest.mark.django_db
def test_a_stopped_rotation_resumes(settings: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    people(6, settings)
    settings.ACTHUB_FIELD_KEYS = [NEW, OLD]
    real = QuerySet.bulk_update
    calls = {"n": 0}

    def fail_second_batch(self: Any, objs: Any, fields: Any, **kwargs: Any) -> Any:
        calls["n"] += 1
        if calls["n"] == 2:
            raise KeyboardInterrupt
        return real(self, objs, fields, **kwargs)

    monkeypatch.setattr(QuerySet, "bulk_update", fail_second_batch)
    with pytest.raises(KeyboardInterrupt):
        rotate(batch_size=2)
    monkeypatch.setattr(QuerySet, "bulk_update", real)
    # The first batch (P-0, P-1: three values) committed; the rest is done by the second run.
    assert "Re-encrypted 6 value(s)" in rotate(batch_size=2)
    assert all(crypto.is_current(t) for t in tokens())


@pytest.mark.django_db
def test_a_value_no_key_opens_stops_the_run(settings: Any) -> None:
    people(1, settings)
    settings.ACTHUB_FIELD_KEYS = [NEW]  # the old key was dropped too early
    with pytest.raises(CommandError, match="opens with none of ACTHUB_FIELD_KEYS"):
        rotate()
    with pytest.raises(InvalidToken):
        Fernet(NEW.encode()).decrypt(tokens()[0])
