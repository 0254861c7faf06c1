"""Encrypted backup files: authenticated, in chunks, so that neither size nor a change goes unnoticed.

Format: the line `ACTHUB-BACKUP 1`, then frames of (4-byte length, Fernet token). Each token holds
(8-byte chunk number, 1-byte "last" flag, up to 1 MiB of the database dump). Fernet authenticates
every chunk (AES-128-CBC + HMAC-SHA256); the numbers and the last flag make a reordered, repeated
or truncated file fail too. Keys: ACTHUB_BACKUP_KEYS (Fernet keys, newest first; SECURITY.md).
Files are created 0600: only the account that runs acthub may read them.
"""

from __future__ import annotations

import os
import struct
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

MAGIC = b"ACTHUB-BACKUP 1\n"
CHUNK = 1024 * 1024
_FRAME = struct.Struct(">I")
_HEAD = struct.Struct(">Q?")
# A Fernet token of one chunk is about 4/3 of it plus its header: anything far larger is not ours.
MAX_TOKEN = CHUNK * 2


class BackupUnverifiable(Exception):
    """The file is not an acthub backup, or no configured key verifies every part of it."""


def backup_keys() -> MultiFernet:
    """The configured backup keys; ImproperlyConfigured when there are none or one is not a Fernet key."""
    keys = [k.strip() for k in getattr(settings, "ACTHUB_BACKUP_KEYS", []) if k.strip()]
    if not keys:
        raise ImproperlyConfigured(
            "ACTHUB_BACKUP_KEYS is empty: backups are encrypted and need a Fernet key "
            '(python -c "from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())").'
        )
    try:
        return MultiFernet([Fernet(k) for k in keys])
    except ValueError as exc:
        raise ImproperlyConfigured("ACTHUB_BACKUP_KEYS holds a value that is not a Fernet key.") from exc


def private_file(path: Path) -> BinaryIO:
    """`path` opened for writing, created (or truncated) readable and writable by its owner only."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.fchmod(fd, 0o600)  # an existing file keeps its mode through O_CREAT: set it
    return os.fdopen(fd, "wb")


def encrypt_file(plain: Path, target: Path) -> None:
    """Write `plain` encrypted to `target` (0600)."""
    fernet = backup_keys()
    size = plain.stat().st_size
    with plain.open("rb") as source, private_file(target) as out:
        out.write(MAGIC)
        number, done = 0, 0
        while True:
            data = source.read(CHUNK)
            done += len(data)
            last = done >= size
            token = fernet.encrypt(_HEAD.pack(number, last) + data)
            out.write(_FRAME.pack(len(token)) + token)
            number += 1
            if last:
                break


def _frames(stream: BinaryIO) -> Iterator[bytes]:
    while True:
        head = stream.read(_FRAME.size)
        if not head:
            return
        if len(head) != _FRAME.size:
            raise BackupUnverifiable("the file ends inside a part")
        (length,) = _FRAME.unpack(head)
        if length > MAX_TOKEN:
            raise BackupUnverifiable("a part is larger than any backup writes")
        token = stream.read(length)
        if len(token) != length:
            raise BackupUnverifiable("the file ends inside a part")
        yield token


def decrypt_file(source: Path, plain: Path) -> None:
    """Verify and decrypt `source` into `plain` (0600); BackupUnverifiable when any part fails."""
    fernet = backup_keys()
    with source.open("rb") as stream:
        if stream.read(len(MAGIC)) != MAGIC:
            raise BackupUnverifiable("it is not an encrypted acthub backup")
        with private_file(plain) as out:
            expected, finished = 0, False
            for token in _frames(stream):
                if finished:
                    raise BackupUnverifiable("there is data after its last part")
                try:
                    chunk = fernet.decrypt(token)
                except InvalidToken:
                    raise BackupUnverifiable(
                        "no key of ACTHUB_BACKUP_KEYS verifies it (wrong key or altered file)"
                    ) from None
                number, last = _HEAD.unpack(chunk[: _HEAD.size])
                if number != expected:
                    raise BackupUnverifiable("its parts are out of order")
                out.write(chunk[_HEAD.size :])
                expected, finished = expected + 1, last
            if not finished:
                raise BackupUnverifiable("it is truncated (its last part is missing)")
