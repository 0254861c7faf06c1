"""Test helpers: a local S3-compatible server (moto's server mode) on loopback, and free ports.

Tests that store files in "S3" start one with `s3_server()`; nothing leaves the machine.
"""

from __future__ import annotations

import socket
import subprocess  # nosec B404
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

# subprocess (above) starts only our own interpreter, with fixed arguments.
HOST = "127.0.0.1"


def free_port() -> int:
    """A TCP port nothing listens on now."""
    with socket.socket() as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


def wait_for_port(port: int, *, timeout: float = 30, process: subprocess.Popen[Any] | None = None) -> None:
    """Return once something accepts connections on `port`; fail if `process` exits first."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"the process for port {port} exited with {process.returncode}")
        try:
            with socket.create_connection((HOST, port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise TimeoutError(f"nothing answered on {HOST}:{port} within {timeout} s")


@dataclass(frozen=True)
class S3Server:
    """Where the local S3 server answers, and the bucket made for the test."""

    endpoint_url: str
    bucket: str
    access_key: str = "synthetic-access-key"
    secret_key: str = "synthetic-secret-key"  # noqa: S105 - moto accepts any key

    def environment(self) -> dict[str, str]:
        """The settings' environment variables that store files here (config/settings/base.py)."""
        return {
            "ACTHUB_S3_BUCKET": self.bucket,
            "ACTHUB_S3_ENDPOINT_URL": self.endpoint_url,
            "ACTHUB_S3_REGION": "us-east-1",
            "ACTHUB_S3_ACCESS_KEY_ID": self.access_key,
            "ACTHUB_S3_SECRET_ACCESS_KEY": self.secret_key,
        }

    def storages(self) -> dict[str, Any]:
        """A STORAGES setting for an in-process test (what those variables give)."""
        return {
            "default": {
                "BACKEND": "storages.backends.s3.S3Storage",
                "OPTIONS": {
                    "bucket_name": self.bucket,
                    "endpoint_url": self.endpoint_url,
                    "region_name": "us-east-1",
                    "access_key": self.access_key,
                    "secret_key": self.secret_key,
                    "default_acl": None,
                    "file_overwrite": False,
                },
            },
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        }

    def client(self) -> Any:
        """A boto3 client of the server, to look at what was stored."""
        import boto3

        return boto3.client(
            "s3",
            endpoint_url=self.endpoint_url,
            aws_access_key_id=self.access_key,
            aws_secret_access_key=self.secret_key,
            region_name="us-east-1",
        )

    def stored_keys(self) -> list[str]:
        """Every key in the bucket."""
        listing = self.client().list_objects_v2(Bucket=self.bucket)
        return [item["Key"] for item in listing.get("Contents", [])]


@contextmanager
def s3_server(bucket: str = "acthub-test") -> Iterator[S3Server]:
    """Run moto's S3 server on a free loopback port for the block, with one empty bucket."""
    port = free_port()
    process = subprocess.Popen(  # noqa: S603 # nosec B603
        [sys.executable, "-m", "moto.server", "-H", HOST, "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for_port(port, process=process)
        server = S3Server(endpoint_url=f"http://{HOST}:{port}", bucket=bucket)
        server.client().create_bucket(Bucket=bucket)
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
