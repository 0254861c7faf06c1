"""`make run` prints its URL only once the server answers (scripts/wait_for_http.py)."""

from __future__ import annotations

import http.server
import importlib.util
import socket
import threading
import time
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parent.parent


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("wait_for_http", ROOT / "scripts" / "wait_for_http.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_waits_for_a_server_that_starts_late() -> None:
    port = _free_port()
    servers: list[http.server.HTTPServer] = []

    def start_later() -> None:
        time.sleep(0.5)  # the port refuses connections until then
        servers.append(http.server.HTTPServer(("127.0.0.1", port), http.server.BaseHTTPRequestHandler))
        servers[0].serve_forever()

    threading.Thread(target=start_later, daemon=True).start()
    try:
        # BaseHTTPRequestHandler answers 501 to GET: an error page still means the server is up.
        assert _script().wait(f"http://127.0.0.1:{port}/", 10, pause=0.05) is True
    finally:
        for server in servers:
            server.shutdown()
            server.server_close()


def test_gives_up_when_nothing_answers() -> None:
    assert _script().wait(f"http://127.0.0.1:{_free_port()}/", 0.5, pause=0.05) is False


def test_the_makefile_prints_the_url_after_waiting() -> None:
    run = (ROOT / "Makefile").read_text().split("\nrun:", 1)[1].split("\ntest:", 1)[0]
    assert run.index("wait_for_http.py") < run.index('echo "acthub is at')
