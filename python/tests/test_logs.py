"""The core's log records reach Python's ``logging`` (logger ``databrain``): one record per
attempt (method, path, status, duration, request id), one per retry (reason and wait), over real
HTTP against the mock, and never a credential, token or request body."""

from __future__ import annotations

import logging

import pytest

from databrain import Databrain, _native
from databrain.testing import DEFAULT_DATA_APP, GUEST_TOKEN_PATH, MockServer


def test_attempts_and_retries_are_logged_without_secrets(mock: MockServer, caplog: pytest.LogCaptureFixture) -> None:
    client = Databrain(base_url=mock.url, api_key=mock.api_key, timeout=5.0)
    mock.inject_fault(kind="status", status=500, code="INTERNAL_SERVER_ERROR", path=GUEST_TOKEN_PATH, times=1)
    with caplog.at_level(logging.DEBUG, logger="databrain"):
        _native.reset_log_cache()
        token = client.create_guest_token(client_id="user-secret-body", data_app_name=DEFAULT_DATA_APP)
    _native.reset_log_cache()
    records = [r for r in caplog.records if r.name.startswith("databrain")]
    messages = [r.getMessage() for r in records]
    attempts = [m for m in messages if f"POST {GUEST_TOKEN_PATH} -> " in m]
    assert len(attempts) == 2, messages
    assert "-> 500 in " in attempts[0] and "attempt 1" in attempts[0] and "request " in attempts[0]
    assert "-> 200 in " in attempts[1] and "attempt 2" in attempts[1]
    assert any("retry 1 in " in m for m in messages), messages
    for m in messages:
        assert mock.api_key not in m and token not in m and "user-secret-body" not in m, m


def test_nothing_is_logged_below_the_configured_level(mock: MockServer, caplog: pytest.LogCaptureFixture) -> None:
    client = Databrain(base_url=mock.url, api_key=mock.api_key, timeout=5.0)
    with caplog.at_level(logging.WARNING, logger="databrain"):
        _native.reset_log_cache()
        client.create_guest_token(client_id="u1", data_app_name=DEFAULT_DATA_APP)
    assert not [r for r in caplog.records if r.name.startswith("databrain") and r.levelno < logging.WARNING]
