"""Load test of the public site: two application servers (gunicorn, production settings) at a fixed rate.

    .venv/bin/python bench/load_public.py [--rate 200] [--duration 60] [--servers 2] [--workers 2]

Sets up a throwaway SQLite file database with the seed program, serves it with `--servers`
gunicorn servers side by side on 127.0.0.1 (each `--workers` workers, `config.settings.production`,
one database), and from this process sends requests to the public pages and the public API at a
constant rate, in turn to each server as a round-robin load balancer would: open loop, so a slow
answer does not slow the sending down and hide itself (latency counts from when a request was
due). Prints requests per second, errors, and p50/p99 latency, then one JSON line. Target on a
2-core machine: 200 requests/s for 60 s with 0 errors and p99 under 250 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from statistics import quantiles
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
HOST = "127.0.0.1"
# A proxy in front would say the visitor came over HTTPS; production settings trust this header.
HEADERS = {"X-Forwarded-Proto": "https", "Accept-Language": "en"}
PAGES = ["/", "/countries/", "/outcomes/", "/partners/", "/governance/", "/indicators/"]
API = [
    "/api/v1/",
    "/api/v1/programs/",
    "/api/v1/countries/",
    "/api/v1/indicators/",
    "/api/v1/data-values/",
    "/api/v1/organisations/",
    "/api/v1/projects/",
    "/api/v1/outcome-areas/",
    "/api/v1/achievements/",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


def environment(workdir: Path) -> dict[str, str]:
    from cryptography.fernet import Fernet

    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
        "DJANGO_ALLOWED_HOSTS": f"{HOST},localhost",
        "ACTHUB_FIELD_KEYS": Fernet.generate_key().decode(),
        "DATABASE_URL": f"sqlite:///{workdir / 'acthub.sqlite3'}",
        "DJANGO_STATIC_ROOT": str(workdir / "static"),
        "DJANGO_LOG_LEVEL": "WARNING",
        # One address here stands in for many visitors: the per-address API throttle would refuse it.
        "ACTHUB_API_ANON_RATE": "1000000/minute",
    }


def manage(env: dict[str, str], *args: str) -> None:
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True, timeout=600)


def get(url: str) -> Any:
    request = urllib.request.Request(url, headers=HEADERS)
    with urllib.request.urlopen(request, timeout=10) as response:  # loopback only
        return json.load(response)


def discover(base: str) -> list[str]:
    """The pages and endpoints to drive: fixed lists plus one detail page per record kind."""
    urls = PAGES + API
    for row in get(f"{base}/api/v1/countries/")["results"][:3]:
        urls.append(f"/countries/{row['code']}/")
    for row in get(f"{base}/api/v1/outcome-areas/")["results"][:3]:
        urls.append(f"/outcomes/{row['slug']}/")
    for row in get(f"{base}/api/v1/organisations/")["results"][:3]:
        urls += [f"/partners/{row['id']}/", f"/api/v1/organisations/{row['id']}/"]
    for row in get(f"{base}/api/v1/indicators/")["results"][:3]:
        urls += [
            f"/indicators/{row['code']}/",
            f"/indicators/{row['code']}/chart/",
            f"/api/v1/indicators/{row['code']}/",
        ]
    return urls


TRACE: list[str] = []


async def fetch(port: int, path: str) -> int:
    reader, writer = await asyncio.open_connection(HOST, port)
    head = "".join(f"{k}: {v}\r\n" for k, v in HEADERS.items())
    writer.write(f"GET {path} HTTP/1.1\r\nHost: {HOST}:{port}\r\n{head}Connection: close\r\n\r\n".encode())
    await writer.drain()
    data = await reader.read()  # gunicorn's sync workers close the connection after each answer
    writer.close()
    TRACE.append(f"{time.perf_counter():.3f} {'hit' if b'X-Acthub-Cache: hit' in data[:4000] else 'miss'} {path}")
    return int(data.split(b" ", 2)[1]) if data.startswith(b"HTTP/") else 0


async def warm_up(ports: list[int], urls: list[str], workers: int) -> None:
    for port in ports:
        for _ in range(workers * 4):
            await asyncio.gather(*(fetch(port, path) for path in urls[:workers]), *(fetch(port, path) for path in urls))


async def drive(
    ports: list[int], urls: list[str], rate: float, duration: float
) -> tuple[list[float], list[str], float]:
    latencies: list[float] = []
    errors: list[str] = []
    total = int(rate * duration)
    start = time.perf_counter() + 0.1

    async def one(i: int, due: float) -> None:
        path = urls[i % len(urls)]
        port = ports[i % len(ports)]  # round robin, as a load balancer in front of the servers
        try:
            status = await asyncio.wait_for(fetch(port, path), timeout=10)
        except (TimeoutError, OSError) as exc:
            errors.append(f"{path}: {type(exc).__name__}")
            return
        latencies.append(time.perf_counter() - due)
        TRACE[-1] += f" due={due - start:.3f} latency={(time.perf_counter() - due) * 1000:.1f}ms"
        if status != 200:
            errors.append(f"{path}: HTTP {status}")

    # Requests are started one by one when due (creating them all up front would itself stall
    # the first second of the run).
    tasks = []
    for i in range(total):
        due = start + i / rate
        await asyncio.sleep(max(0.0, due - time.perf_counter()))
        tasks.append(asyncio.create_task(one(i, due)))
    await asyncio.gather(*tasks)
    return latencies, errors, time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rate", type=float, default=200, help="requests per second (default 200)")
    parser.add_argument("--duration", type=float, default=60, help="seconds (default 60)")
    parser.add_argument("--servers", type=int, default=2, help="application servers side by side (default 2)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers of each server (default 2)")
    parser.add_argument("--trace", type=Path, help="write one line per request (time, cache, path, latency)")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="acthub-load-"))
    env = environment(workdir)
    ports = [free_port() for _ in range(args.servers)]
    print(f"setting up {workdir} (migrate, load_seed, collectstatic)...", flush=True)
    manage(env, "migrate", "--noinput", "-v", "0")
    manage(env, "load_seed", "-v", "0")
    manage(env, "collectstatic", "--noinput", "-v", "0")
    servers = [
        subprocess.Popen(  # our own interpreter and arguments
            [
                PYTHON,
                "-m",
                "gunicorn",
                "config.wsgi",
                "-w",
                str(args.workers),
                "-b",
                f"{HOST}:{port}",
                "--timeout",
                "30",
            ],
            cwd=ROOT,
            env=env,
        )
        for port in ports
    ]
    try:
        for port in ports:
            for _ in range(150):
                try:
                    urls = discover(f"http://{HOST}:{port}")
                    break
                except OSError:
                    time.sleep(0.2)
            else:
                print(f"gunicorn on port {port} did not answer")
                return 1
        # Warm up with the same client and headers: every worker imports, compiles its templates
        # and fills its page cache, as a server that has been up a while has.
        asyncio.run(warm_up(ports, urls, args.workers))
        print(
            f"driving {len(urls)} URLs at {args.rate:.0f}/s for {args.duration:.0f} s "
            f"({args.servers} servers of {args.workers} gunicorn workers, {os.cpu_count()} cores)...",
            flush=True,
        )
        latencies, errors, elapsed = asyncio.run(drive(ports, urls, args.rate, args.duration))
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            server.wait(timeout=30)
        shutil.rmtree(workdir, ignore_errors=True)

    if args.trace:
        args.trace.write_text("\n".join(TRACE) + "\n")
    done = len(latencies)
    cuts = quantiles(latencies, n=100) if len(latencies) > 1 else [0.0] * 99
    p50, p99 = cuts[49] * 1000, cuts[98] * 1000
    print(f"requests: {done + len(errors)} in {elapsed:.1f} s = {done / elapsed:.1f} req/s")
    print(f"errors:   {len(errors)}" + (f" (first: {errors[:5]})" if errors else ""))
    print(f"latency:  p50 {p50:.1f} ms, p99 {p99:.1f} ms, max {max(latencies, default=0) * 1000:.1f} ms")
    ok = not errors and p99 < 250 and done / elapsed >= 0.98 * args.rate
    print("target (200 req/s, 0 errors, p99 < 250 ms):", "MET" if ok else "NOT MET")
    driven = [line for line in TRACE if "due=" in line]  # not the warm-up
    figures = {
        "bench": "load_public",
        "servers": args.servers,
        "workers_per_server": args.workers,
        "cores": os.cpu_count(),
        "rate": args.rate,
        "duration_s": args.duration,
        "requests": done + len(errors),
        "req_per_s": round(done / elapsed, 1),
        "errors": len(errors),
        "p50_ms": round(p50, 1),
        "p99_ms": round(p99, 1),
        "max_ms": round(max(latencies, default=0) * 1000, 1),
        "hit_share": round(sum(" hit " in line for line in driven) / max(len(driven), 1), 3),
        "target_met": ok,
    }
    print(json.dumps(figures))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
