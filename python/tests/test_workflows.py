"""``provision_tenant`` and ``rotate_api_key`` over real HTTP against the mock: a fresh run,
a re-run after a failure injected at each step, grace periods on the mock's clock, keys kept
out of ``repr`` and errors, credentials."""

from __future__ import annotations

from datetime import timedelta
from typing import Any, Tuple

import pytest

from databrain import AsyncDatabrain, AuthenticationError, ConfigurationError, Databrain, ServerError, ValidationError
from databrain.testing import MockServer
from databrain.types import CreateDashboardEmbed, CreateEmbed

EMBED: CreateEmbed = {
    "dashboardId": "dash-sales-overview",
    "embedType": "dashboard",
    "workspaceName": "Sales",
    "name": "Acme sales",
    "accessSettings": {"datamartName": "Sales Mart"},
}
# The same embed in snake_case: accepted at run time; the stubs' TypedDicts spell camelCase.
SNAKE_CASE_EMBED: Any = {
    "dashboard_id": "dash-sales-overview",
    "embed_type": "dashboard",
    "workspace_name": "Sales",
    "name": "Acme sales",
    "access_settings": {"datamart_name": "Sales Mart"},
}


def _svc(mock: MockServer) -> Databrain:
    return Databrain(base_url=mock.url, service_token=mock.service_token, timeout=5.0)


def _census(mock: MockServer, client: Databrain) -> Tuple[int, int, int]:
    apps = [a for a in client.data_apps.list() if a["name"] == "acme"]
    keys = [k for k in client.api_tokens.list(data_app_name="acme") if k["name"] == "acme production"]
    tenant = Databrain(base_url=mock.url, api_key=keys[-1]["key"])
    return len(apps), len(keys), len(list(tenant.embeds.list()))


def test_fresh_then_rerun_reuses_everything(mock: MockServer) -> None:
    client = _svc(mock)
    made = client.provision_tenant(data_app_name="acme", key_name="acme production", embed=SNAKE_CASE_EMBED)
    assert (made.data_app.outcome, made.api_key.outcome, made.embed.outcome) == ("created",) * 3
    assert made.data_app.name == "acme" and made.embed.kind == "embed" and made.embed.name == "Acme sales"
    assert made.api_key.key not in repr(made) and "<redacted>" in repr(made)
    tenant = Databrain(base_url=mock.url, api_key=made.api_key.key)
    assert [e["embedId"] for e in tenant.embeds.list()] == [made.embed.id]

    mock.clear_requests()
    again = client.provision_tenant(data_app_name="acme", key_name="acme production", embed=EMBED)
    assert [r for r in mock.requests() if r["method"] == "POST"] == []
    assert (again.data_app.outcome, again.api_key.outcome, again.embed.outcome) == ("reused",) * 3
    assert (again.api_key.key, again.embed.id) == (made.api_key.key, made.embed.id)


@pytest.mark.parametrize(
    "step,path,done",
    [("data_app", "/api/v2/data-app", 0), ("api_key", "/api/v2/data-app/api-tokens", 1), ("embed", "/api/v2/data-app/embeds", 2)],
)
def test_rerun_after_a_lost_answer_at_each_step_duplicates_nothing(mock: MockServer, step: str, path: str, done: int) -> None:
    client = _svc(mock)
    # The create reached the mock (the thing exists) but its answer was a 500.
    mock.inject_fault(kind="status", status=500, path=path, method="POST", afterHandling=True)
    with pytest.raises(ServerError, match=f"step {step} failed") as info:
        client.provision_tenant(data_app_name="acme", key_name="acme production", embed=EMBED)
    assert info.value.status == 500
    assert ("nothing was done before" in str(info.value)) == (done == 0)
    assert sum(1 for r in mock.requests() if r["path"] == path and r["method"] == "POST") == 1, "never re-sent"
    again = client.provision_tenant(data_app_name="acme", key_name="acme production", embed=EMBED)
    outcome = {
        "data_app": again.data_app.outcome,
        "api_key": again.api_key.outcome,
        "embed": again.embed.outcome,
    }[step]
    assert outcome == "reused"
    assert _census(mock, client) == (1, 1, 1)
    assert again.api_key.key not in str(info.value)


def test_per_tenant_dashboard_embed(mock: MockServer) -> None:
    client = _svc(mock)
    spec: CreateDashboardEmbed = {
        "dashboardId": "dash-acme",
        "workspaceName": "Sales",
        "clientId": "acme",
        "templateDashboardId": "dash-tenant-template",
        "accessSettings": {"datamartName": "Sales Mart"},
    }
    made = client.provision_tenant(data_app_name="acme", dashboard_embed=spec)
    assert (made.embed.kind, made.embed.outcome, made.api_key.name) == ("dashboard_embed", "created", "Provisioned by databrain-sdk")
    again = client.provision_tenant(data_app_name="acme", dashboard_embed=spec)
    assert (again.embed.outcome, again.embed.id) == ("reused", made.embed.id)


def test_invalid_spec_names_fields_and_sends_nothing(mock: MockServer) -> None:
    client = _svc(mock)
    invalid: Any = {**SNAKE_CASE_EMBED, "embed_type": "metric", "access_settings": {}}
    with pytest.raises(ValidationError) as info:
        client.provision_tenant(data_app_name="semi;colon", embed=invalid)
    assert [path for path, _ in info.value.errors] == ["dataAppName", "embed.accessSettings.datamartName", "embed.metricId"]
    with pytest.raises(ValidationError, match="embed"):
        client.provision_tenant(data_app_name="acme")
    assert mock.requests() == []


def test_wrong_credentials_are_configuration_errors(mock: MockServer) -> None:
    with pytest.raises(ConfigurationError, match="service token"):
        Databrain(base_url=mock.url, api_key=mock.api_key).provision_tenant(data_app_name="acme", embed=EMBED)
    swapped = Databrain(base_url=mock.url, service_token=mock.api_key)
    with pytest.raises(ConfigurationError, match="needs the organisation's service token") as info:
        swapped.provision_tenant(data_app_name="acme", embed=EMBED)
    assert mock.api_key not in str(info.value)
    with pytest.raises(ConfigurationError, match="needs a data-app API key"):
        Databrain(base_url=mock.url, api_key="not-a-live-key").rotate_api_key(grace=60)
    with pytest.raises(ConfigurationError, match="credential"):
        Databrain(base_url=mock.url, api_key=mock.api_key).rotate_api_key(grace=60, credential="password")


def test_rotation_grace_on_the_mock_clock(mock: MockServer) -> None:
    client = _svc(mock)
    made = client.provision_tenant(data_app_name="acme", key_name="acme production", embed=EMBED)
    mock.clock(freeze=True)
    old = Databrain(base_url=mock.url, api_key=made.api_key.key)
    rotated = old.rotate_api_key(grace=timedelta(minutes=1))
    assert rotated.grace_seconds == 60 and rotated.key != made.api_key.key
    assert rotated.key not in repr(rotated)
    assert mock.last_request()["body"] == {"expireAt": 60}
    new = Databrain(base_url=mock.url, api_key=rotated.key)
    mock.clock(advance_seconds=59)
    list(old.embeds.list())
    list(new.embeds.list())
    mock.clock(advance_seconds=2)
    with pytest.raises(AuthenticationError):
        list(old.embeds.list())
    list(new.embeds.list())
    with pytest.raises(ValidationError, match="grace"):
        new.rotate_api_key(grace=-1)
    with pytest.raises(ValidationError, match="key"):
        client.rotate_api_key(grace=0, legacy=True)


async def test_async_client(mock: MockServer) -> None:
    client = AsyncDatabrain(base_url=mock.url, service_token=mock.service_token, timeout=5.0)
    made = await client.provision_tenant(data_app_name="acme", embed=EMBED)
    assert made.embed.outcome == "created"
    tenant = AsyncDatabrain(base_url=mock.url, api_key=made.api_key.key)
    rotated = await tenant.rotate_api_key(grace="30")
    assert rotated.grace_seconds == 30 and rotated.key not in repr(rotated)
