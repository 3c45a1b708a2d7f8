"""The management API as namespaces: ``client.data_apps.list()``, ``client.embeds.create(...)``.

The namespace classes are generated (``databrain._namespaces``); this module adds what is not
one row: ``api_tokens.create`` and ``guest_tokens.create``.

How each method reads its arguments, the two call options (``credential``, ``legacy``) and how
lists page are described once, in ``databrain._management``.
"""

from __future__ import annotations

from ._management import AsyncList, SyncList
from ._namespaces import ASYNC_NAMESPACES, NAMESPACES, ApiTokens, AsyncApiTokens as _AsyncApiTokensCalls

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Awaitable, Callable, Dict, List, Optional, Protocol

    from . import _native
    from ._telemetry import Telemetry

    # What these namespaces use of the client that owns them, as protocols: `Databrain` and
    # `AsyncDatabrain` (databrain._client) match them, and this module never imports that
    # one, which imports this one for the properties that build the namespaces.

    class _Client(Protocol):
        """What ``SyncApiTokens`` and ``GuestTokens`` use of a ``Databrain``."""

        _native: _native.Client
        _telemetry: Optional[Telemetry]

        @property
        def create_guest_token(self) -> Callable[..., str]: ...

        @property
        def create_api_token(self) -> Callable[..., str]: ...

    class _AsyncClient(Protocol):
        """What ``AsyncApiTokens`` and ``AsyncGuestTokens`` use of an ``AsyncDatabrain``."""

        _native: _native.Client
        _telemetry: Optional[Telemetry]

        @property
        def create_guest_token(self) -> Callable[..., Awaitable[str]]: ...

        @property
        def create_api_token(self) -> Callable[..., Awaitable[str]]: ...

__all__ = ["AsyncList", "SyncList"]


def _exposed() -> List[str]:
    """Every row name the namespaces expose, blocking and async alike (the suite checks it
    equals the core's table)."""
    names = set()
    for namespaces in (NAMESPACES, ASYNC_NAMESPACES):
        names |= {
            f"{ns._family}.{attr.rstrip('_')}"
            for ns in namespaces
            for attr, value in vars(ns).items()
            if callable(value) and not attr.startswith("_")
        }
    return sorted(names)


class SyncApiTokens(ApiTokens):
    """``ApiTokens`` of ``Databrain``, with ``create`` (= ``Databrain.create_api_token``)."""

    def __init__(self, client: _Client) -> None:
        super().__init__(client._native, client._telemetry)
        self._client = client

    def create(
        self,
        *,
        data_app_name: str,
        name: str,
        legacy_endpoint: Optional[bool] = None,
        extra_body: Optional[Dict[str, Any]] = None,
    ) -> str:
        """Creates a data-app API key and returns it (see ``Databrain.create_api_token``)."""
        return self._client.create_api_token(
            data_app_name=data_app_name, name=name, legacy_endpoint=legacy_endpoint, extra_body=extra_body
        )


class AsyncApiTokens(_AsyncApiTokensCalls):
    """``ApiTokens`` of ``AsyncDatabrain``, with ``create`` (= ``AsyncDatabrain.create_api_token``)."""

    def __init__(self, client: _AsyncClient) -> None:
        super().__init__(client._native, client._telemetry)
        self._client = client

    async def create(
        self,
        *,
        data_app_name: str,
        name: str,
        legacy_endpoint: Optional[bool] = None,
        extra_body: Optional[Dict[str, Any]] = None,
    ) -> str:
        """See ``SyncApiTokens.create``."""
        return await self._client.create_api_token(
            data_app_name=data_app_name, name=name, legacy_endpoint=legacy_endpoint, extra_body=extra_body
        )


class GuestTokens:
    """``client.guest_tokens.create(...)`` = ``client.create_guest_token(...)``."""

    def __init__(self, client: _Client) -> None:
        self._client = client

    def create(self, **request: Any) -> str:
        """See ``Databrain.create_guest_token``."""
        return self._client.create_guest_token(**request)


class AsyncGuestTokens:
    """``client.guest_tokens.create(...)`` = ``await client.create_guest_token(...)``."""

    def __init__(self, client: _AsyncClient) -> None:
        self._client = client

    async def create(self, **request: Any) -> str:
        """See ``AsyncDatabrain.create_guest_token``."""
        return await self._client.create_guest_token(**request)
