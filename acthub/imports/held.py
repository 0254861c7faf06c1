"""An upload kept across a failed form, so that the user need not choose the file again.

Browsers forbid prefilling a file input, so when the import form fails for a reason other than the
file (no column mapping chosen, say), the file already sent is kept in storage, under the imports
folder, and named in the session. The form then says "Using <name> (uploaded ...)" and offers to
choose another. The stored file lives where job files live (S3 in production, so any server of the
pool can read it), and `purge_uploads` deletes it with the other unreferenced uploads once older
than the upload TTL, as it may hold personal details.
"""

from __future__ import annotations

import contextlib
import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import IO, Any

from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone

from acthub.imports.models import ImportJob
from acthub.imports.uploads import UPLOAD_FOLDER

SESSION_KEY = "imports_held_upload"


@dataclass(frozen=True)
class HeldUpload:
    """A file kept for the next try of the form: where it is stored, its name and when it came."""

    path: str
    name: str
    size: int
    uploaded: datetime

    def open(self) -> IO[bytes]:
        """The stored file, to read as the upload."""
        return _storage().open(self.path, "rb")


def _storage() -> Any:
    return ImportJob._meta.get_field("file").storage


def held(session: Any) -> HeldUpload | None:
    """The upload the session keeps, if its file is still stored."""
    data = session.get(SESSION_KEY)
    if not isinstance(data, dict):
        return None
    try:
        item = HeldUpload(data["path"], data["name"], int(data["size"]), datetime.fromisoformat(data["uploaded"]))
    except (KeyError, TypeError, ValueError):
        session.pop(SESSION_KEY, None)
        return None
    if not item.path.startswith(f"{UPLOAD_FOLDER}/held/") or not _storage().exists(item.path):
        session.pop(SESSION_KEY, None)
        return None
    return item


def hold(session: Any, upload: UploadedFile) -> HeldUpload:
    """Keep `upload` for the next try (replacing a file kept before)."""
    release(session)
    upload.seek(0)
    # A random name: the session names it, nothing else can guess it.
    path = _storage().save(f"{UPLOAD_FOLDER}/held/{secrets.token_hex(16)}", upload)
    item = HeldUpload(path, upload.name or "upload", upload.size or 0, timezone.now())
    session[SESSION_KEY] = {
        "path": item.path,
        "name": item.name,
        "size": item.size,
        "uploaded": item.uploaded.isoformat(),
    }
    return item


def release(session: Any) -> None:
    """Forget the kept upload and delete its file."""
    data = session.pop(SESSION_KEY, None)
    path = data.get("path") if isinstance(data, dict) else None
    if isinstance(path, str) and path.startswith(f"{UPLOAD_FOLDER}/held/"):
        with contextlib.suppress(OSError):  # the orphan sweep of purge_uploads retries
            _storage().delete(path)
