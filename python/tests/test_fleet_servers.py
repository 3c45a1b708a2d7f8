"""The issue's fleet set-up, run as a user would: the repository's Django mint view under a real
``gunicorn --preload`` with several workers, and the FastAPI example under ``uvicorn --workers``,
each with ``DATABRAIN_CACHE_URL`` pointing at a real redis-server and nothing else changed.
Many concurrent requests for several signed-in users, spread over the workers (a new connection
per request), mint each user's token exactly once at the mock."""

from __future__ import annotations

import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Dict, Iterator, List

import httpx
import pytest

from databrain.testing import MockServer

from redis_server import redis_url
from server_process import free_port, server_process

GUEST_TOKEN_PATH = "/api/v2/guest-token/create"
PYTHON_DIR = Path(__file__).parents[1]
USERS, REQUESTS, WORKERS = 12, 240, 3


@pytest.fixture
def redis() -> Iterator[str]:
    yield from redis_url()


def environment(mock: MockServer, redis: str) -> Dict[str, str]:
    return {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(PYTHON_DIR / "examples"), str(Path(__file__).parent)]),
        "DATABRAIN_BASE_URL": mock.url,
        "DATABRAIN_API_KEY": mock.api_key,
        "DATABRAIN_CACHE_URL": redis,
    }


def redis_clients(redis: str) -> int:
    """Connections redis-server has from others than the redis-cli asking."""
    out = subprocess.run(["redis-cli", "-u", redis, "client", "list"], capture_output=True, text=True, check=True)
    return len(out.stdout.splitlines()) - 1


def load(base_url: str, path: str, header: str, prefix: str) -> List[httpx.Response]:
    """REQUESTS posts for USERS users, 8 at a time, each on a new connection (so the kernel
    hands them to every worker)."""

    def post(i: int) -> httpx.Response:
        with httpx.Client(base_url=base_url, timeout=30) as http:
            return http.post(path, headers={header: f"{prefix}{i % USERS}"})

    with ThreadPoolExecutor(8) as pool:
        return list(pool.map(post, range(REQUESTS)))


def assert_one_mint_per_user(mock: MockServer, responses: List[httpx.Response], prefix: str) -> None:
    assert [r.status_code for r in responses] == [200] * REQUESTS, responses[0].text
    minted = [t for t in mock.guest_tokens() if t["clientId"].startswith(prefix)]
    per_user: Dict[str, List[str]] = {}
    for t in minted:
        per_user.setdefault(t["clientId"], []).append(t["token"])
    assert {user: len(tokens) for user, tokens in per_user.items()} == {f"{prefix}{u}": 1 for u in range(USERS)}
    for i, response in enumerate(responses):
        assert response.json()["token"] == per_user[f"{prefix}{i % USERS}"][0]


def test_django_view_under_gunicorn_preload_mints_once_per_user(mock: MockServer, redis: str) -> None:
    pytest.importorskip("gunicorn")
    port = free_port()
    command = [sys.executable, "-m", "gunicorn", "--preload", "--workers", str(WORKERS), "--threads", "4"]
    command += ["--bind", f"127.0.0.1:{port}", "--no-control-socket", "django_served_app:application"]
    # Every first request of a user waits at the mock, so the workers race for it.
    mock.inject_fault(path=GUEST_TOKEN_PATH, kind="delay", ms=200, times=USERS)
    with server_process(command, port, environment(mock, redis)) as base_url:
        responses = load(base_url, "/api/guest-token", "x-session-user", "dj-")
        assert redis_clients(redis) == WORKERS  # every worker used the shared tier
    assert_one_mint_per_user(mock, responses, "dj-")


def test_fastapi_example_under_uvicorn_workers_mints_once_per_user(mock: MockServer, redis: str) -> None:
    pytest.importorskip("uvicorn")
    port = free_port()
    command = [sys.executable, "-m", "uvicorn", "fastapi_app:app", "--workers", str(WORKERS)]
    command += ["--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"]
    mock.inject_fault(path=GUEST_TOKEN_PATH, kind="delay", ms=200, times=USERS)
    with server_process(command, port, environment(mock, redis)) as base_url:
        responses = load(base_url, "/api/guest-token", "x-user-id", "fa-")
        assert redis_clients(redis) == WORKERS
    assert_one_mint_per_user(mock, responses, "fa-")
