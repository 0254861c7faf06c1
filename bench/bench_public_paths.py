"""Anonymous public pages and API lists against a bare Django view of the same size, in one run.

    .venv/bin/python bench/bench_public_paths.py [--duration 5] [--rounds 3] [--workers 2]

Serves acthub (gunicorn, production settings, a throwaway SQLite database with the seed program)
and a bare Django application (bench/bare_app.py: no middleware, no database, fixed bytes of the
same size) side by side, each with the same number of gunicorn workers, and drives each URL in turn
with wrk (8 connections, loopback). Rounds alternate between the two so that the machine's other
load falls on both alike; each figure is the median of its rounds. Prints one JSON line: requests/s
of every acthub URL, of the bare view of its size, and their ratio. Target: every ratio >= 0.5.
Also checks that a conditional GET of each URL is answered 304.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from statistics import median
from typing import Any

from load_public import HEADERS, HOST, PYTHON, ROOT, environment, free_port, manage

PAGES = ["/", "/countries/", "/partners/", "/indicators/"]
API = ["/api/v1/countries/", "/api/v1/organisations/", "/api/v1/indicators/"]
TARGET = 0.5


def wait(port: int, path: str) -> bytes:
    for _ in range(200):
        try:
            request = urllib.request.Request(f"http://{HOST}:{port}{path}", headers=HEADERS)
            with urllib.request.urlopen(request, timeout=5) as response:  # loopback only
                return bytes(response.read())
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"nothing answered on {HOST}:{port}{path}")


def conditional(port: int, path: str) -> int:
    request = urllib.request.Request(f"http://{HOST}:{port}{path}", headers=HEADERS)
    with urllib.request.urlopen(request, timeout=5) as response:  # loopback only
        etag = response.headers["ETag"]
    request = urllib.request.Request(f"http://{HOST}:{port}{path}", headers={**HEADERS, "If-None-Match": etag})
    try:
        with urllib.request.urlopen(request, timeout=5) as response:  # loopback only
            return int(response.status)
    except urllib.error.HTTPError as exc:  # urllib treats 304 as an error
        return int(exc.code)


def wrk(port: int, path: str, duration: float) -> dict[str, float]:
    headers = [arg for k, v in HEADERS.items() for arg in ("-H", f"{k}: {v}")]
    out = subprocess.run(
        ["wrk", "-t2", "-c8", f"-d{duration:g}s", "--latency", *headers, f"http://{HOST}:{port}{path}"],
        capture_output=True,
        text=True,
        check=True,
        timeout=duration + 60,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    errors = int(non_2xx.group(1)) if non_2xx else 0
    if socket_errors:
        # gunicorn's sync workers close each connection: wrk counts those closes as read errors.
        errors += int(socket_errors.group(1)) + int(socket_errors.group(4))
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)", out)
    scale = {"us": 0.001, "ms": 1.0, "s": 1000.0}
    return {
        "rps": rps,
        "errors": errors,
        "p99_ms": float(p99.group(1)) * scale[p99.group(2)] if p99 else -1.0,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--duration", type=float, default=5, help="seconds of wrk per URL and round (default 5)")
    parser.add_argument("--rounds", type=int, default=3, help="rounds, alternating acthub and bare (default 3)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers of each server (default 2)")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        print("wrk is missing: apt-get install wrk (make bench installs it)", file=sys.stderr)
        return 1

    workdir = Path(tempfile.mkdtemp(prefix="acthub-paths-"))
    env = {**environment(workdir), "ACTHUB_PAGE_CACHE_SECONDS": "600"}
    print(f"setting up {workdir} (migrate, load_seed, collectstatic)...", file=sys.stderr, flush=True)
    manage(env, "migrate", "--noinput", "-v", "0")
    manage(env, "load_seed", "-v", "0")
    manage(env, "collectstatic", "--noinput", "-v", "0")
    port, bare_port = free_port(), free_port()
    gunicorn = [PYTHON, "-m", "gunicorn", "-w", str(args.workers), "--timeout", "30"]
    servers = [subprocess.Popen([*gunicorn, "-b", f"{HOST}:{port}", "config.wsgi"], cwd=ROOT, env=env)]
    try:
        sizes = {path: len(wait(port, path)) for path in PAGES + API}
        bare_env = {
            **os.environ,
            "BARE_PAGE_BYTES": str(int(median(sizes[p] for p in PAGES))),
            "BARE_API_BYTES": str(int(median(sizes[p] for p in API))),
        }
        servers.append(
            subprocess.Popen(
                [*gunicorn, "-b", f"{HOST}:{bare_port}", "--chdir", str(ROOT / "bench"), "bare_app:application"],
                env=bare_env,
            )
        )
        wait(bare_port, "/page/")
        not_modified = {path: conditional(port, path) for path in PAGES + API}
        # Every worker imports, compiles its templates and fills its cache, as on a server up a while.
        for _ in range(args.workers * 10):
            for path in PAGES + API:
                wait(port, path)
            wait(bare_port, "/page/")
            wait(bare_port, "/api/")
        runs: dict[str, list[dict[str, float]]] = {}
        for _ in range(args.rounds):
            for name, target, path in [("bare page", bare_port, "/page/"), ("bare api", bare_port, "/api/")] + [
                (p, port, p) for p in PAGES + API
            ]:
                runs.setdefault(name, []).append(wrk(target, path, args.duration))
    finally:
        for server in servers:
            server.terminate()
            server.wait(timeout=30)
        shutil.rmtree(workdir, ignore_errors=True)

    def figure(name: str) -> dict[str, Any]:
        return {
            "rps": round(median(r["rps"] for r in runs[name]), 1),
            "p99_ms": round(median(r["p99_ms"] for r in runs[name]), 2),
            "errors": int(sum(r["errors"] for r in runs[name])),
        }

    result: dict[str, Any] = {
        "bench": "public_paths",
        "workers": args.workers,
        "connections": 8,
        "cores": os.cpu_count(),
        "bare_page": figure("bare page"),
        "bare_api": figure("bare api"),
        "urls": {},
    }
    for path in PAGES + API:
        bare = result["bare_api" if path in API else "bare_page"]["rps"]
        result["urls"][path] = {**figure(path), "bytes": sizes[path], "ratio": round(figure(path)["rps"] / bare, 3)}
        result["urls"][path]["conditional_get"] = not_modified[path]
    ratios = [u["ratio"] for u in result["urls"].values()]
    result["min_ratio"] = min(ratios)
    ok = min(ratios) >= TARGET and all(
        u["conditional_get"] == 304 and u["errors"] == 0 for u in result["urls"].values()
    )
    result["target_met"] = ok
    print(json.dumps(result))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
