"""Shared fixtures: one in-process mock server for the whole run (``reset()`` before each test
that uses it) and clients pointed at it."""

from __future__ import annotations

import os
import socket
from typing import Iterator

import pytest

from databrain import AsyncDatabrain, Databrain
from databrain.testing import MockServer

# The env-configured default client must never reach the real API from a test.
for _var in ("DATABRAIN_API_KEY", "DATABRAIN_SERVICE_TOKEN", "DATABRAIN_BASE_URL"):
    os.environ.pop(_var, None)


@pytest.fixture(scope="session")
def mock_server() -> Iterator[MockServer]:
    with MockServer() as server:
        yield server


@pytest.fixture
def mock(mock_server: MockServer) -> MockServer:
    mock_server.reset()
    return mock_server


@pytest.fixture
def client(mock: MockServer) -> Iterator[Databrain]:
    with Databrain(base_url=mock.url, api_key=mock.api_key, service_token=mock.service_token, timeout=5.0) as c:
        yield c


@pytest.fixture
def aclient(mock: MockServer) -> AsyncDatabrain:
    return AsyncDatabrain(base_url=mock.url, api_key=mock.api_key, service_token=mock.service_token, timeout=5.0)


@pytest.fixture
def closed_port_url() -> str:
    """A loopback URL nothing listens on (connection refused)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}"


@pytest.fixture
def fresh_mock() -> Iterator[MockServer]:
    """A mock of its own, for tests that abandon requests (timeouts, cancellation): the
    abandoned request may still be sleeping in a delay fault, and closing this mock ends it
    instead of letting it finish during a later test."""
    with MockServer() as server:
        yield server


@pytest.fixture(scope="session")
def django_settings(mock_server: MockServer) -> None:
    """Django configured once per run (settings are process-wide) from the example project's
    settings, pointed at the mock, with its tables migrated. Shared by every Django test."""
    pytest.importorskip("django")
    import sys
    from pathlib import Path

    import django
    from django.conf import settings
    from django.core.management import call_command

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "examples"))
    from django_app import settings as example_settings

    if not settings.configured:
        values = {name: getattr(example_settings, name) for name in dir(example_settings) if name.isupper()}
        values.update(DATABRAIN_BASE_URL=mock_server.url, DATABRAIN_API_KEY=mock_server.api_key)
        settings.configure(**values)
        django.setup()
        call_command("migrate", verbosity=0, interactive=False)
