"""manage.py rotate_field_keys: re-encrypt every encrypted field with the newest ACTHUB_FIELD_KEYS key.

Put the new key first in ACTHUB_FIELD_KEYS (keep the old ones after it), run this, then drop the old
keys. Any model lists its encrypted binary fields in `encrypted_fields`. Resumable: a value already
encrypted with the newest key is skipped, so a run stopped halfway continues where it stopped; each
batch commits on its own. A value no listed key opens stops the run with its model and id.
"""

from __future__ import annotations

from typing import Any

from cryptography.fernet import InvalidToken
from django.apps import apps
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import models, transaction
from tqdm import tqdm

from acthub.core.crypto import is_current, reset_keys, rotate


def encrypted_models() -> list[type[models.Model]]:
    """Every installed model that declares encrypted fields."""
    return [m for m in apps.get_models() if getattr(m, "encrypted_fields", ())]


class Command(BaseCommand):
    help = "Re-encrypt every identifying detail with the newest field key (resumable, with progress)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch-size", type=int, default=500, help="rows per transaction (default 500)")
        parser.add_argument("--no-progress", action="store_true", help="no progress bar")

    def handle(self, *args: Any, **options: Any) -> None:
        reset_keys()
        batch = max(1, options["batch_size"])
        total_rotated = 0
        for model in encrypted_models():
            fields: tuple[str, ...] = model.encrypted_fields  # type: ignore[attr-defined]
            manager = model._default_manager
            bar = tqdm(
                total=manager.count(),
                unit="row",
                desc=str(model._meta.verbose_name_plural),
                disable=options["no_progress"],
                file=self.stderr,
            )
            last = None
            while True:
                rows = manager.order_by("pk")
                if last is not None:
                    rows = rows.filter(pk__gt=last)
                chunk = list(rows.only("pk", *fields)[:batch])
                if not chunk:
                    break
                total_rotated += self._rotate(model, fields, chunk)
                last = chunk[-1].pk
                bar.update(len(chunk))
            bar.close()
        self.stdout.write(f"Re-encrypted {total_rotated} value(s) with the newest key.")

    @staticmethod
    def _rotate(model: type[models.Model], fields: tuple[str, ...], chunk: list[Any]) -> int:
        changed, count = [], 0
        for obj in chunk:
            touched = False
            for name in fields:
                value = getattr(obj, name)
                if not value:
                    continue
                token = bytes(value)
                if is_current(token):
                    continue
                try:
                    setattr(obj, name, rotate(token))
                except InvalidToken as exc:
                    raise CommandError(
                        f"{model._meta.label} {obj.pk}: {name} opens with none of ACTHUB_FIELD_KEYS; "
                        "add the key it was written with and run again."
                    ) from exc
                touched, count = True, count + 1
            if touched:
                changed.append(obj)
        if changed:
            with transaction.atomic():
                model._default_manager.bulk_update(changed, list(fields))
        return count
