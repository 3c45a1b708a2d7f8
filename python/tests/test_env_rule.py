"""The environment rule and derived clients, over real HTTP against the mock:
``DATABRAIN_*`` fill what the caller did not give (explicit values win, ``use_env=False``
reads none), missing-credential messages speak Python, and ``with_api_key`` /
``with_service_token`` / ``tenant.client(admin)`` keep the admin client's base URL."""

from __future__ import annotations

import asyncio

import pytest

from databrain import AsyncDatabrain, AuthenticationError, ConfigurationError, Databrain
from databrain.testing import DEFAULT_DATA_APP, MockServer
from databrain.types import CreateDashboardEmbed

SPEC: CreateDashboardEmbed = {
    "dashboardId": "dash-acme",
    "workspaceName": "Sales",
    "clientId": "acme",
    "templateDashboardId": "dash-tenant-template",
    "accessSettings": {"datamartName": "Sales Mart"},
}


def test_variables_fill_what_was_not_given(mock: MockServer, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABRAIN_API_KEY", mock.api_key)
    monkeypatch.setenv("DATABRAIN_BASE_URL", mock.url)
    client = Databrain()
    assert client.base_url == mock.url.rstrip("/")
    assert client.create_guest_token(client_id="u1", data_app_name=DEFAULT_DATA_APP)
    # Explicit values win over the variables.
    explicit = Databrain(api_key="not-the-env-key")
    with pytest.raises(AuthenticationError):
        explicit.create_guest_token(client_id="u1", data_app_name=DEFAULT_DATA_APP)
    # use_env=False: nothing is read, and the message says so in Python's spelling.
    bare = Databrain(base_url=mock.url, use_env=False)
    with pytest.raises(ConfigurationError) as info:
        bare.create_guest_token(client_id="u1", data_app_name=DEFAULT_DATA_APP)
    message = str(info.value)
    assert "pass Databrain(api_key=...)" in message
    assert "reads no environment variable, so DATABRAIN_API_KEY is ignored" in message
    assert "apiKey" not in message


def test_missing_credential_message_speaks_python(mock: MockServer) -> None:
    client = Databrain(base_url=mock.url)
    with pytest.raises(ConfigurationError) as info:
        client.create_guest_token(client_id="u1", data_app_name=DEFAULT_DATA_APP)
    assert str(info.value).endswith(
        "this call needs a data-app API key: pass Databrain(api_key=...) or set DATABRAIN_API_KEY"
    )
    with pytest.raises(ConfigurationError, match=r"pass Databrain\(service_token=\.\.\.\) or set DATABRAIN_SERVICE_TOKEN"):
        list(client.data_apps.list())


def test_derived_clients_keep_everything_but_the_credential(mock: MockServer) -> None:
    admin = Databrain(base_url=mock.url, service_token=mock.service_token, timeout=5.0)
    tenant = admin.with_api_key(mock.api_key)
    assert isinstance(tenant, Databrain)
    assert tenant.base_url == admin.base_url
    assert "service_token=<set>" in repr(tenant) and mock.api_key not in repr(tenant)
    assert tenant.create_guest_token(client_id="u1", data_app_name=DEFAULT_DATA_APP)
    assert len(list(tenant.data_apps.list())) >= 1  # the service token came along
    swapped = tenant.with_service_token("another-token")
    with pytest.raises(AuthenticationError):
        list(swapped.data_apps.list())
    with pytest.raises(ConfigurationError):
        admin.with_api_key("")
    assert all(r["path"].startswith("/api/") for r in mock.requests())


def test_provisioned_tenant_client_uses_the_admin_base_url(mock: MockServer) -> None:
    admin = Databrain(base_url=mock.url, service_token=mock.service_token, timeout=5.0)
    tenant = admin.provision_tenant(data_app_name="acme", dashboard_embed=SPEC)
    client = tenant.client(admin)
    assert client.base_url == mock.url.rstrip("/")
    rotated = client.rotate_api_key(grace=60)
    assert rotated.client(admin).create_guest_token(client_id="u1", data_app_name="acme")


def test_async_derived_clients(mock: MockServer) -> None:
    async def main() -> None:
        admin = AsyncDatabrain(base_url=mock.url, service_token=mock.service_token, timeout=5.0)
        tenant = await admin.provision_tenant(data_app_name="acme", dashboard_embed=SPEC)
        client = tenant.client(admin)
        assert isinstance(client, AsyncDatabrain)
        assert await client.create_guest_token(client_id="u1", data_app_name="acme")
        assert isinstance(admin.with_service_token(mock.service_token), AsyncDatabrain)

    asyncio.run(main())


def test_a_data_app_the_key_cannot_see_hints_at_the_key_and_the_502_log_names_it(
    client: Databrain, caplog: pytest.LogCaptureFixture
) -> None:
    from databrain import NotFoundError, _serve
    from databrain.testing import DEFAULT_PORTAL_DATA_APP

    with pytest.raises(NotFoundError, match="the API key may belong to another data app"):
        client.create_guest_token(client_id="u1", data_app_name=DEFAULT_PORTAL_DATA_APP)
    with caplog.at_level("ERROR", logger="databrain"):
        reply = _serve.mint(client, {"client_id": "u1", "data_app_name": DEFAULT_PORTAL_DATA_APP})
    assert reply["status"] == 502
    assert f'data app "{DEFAULT_PORTAL_DATA_APP}"' in caplog.text
    assert DEFAULT_PORTAL_DATA_APP not in reply["body"]
