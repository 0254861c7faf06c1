"""Support of the scale-out test: application servers and workers as real processes, and a small browser.

The processes run `config.settings.production` against the test run's own PostgreSQL database
(ACTHUB_TEST_DATABASE_NAME, see config/settings/test.py) and an S3-compatible server on loopback,
as they would behind a TLS-terminating load balancer (the browser sends X-Forwarded-Proto: https).
"""

from __future__ import annotations

import http.client
import re
import secrets
import subprocess  # nosec B404
import sys
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

from acthub.operations.testing import HOST, S3Server, free_port, wait_for_port

ROOT = Path(__file__).resolve().parent.parent
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def database_url(settings_dict: dict[str, Any]) -> str:
    """A DATABASE_URL for the database the test runs on (its NAME is the run's own test database)."""
    user = quote(settings_dict.get("USER") or "postgres")
    password = f":{quote(settings_dict['PASSWORD'])}" if settings_dict.get("PASSWORD") else ""
    host, port = settings_dict.get("HOST") or HOST, settings_dict.get("PORT") or 5432
    return f"postgres://{user}{password}@{host}:{port}/{settings_dict['NAME']}"


def environment(db_url: str, s3: S3Server, static_root: Path, **extra: str) -> dict[str, str]:
    """What every process of the deployment shares: settings, secrets, database, storage."""
    import os

    from cryptography.fernet import Fernet

    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "ACTHUB_", "DATABASE_URL", "PYTEST", "AWS_"))
    }
    return {
        **env,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
        "DJANGO_ALLOWED_HOSTS": f"{HOST},localhost",
        "ACTHUB_FIELD_KEYS": Fernet.generate_key().decode(),
        "DATABASE_URL": db_url,
        "DJANGO_STATIC_ROOT": str(static_root),
        "ACTHUB_PAGE_CACHE_SECONDS": "60",
        "ACTHUB_WORKER_HEARTBEAT_SECONDS": "0.5",
        "ACTHUB_WORKER_STALE_SECONDS": "3",
        "ACTHUB_LOG_FORMAT": "json",
        **s3.environment(),
        **extra,
    }


@dataclass
class Service:
    """One process of the deployment, its log file, and how to stop it."""

    name: str
    process: subprocess.Popen[bytes]
    log: Path
    port: int | None = None

    def stop(self, *, kill: bool = False) -> None:
        """Stop it (SIGKILL when `kill`: no cleanup of any kind, as when a machine dies)."""
        if self.process.poll() is None:
            self.process.kill() if kill else self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def tail(self, lines: int = 40) -> str:
        """The end of its log, for a failure message."""
        text = self.log.read_text(errors="replace") if self.log.exists() else ""
        return "\n".join(text.splitlines()[-lines:])


def start(name: str, args: list[str], env: dict[str, str], logs: Path, port: int | None = None) -> Service:
    """Start one of our own programs (our interpreter, fixed arguments) with its output in a log file."""
    log = logs / f"{name}.log"
    handle = log.open("wb")
    process = subprocess.Popen(  # noqa: S603 # nosec B603
        [sys.executable, *args], cwd=ROOT, env=env, stdout=handle, stderr=subprocess.STDOUT
    )
    service = Service(name, process, log, port)
    if port is not None:
        try:
            wait_for_port(port, timeout=60, process=process)
        except (RuntimeError, TimeoutError) as exc:
            service.stop()
            raise AssertionError(f"{name} did not start: {exc}\n{service.tail()}") from exc
    return service


def app_server(name: str, env: dict[str, str], logs: Path) -> Service:
    """gunicorn serving acthub, one worker, on a free loopback port."""
    port = free_port()
    args = ["-m", "gunicorn", "config.wsgi", "-w", "1", "-b", f"{HOST}:{port}", "--timeout", "120"]
    return start(name, args, env, logs, port)


def task_worker(name: str, env: dict[str, str], logs: Path) -> Service:
    """`manage.py db_worker` with a worker id of its own."""
    args = ["manage.py", "db_worker", "--interval", "0.2", "--no-startup-delay", "--worker-id", name]
    return start(name, [*args, "-v", "1"], env, logs)


@dataclass
class Response:
    """What a request got back."""

    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode(errors="replace")

    def csrf(self) -> str:
        found = CSRF_FIELD.search(self.text)
        assert found, f"no CSRF token in the page (HTTP {self.status})"
        return found.group(1)


@dataclass
class Browser:
    """A visitor behind the load balancer: one cookie jar, whichever server answers."""

    cookies: dict[str, str] = field(default_factory=dict)

    def request(
        self,
        server: Service,
        method: str,
        path: str,
        body: bytes = b"",
        content_type: str = "",
        headers: dict[str, str] | None = None,
    ) -> Response:
        host = f"{HOST}:{server.port}"
        sent = {
            "Host": host,
            "X-Forwarded-Proto": "https",  # the load balancer terminated TLS
            "Accept-Language": "en",
            **(headers or {}),
        }
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if method == "POST":
            sent["Origin"] = f"https://{host}"  # Django's CSRF check of HTTPS requests
            sent["Content-Type"] = content_type
        connection = http.client.HTTPConnection(HOST, server.port, timeout=120)
        try:
            connection.request(method, path, body=body or None, headers=sent)
            answer = connection.getresponse()
            data = answer.read()
            for name, value in answer.getheaders():
                if name.lower() == "set-cookie":
                    pair = value.split(";", 1)[0]
                    key, _, cookie = pair.partition("=")
                    if cookie and "max-age=0" not in value.lower():
                        self.cookies[key.strip()] = cookie.strip('"')
                    else:
                        self.cookies.pop(key.strip(), None)
            return Response(answer.status, {k.lower(): v for k, v in answer.getheaders()}, data)
        finally:
            connection.close()

    def get(self, server: Service, path: str, headers: dict[str, str] | None = None) -> Response:
        return self.request(server, "GET", path, headers=headers)

    def post(self, server: Service, path: str, fields: dict[str, str]) -> Response:
        return self.request(server, "POST", path, urlencode(fields).encode(), "application/x-www-form-urlencoded")

    def upload(self, server: Service, path: str, fields: dict[str, str], name: str, data: bytes) -> Response:
        boundary = uuid.uuid4().hex
        parts = [
            f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
            for k, v in fields.items()
        ]
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
            f"Content-Type: text/csv\r\n\r\n".encode()
            + data
            + b"\r\n"
        )
        body = b"".join(parts) + f"--{boundary}--\r\n".encode()
        return self.request(server, "POST", path, body, f"multipart/form-data; boundary={boundary}")

    def sign_in(self, server: Service, username: str, password: str, code: Callable[[], str]) -> None:
        """Password, then the TOTP step, as a person does."""
        form = self.get(server, "/accounts/login/")
        done = self.post(
            server, "/accounts/login/", {"username": username, "password": password, "csrfmiddlewaretoken": form.csrf()}
        )
        assert done.status == 302, f"login refused (HTTP {done.status})"
        verify = self.get(server, "/accounts/two-factor/")
        passed = self.post(
            server, "/accounts/two-factor/", {"token": code(), "csrfmiddlewaretoken": verify.csrf(), "next": "/"}
        )
        assert passed.status == 302, f"TOTP step refused (HTTP {passed.status})"


def wait_until(check: Callable[[], Any], *, timeout: float, what: str, services: list[Service]) -> Any:
    """Poll `check` until it returns something true; fail with the services' logs after `timeout` s."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.1)
    logs = "\n\n".join(f"--- {s.name} ---\n{s.tail()}" for s in services)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}\n{logs}")
