"""Results of the core's workflows, ``provision_tenant`` and ``rotate_api_key``.

Plain classes (no dataclasses: importing the package stays cheap) whose ``repr`` never shows a
key: the new key is an attribute, read it once and store it.
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Dict, Mapping, Optional, TypeVar

    from ._client import _BaseClient

    _Client = TypeVar("_Client", bound=_BaseClient)

__all__ = ["ProvisionedDataApp", "ProvisionedEmbed", "ProvisionedKey", "ProvisionedTenant", "RotatedKey"]


class ProvisionedDataApp:
    """The tenant's data app; ``outcome`` is ``"created"`` or ``"reused"``."""

    __slots__ = ("name", "outcome")

    def __init__(self, record: Mapping[str, Any]) -> None:
        self.name: str = record["name"]
        self.outcome: str = record["outcome"]

    def __repr__(self) -> str:
        return f"ProvisionedDataApp(name={self.name!r}, outcome={self.outcome!r})"


class ProvisionedKey:
    """The tenant's API key: ``key`` is the value (never in ``repr``), ``name`` its label."""

    __slots__ = ("key", "name", "outcome")

    def __init__(self, record: Mapping[str, Any]) -> None:
        self.name: str = record["name"]
        self.key: str = record["key"]
        self.outcome: str = record["outcome"]

    def __repr__(self) -> str:
        return f"ProvisionedKey(name={self.name!r}, key=<redacted>, outcome={self.outcome!r})"


class ProvisionedEmbed:
    """The tenant's embed; ``kind`` is ``"embed"`` or ``"dashboard_embed"``."""

    __slots__ = ("id", "kind", "name", "outcome")

    def __init__(self, record: Mapping[str, Any]) -> None:
        self.id: str = record["id"]
        self.name: Optional[str] = record.get("name")
        self.kind: str = record["kind"]
        self.outcome: str = record["outcome"]

    def __repr__(self) -> str:
        return (
            f"ProvisionedEmbed(id={self.id!r}, name={self.name!r}, kind={self.kind!r}, outcome={self.outcome!r})"
        )


class ProvisionedTenant:
    """What ``provision_tenant`` made or reused, step by step."""

    __slots__ = ("api_key", "data_app", "embed")

    def __init__(self, record: Mapping[str, Any]) -> None:
        self.data_app = ProvisionedDataApp(record["dataApp"])
        self.api_key = ProvisionedKey(record["apiKey"])
        self.embed = ProvisionedEmbed(record["embed"])

    def client(self, admin: _Client) -> _Client:
        """``admin.with_api_key(self.api_key.key)``: a client authorised by the tenant's key that
        keeps ``admin``'s base URL, connection pool and settings."""
        return admin.with_api_key(self.api_key.key)

    def __repr__(self) -> str:
        return f"ProvisionedTenant(data_app={self.data_app!r}, api_key={self.api_key!r}, embed={self.embed!r})"


class RotatedKey:
    """A rotated key: ``key`` is the new one (shown once, never in ``repr``); the old one keeps
    working for ``grace_seconds``."""

    __slots__ = ("grace_seconds", "key")

    def __init__(self, record: Mapping[str, Any]) -> None:
        self.key: str = record["key"]
        self.grace_seconds: float = record["graceSeconds"]

    def client(self, admin: _Client) -> _Client:
        """``admin.with_api_key(self.key)``: a client authorised by the new key that keeps
        ``admin``'s base URL, connection pool and settings."""
        return admin.with_api_key(self.key)

    def __repr__(self) -> str:
        return f"RotatedKey(key=<redacted>, grace_seconds={self.grace_seconds!r})"


def tenant_spec(
    data_app_name: object, key_name: object, embed: object, dashboard_embed: object
) -> Dict[str, object]:
    """The keyword arguments as the core's loose spec (``None``: not given)."""
    return {"dataAppName": data_app_name, "keyName": key_name, "embed": embed, "dashboardEmbed": dashboard_embed}


def rotation(grace: object, key: object) -> Dict[str, object]:
    """``{grace, key}``; a ``timedelta`` becomes its seconds."""
    seconds = getattr(grace, "total_seconds", None)
    return {"grace": seconds() if callable(seconds) else grace, "key": key}


def call_options(legacy: object, credential: object) -> Dict[str, object]:
    return {"legacy": legacy, "credential": credential}
