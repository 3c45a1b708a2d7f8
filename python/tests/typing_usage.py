"""Checked by mypy (python/run-tests.sh), never run: the public API as users type it. Lines
marked `type: ignore[...]` must be errors (mypy's warn_unused_ignores proves they are)."""

from __future__ import annotations

import asyncio
from typing import List, Optional, Tuple

import databrain
from databrain import (
    APIConnectionError,
    AsyncDatabrain,
    Databrain,
    DatabrainError,
    RateLimitError,
    ValidationError,
)
from databrain.testing import MockServer
from databrain.types import AppFilter, DashboardAppFilter, ErrorCode, GuestTokenParams, Permissions

app_filter: AppFilter = {"metricId": "m1", "values": {"country": "USA", "amount": 500, "active": True}}
dashboard_filter: DashboardAppFilter = {
    "dashboardId": "d1",
    "values": {"period": {"startDate": "2024-01-01", "endDate": "2024-03-23"}, "revenue": {"min": 1, "max": 2}},
    "isShowOnUrl": False,
}
params: GuestTokenParams = {
    "appFilters": [app_filter],
    "dashboardAppFilters": [dashboard_filter],
    "hideDashboardFilters": ["country"],
    "userIdentifier": "me",
    "rlsSettings": [{"values": {"org": "acme"}}],
    "allowedEmbeds": ["e1"],
    "timezone": "UTC",
}
permissions: Permissions = {"isShowSideBar": False, "isEnableDownloadMetrics": True}


def sync_usage(mock: MockServer) -> str:
    with Databrain(base_url=mock.url, api_key=mock.api_key, timeout=5, max_retries=0) as client:
        token: str = client.create_guest_token(
            client_id="u1",
            data_app_name="sales-dashboard",
            params=params,
            permissions=permissions,
            expiry_time=3_600_000,
            datasource_name=None,
            extra_body={"theme": {"dark": True}},
        )
        key: str = client.create_api_token(data_app_name="sales-dashboard", name="k", legacy_endpoint=False)
        return token + key + client.base_url


async def async_usage() -> List[str]:
    async with AsyncDatabrain() as client:
        return list(
            await asyncio.gather(
                client.create_guest_token(client_id="u1", data_app_name="sales-dashboard"),
                client.create_api_token(data_app_name="sales-dashboard", name="k"),
            )
        )


def module_level() -> str:
    return databrain.create_guest_token(client_id="u1", data_app_name="sales-dashboard") + databrain.create_api_token(
        data_app_name="sales-dashboard", name="k"
    )


def errors() -> Tuple[Optional[float], List[Tuple[str, str]], Optional[int], str]:
    code: ErrorCode = "RATE_LIMIT_EXCEEDED"
    try:
        module_level()
    except RateLimitError as err:
        return err.retry_after, [], err.status, err.code
    except ValidationError as err:
        return None, err.errors, err.status, err.message
    except APIConnectionError as err:
        return None, [], None, err.request_id or ""
    except DatabrainError as err:
        return None, [], err.status, err.code or code
    return None, [], None, code


def mock_usage() -> None:
    with MockServer({"serviceTokens": ["t"], "dataApps": [{"name": "a", "apiKeys": ["k"]}]}) as mock:
        mock.inject_fault(kind="status", status=429, retryAfter="1")
        mock.inject_fault({"kind": "delay", "ms": 10}, times=2)
        count: int = mock.request_count("/api/v2/guest-token/create")
        first = mock.requests()[0]["body"]
        print(count, first, mock.guest_tokens(), mock.pending_faults())
        mock.clear_faults()
        mock.reset()


def mistakes(client: Databrain) -> None:
    client.create_guest_token("u1", "sales-dashboard")  # type: ignore[call-arg]
    client.create_guest_token(client_id="u1")  # type: ignore[call-arg]
    client.create_guest_token(client_id="u1", data_app_name="a", expiry_time="1h")  # type: ignore[arg-type]
    client.create_guest_token(client_id="u1", data_app_name="a", permissions={"isShowSidebar": True})  # type: ignore[arg-type]
    typo: Permissions = {"isShowSidebar": True}  # type: ignore[typeddict-unknown-key]
    no_metric: AppFilter = {"values": {}}  # type: ignore[typeddict-item]
    bad_value: AppFilter = {"metricId": "m", "values": {"x": object()}}  # type: ignore[dict-item]
    bad_permission: Permissions = {"isShowSideBar": "no"}  # type: ignore[typeddict-item]
    bad_code: ErrorCode = "NOT_A_CODE"  # type: ignore[assignment]
    Databrain(timeout="5")  # type: ignore[arg-type]
    print(bad_permission, bad_code, typo, no_metric, bad_value)
