"""The package surface: module-level functions, environment defaults, import cost, laziness."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

import databrain
from databrain import ConfigurationError, Databrain
from databrain.testing import API_TOKENS_PATH, GUEST_TOKEN_PATH, MockServer


@pytest.fixture
def env(mock: MockServer, monkeypatch: pytest.MonkeyPatch) -> MockServer:
    monkeypatch.setenv("DATABRAIN_API_KEY", mock.api_key)
    monkeypatch.setenv("DATABRAIN_SERVICE_TOKEN", mock.service_token)
    monkeypatch.setenv("DATABRAIN_BASE_URL", mock.url)
    monkeypatch.setattr(databrain._client, "_default", None)
    return mock


def test_module_level_functions_use_the_environment(env: MockServer) -> None:
    token = databrain.create_guest_token(client_id="u1", data_app_name="sales-dashboard", expiry_time=1000)
    assert env.last_request()["body"] == {"clientId": "u1", "dataAppName": "sales-dashboard", "expiryTime": 1000}
    assert token in {t["token"] for t in env.guest_tokens()}
    assert databrain.create_api_token(data_app_name="sales-dashboard", name="k")
    assert env.request_count(API_TOKENS_PATH) == 1
    # One shared client, created once.
    first = databrain._client._default
    databrain.create_guest_token(client_id="u2", data_app_name="sales-dashboard")
    assert databrain._client._default is first is not None


def test_constructor_defaults_come_from_the_environment(env: MockServer) -> None:
    client = Databrain()
    assert client.base_url == env.url
    assert "api_key=<set>" in repr(client) and "service_token=<set>" in repr(client)
    client.create_guest_token(client_id="u", data_app_name="sales-dashboard")
    # Explicit arguments win over the environment.
    explicit = Databrain(api_key="explicit-key")
    with pytest.raises(databrain.AuthenticationError):
        explicit.create_guest_token(client_id="u", data_app_name="sales-dashboard")
    assert env.request_count(GUEST_TOKEN_PATH) == 2


def test_no_environment_means_production_url_and_no_credentials(monkeypatch: pytest.MonkeyPatch) -> None:
    for var in ("DATABRAIN_API_KEY", "DATABRAIN_SERVICE_TOKEN", "DATABRAIN_BASE_URL"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("DATABRAIN_API_KEY", "")  # empty counts as unset
    client = Databrain()
    assert client.base_url == databrain.DEFAULT_BASE_URL == "https://api.usedatabrain.com"
    assert repr(client) == "Databrain(base_url='https://api.usedatabrain.com', api_key=None, service_token=None)"
    with pytest.raises(ConfigurationError, match="DATABRAIN_API_KEY"):
        client.create_guest_token(client_id="u", data_app_name="sales-dashboard")


def test_public_names() -> None:
    for name in databrain.__all__:
        assert hasattr(databrain, name), name
    assert databrain.__version__.count(".") == 2


def _python(code: str) -> str:
    result = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, timeout=60, check=True
    )
    return result.stdout


def test_import_is_cheap_and_lazy() -> None:
    out = _python(
        """
        import os, sys
        before = set(sys.modules)
        import databrain
        heavy = {
            "asyncio", "typing", "threading", "json", "datetime", "enum", "dataclasses",
            "databrain.types", "databrain.testing", "databrain._management", "databrain._namespaces",
        } & set(sys.modules)
        print(sorted(heavy - before), len(os.listdir("/proc/self/task")) if os.path.exists("/proc/self/task") else 1)
        """
    )
    # Nothing heavy imported, and no runtime thread started at import. (How long the import
    # takes is measured by ./scripts/bench, cold-start rows, against a 15 ms budget.)
    assert out.split("]")[0] + "]" == "[]", out
    assert out.split()[-1] == "1", out
