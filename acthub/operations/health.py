"""`/healthz` and `/readyz` for a load balancer or an orchestrator.

- `/healthz` (liveness): the process answers; it touches nothing else, so a slow database never
  gets a healthy server restarted.
- `/readyz` (readiness): the database answers, the file storage can be written and read back, and
  how many task workers have a fresh heartbeat. 503 when the database or the storage fails. A
  missing worker is reported but makes the server unready only with ACTHUB_READY_REQUIRES_WORKER:
  otherwise one dead worker would take every application server out of the load balancer.

Both answer JSON, are never cached, and say nothing about any record.
"""

from __future__ import annotations

import logging
import time
import uuid
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from acthub.core.permissions import public_view
from acthub.operations.workers import live_workers

PROBE_DIR = "health"
logger = logging.getLogger(__name__)


def _timed(name: str, check: Any) -> dict[str, Any]:
    start = time.perf_counter()
    try:
        detail = check()
    except Exception as exc:  # any failure of the dependency is what this check reports
        # The response says only the kind of failure; the log has the details for the operators.
        logger.warning(
            "readiness check %s failed", name, exc_info=True, extra={"check": name, "error": type(exc).__name__}
        )
        return {"ok": False, "error": type(exc).__name__, "ms": round((time.perf_counter() - start) * 1000, 1)}
    return {"ok": True, **(detail or {}), "ms": round((time.perf_counter() - start) * 1000, 1)}


def _database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _storage() -> None:
    # A small file of its own, written, read back and removed: the store is reachable and writable.
    token = uuid.uuid4().hex
    name = default_storage.save(f"{PROBE_DIR}/{token}.txt", ContentFile(token.encode()))
    try:
        with default_storage.open(name, "rb") as handle:
            if handle.read() != token.encode():
                raise OSError("the storage returned other bytes than were written")
    finally:
        default_storage.delete(name)


def _workers() -> dict[str, Any]:
    alive = live_workers()
    required = bool(getattr(settings, "ACTHUB_READY_REQUIRES_WORKER", False))
    if required and not alive:
        raise RuntimeError("no task worker has a fresh heartbeat")
    return {"alive": len(alive), "required": required}


@public_view
@require_safe
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness: 200 while the process serves requests."""
    return JsonResponse({"status": "ok"})


@public_view
@require_safe
@never_cache
def readyz(request: HttpRequest) -> JsonResponse:
    """Readiness: database, storage and worker heartbeat; 503 when one that matters fails."""
    checks = {
        name: _timed(name, check)
        for name, check in (("database", _database), ("storage", _storage), ("workers", _workers))
    }
    ready = all(check["ok"] for check in checks.values())
    # "degraded": serving, but stored jobs wait until a worker runs.
    status = ("degraded" if not checks["workers"]["alive"] else "ok") if ready else "unavailable"
    return JsonResponse({"status": status, "checks": checks}, status=200 if ready else 503)
