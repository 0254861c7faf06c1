"""Health checks, worker heartbeats and the recovery of tasks whose worker died, structured logs."""

from __future__ import annotations

import io
import json
import logging
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from typing import Any

import pytest
from django.core.files.storage import default_storage
from django.test import Client
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from acthub.audit.context import acting
from acthub.imports.models import ImportJob
from acthub.imports.tasks import run_import
from acthub.operations.logs import JsonFormatter, RequestIdFilter
from acthub.operations.models import WorkerHeartbeat
from acthub.operations.workers import LOST, Heartbeat, recover_interrupted

pytestmark = pytest.mark.django_db


def test_liveness_answers_without_the_database(django_assert_num_queries: Any) -> None:
    with django_assert_num_queries(0):
        response = Client().get("/healthz")
    assert response.status_code == 200 and response.json() == {"status": "ok"}
    assert "no-store" in response["Cache-Control"]


def test_readiness_checks_database_storage_and_workers(settings: Any) -> None:
    response = Client().get("/readyz")
    body = response.json()
    assert response.status_code == 200 and body["status"] == "degraded"  # no worker beats
    assert body["checks"]["database"]["ok"] and body["checks"]["storage"]["ok"]
    assert body["checks"]["workers"]["alive"] == 0 and "no-store" in response["Cache-Control"]
    settings.ACTHUB_READY_REQUIRES_WORKER = True
    assert Client().get("/readyz").status_code == 503
    WorkerHeartbeat.objects.create(
        worker_id="w1", hostname="h", pid=1, started_at=timezone.now(), seen_at=timezone.now()
    )
    ready = Client().get("/readyz")
    assert (
        ready.status_code == 200 and ready.json()["status"] == "ok" and ready.json()["checks"]["workers"]["alive"] == 1
    )


def test_readiness_fails_when_the_storage_does(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: Any, **kwargs: Any) -> str:
        raise OSError("read-only file system")

    monkeypatch.setattr(default_storage, "save", broken)
    response = Client().get("/readyz")
    assert response.status_code == 503 and response.json()["status"] == "unavailable"
    assert response.json()["checks"]["storage"] == {"ok": False, "error": "OSError", "ms": pytest.approx(0, abs=1000)}


def _running(worker_ids: list[str], started_minutes_ago: int = 10, job_id: int = 1) -> DBTaskResult:
    result = DBTaskResult.objects.create(
        status=TaskResultStatus.RUNNING,
        args_kwargs={"args": [job_id, True], "kwargs": {}},
        task_path=run_import.module_path,
        backend_name="default",
        run_after=timezone.now() - timedelta(minutes=started_minutes_ago),
        worker_ids=worker_ids,
    )
    DBTaskResult.objects.filter(pk=result.pk).update(started_at=timezone.now() - timedelta(minutes=started_minutes_ago))
    return result


def test_a_task_of_a_dead_worker_runs_again_then_fails_with_a_message(users: dict[str, Any]) -> None:
    from acthub.core.testing.factories import ProgramFactory
    from acthub.imports.services import create_job

    job = create_job(
        program=ProgramFactory(slug="syn-w"),
        kind="activities",
        stream=io.BytesIO(b"code,kind,title,start_date,end_date,countries,mode\r\n"),
        name="a.csv",
        acting_user=users["mel"],
    )
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.COMMITTING)
    stale = timezone.now() - timedelta(minutes=5)
    WorkerHeartbeat.objects.create(worker_id="dead", hostname="h", pid=1, started_at=stale, seen_at=stale)
    WorkerHeartbeat.objects.create(worker_id="alive", hostname="h", pid=2, started_at=stale, seen_at=timezone.now())
    first = _running(["dead"], job_id=job.pk)
    busy = _running(["alive"], job_id=job.pk)
    recent = _running(["gone"], started_minutes_ago=0, job_id=job.pk)  # may not have beaten yet

    done = recover_interrupted()
    assert len(done) == 1 and "queued again" in done[0]
    first.refresh_from_db()
    assert first.status == TaskResultStatus.READY and first.started_at is None
    assert DBTaskResult.objects.get(pk=busy.pk).status == TaskResultStatus.RUNNING
    assert DBTaskResult.objects.get(pk=recent.pk).status == TaskResultStatus.RUNNING

    second = _running(["dead", "dead-too"], job_id=job.pk)  # its second attempt died as well
    assert "failed" in recover_interrupted()[0]
    second.refresh_from_db()
    assert second.status == TaskResultStatus.FAILED and second.exception_class_path == LOST
    job.refresh_from_db()
    assert job.status == ImportJob.Status.ERROR and "stopped before it finished" in job.message
    assert recover_interrupted() == []  # nothing left to do, and nothing done twice


def test_a_worker_beats_while_it_runs_and_removes_its_beat_when_it_stops(settings: Any) -> None:
    settings.ACTHUB_WORKER_HEARTBEAT_SECONDS = 0.05
    heartbeat = Heartbeat("worker-under-test")
    heartbeat.start()
    try:
        first = WorkerHeartbeat.objects.get(worker_id="worker-under-test").seen_at
    finally:
        heartbeat.stop()
    assert first is not None and not WorkerHeartbeat.objects.filter(worker_id="worker-under-test").exists()


def test_log_lines_are_json_with_the_request_id() -> None:
    record = logging.LogRecord("acthub.test", logging.WARNING, __file__, 1, "import %s failed", (7,), None)
    request_id = uuid.uuid4()
    with acting(None, via="web", request_id=request_id):
        RequestIdFilter().filter(record)
    line = json.loads(JsonFormatter().format(record))
    assert line["message"] == "import 7 failed" and line["level"] == "WARNING" and line["logger"] == "acthub.test"
    assert line["request_id"] == str(request_id)
    outside = logging.LogRecord("acthub.test", logging.INFO, __file__, 1, "idle", (), None)
    RequestIdFilter().filter(outside)
    assert json.loads(JsonFormatter().format(outside))["request_id"] is None


@contextmanager
def json_lines(logger_name: str) -> Iterator[list[dict[str, Any]]]:
    """The JSON lines a logger writes inside the block, through the production filter and formatter."""
    lines: list[dict[str, Any]] = []

    class Capture(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            lines.append(json.loads(JsonFormatter().format(record)))

    handler = Capture()
    handler.addFilter(RequestIdFilter())
    logger = logging.getLogger(logger_name)
    logger.addHandler(handler)
    try:
        yield lines
    finally:
        logger.removeHandler(handler)


def test_a_failed_check_is_logged_with_the_request_id_the_response_names(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: Any, **kwargs: Any) -> str:
        raise OSError("read-only file system")

    monkeypatch.setattr(default_storage, "save", broken)
    with json_lines("acthub.operations.health") as lines:
        response = Client().get("/readyz")
    assert response.status_code == 503
    assert [line["request_id"] for line in lines] == [response["X-Request-ID"]]
    assert lines[0]["check"] == "storage" and lines[0]["error"] == "OSError"


def test_a_logged_request_keeps_its_method_and_path_but_not_its_query(rf: Any) -> None:
    request = rf.get("/data/LA/records/", {"q": "Synthetic Person Name"})
    record = logging.LogRecord("django.request", logging.WARNING, __file__, 1, "Not Found: %s", (request.path,), None)
    record.request = request
    record.status_code = 404
    line = JsonFormatter().format(record)
    assert "Synthetic" not in line
    entry = json.loads(line)
    assert (entry["method"], entry["path"], entry["status_code"]) == ("GET", "/data/LA/records/", 404)


def test_django_logs_a_missing_page_with_the_request_id_the_response_names() -> None:
    """django.request writes "Not Found" after the audit middleware's block: it still names the request."""
    with json_lines("django.request") as lines:
        response = Client().get("/api/v1/no-such-endpoint/")
    assert response.status_code == 404
    assert [line["request_id"] for line in lines] == [response["X-Request-ID"]]
    assert lines[0]["status_code"] == 404
