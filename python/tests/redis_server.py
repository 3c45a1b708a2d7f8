"""A real ``redis-server`` for the shared-tier tests: started on a free loopback port, stopped
by its pid. Skips the test when redis-server is missing, unless ``DATABRAIN_REQUIRE_REDIS`` is
set (CI installs it)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from typing import Iterator

import pytest


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _answers(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1) as s:
            s.sendall(b"*1\r\n$4\r\nPING\r\n")
            return s.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def redis_url() -> Iterator[str]:
    """Generator for a pytest fixture: the URL of a fresh redis-server, stopped afterwards."""
    if shutil.which("redis-server") is None:
        if os.environ.get("DATABRAIN_REQUIRE_REDIS"):
            pytest.fail("redis-server is required (DATABRAIN_REQUIRE_REDIS is set)")
        pytest.skip("redis-server is not installed")
    port = _free_port()
    proc = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 10
        while not _answers(port):
            assert time.monotonic() < deadline, "redis-server did not answer PING"
            time.sleep(0.02)
        yield f"redis://127.0.0.1:{port}/"
    finally:
        proc.kill()
        proc.wait()
