"""Test helpers: the bundled Databrain mock server, run in-process on 127.0.0.1.

    from databrain import Databrain
    from databrain.testing import MockServer

    with MockServer() as mock:
        client = Databrain(base_url=mock.url, api_key=mock.api_key)
        token = client.create_guest_token(client_id="u1", data_app_name="sales-dashboard")
        assert mock.requests()[-1]["body"] == {"clientId": "u1", "dataAppName": "sales-dashboard"}

The mock implements Databrain's guest-token and API-token endpoints with the real server's
validation and error codes, records every request (credentials redacted), and misbehaves on
demand (``inject_fault``). It runs on its own thread and never needs the GIL, so blocking
clients in the same process work. The default seed has the data apps ``sales-dashboard``
(API key ``DEFAULT_API_KEY``) and ``Customer Portal Analytics`` (``DEFAULT_PORTAL_API_KEY``)
and one service token (``DEFAULT_SERVICE_TOKEN``).
"""

from __future__ import annotations

from . import _native

TYPE_CHECKING = False
if TYPE_CHECKING:
    from types import TracebackType
    from typing import Any, Dict, List, Mapping, Optional, Type

    from typing_extensions import Self

__all__ = [
    "DEFAULT_API_KEY",
    "DEFAULT_DATA_APP",
    "DEFAULT_PORTAL_API_KEY",
    "DEFAULT_PORTAL_DATA_APP",
    "DEFAULT_SERVICE_TOKEN",
    "GUEST_TOKEN_PATH",
    "API_TOKENS_PATH",
    "LEGACY_API_TOKENS_PATH",
    "MockServer",
]

# The mock's default seed and the API paths, from the native module (the mock crate and the
# core's endpoint table): never typed twice.
DEFAULT_API_KEY = _native.MOCK_API_KEY
DEFAULT_PORTAL_API_KEY = _native.MOCK_PORTAL_API_KEY
DEFAULT_SERVICE_TOKEN = _native.MOCK_SERVICE_TOKEN
DEFAULT_DATA_APP = _native.MOCK_DATA_APP
DEFAULT_PORTAL_DATA_APP = _native.MOCK_PORTAL_DATA_APP

GUEST_TOKEN_PATH = _native.GUEST_TOKEN_PATH
API_TOKENS_PATH = _native.API_TOKENS_PATH
LEGACY_API_TOKENS_PATH = _native.LEGACY_API_TOKENS_PATH


class MockServer:
    """A running mock Databrain API. Use as a context manager, or call ``close()``.

    ``seed`` is the mock's JSON seed as a dict (``{"serviceTokens": [...], "dataApps":
    [{"name": ..., "apiKeys": [...]}], "rateLimit": {"perSecond": ..., "burst": ...}}``);
    ``None`` is the default seed. ``port`` 0 picks a free port.
    """

    def __init__(self, seed: Optional[Mapping[str, Any]] = None, *, port: int = 0) -> None:
        self._server = _native.MockServer(None if seed is None else dict(seed), port)

    @property
    def url(self) -> str:
        """Base URL, ``http://127.0.0.1:PORT``: pass it as ``base_url``."""
        return self._server.url

    @property
    def api_key(self) -> str:
        """The first data app's API key (authorises guest tokens)."""
        return self._server.api_key

    @property
    def service_token(self) -> str:
        """The seed's first service token (authorises API-token creation)."""
        return self._server.service_token

    @property
    def closed(self) -> bool:
        return self._server.closed

    def requests(self) -> List[Dict[str, Any]]:
        """Recorded API requests, oldest first: dicts with ``method``, ``path``, ``query``,
        ``headers`` (lower-case names, credentials redacted), ``auth`` (which kind of credential
        was used: ``"apiKey:<data app>"``, ``"serviceToken"``, ``"unknown"`` or ``None``),
        ``body`` (parsed JSON or ``None``) and ``rawBody``."""
        return self._server.requests()

    def last_request(self) -> Dict[str, Any]:
        """The most recent recorded request; ``LookupError`` if there is none."""
        recorded = self._server.requests()
        if not recorded:
            raise LookupError("the mock has received no API request")
        return recorded[-1]

    def clear_requests(self) -> None:
        self._server.clear_requests()

    def request_count(self, path: str) -> int:
        """Exact number of API requests received on ``path`` (faulted ones included)."""
        return self._server.request_count(path)

    def inject_fault(self, fault: Optional[Mapping[str, Any]] = None, /, **kwargs: Any) -> None:
        """Queues a fault for the next matching requests, as a dict or keyword arguments in the
        mock's JSON form, e.g. ``inject_fault(kind="status", status=429, retryAfter="1",
        path=GUEST_TOKEN_PATH, times=2)``. Kinds: ``status`` (``status``, ``code``,
        ``message``, ``retryAfter``), ``delay`` (``ms``), ``drop``, ``html`` (``status``),
        ``malformedJson`` (``status``), ``oversized`` (``bytes``), ``missingToken``, ``empty``
        (``status``). ``retry_after`` is accepted for ``retryAfter``. ``method="POST"`` faults
        only that method; ``afterHandling=True`` applies the fault after the call was handled
        (the state changes, the answer is lost: a create that reached Databrain)."""
        spec: Dict[str, Any] = dict(fault or {})
        spec.update(kwargs)
        if "retry_after" in spec:
            spec["retryAfter"] = spec.pop("retry_after")
        self._server.inject_fault(spec)

    def pending_faults(self) -> List[Dict[str, Any]]:
        return self._server.pending_faults()

    def clear_faults(self) -> None:
        self._server.clear_faults()

    def guest_tokens(self) -> List[Dict[str, Any]]:
        """Guest tokens issued, oldest first (``token``, ``clientId``, ``dataAppName``, ``body``,
        ``expiresAtMs``)."""
        return self._server.guest_tokens()

    def clock(
        self, *, advance_seconds: Optional[float] = None, freeze: Optional[bool] = None
    ) -> Dict[str, Any]:
        """The mock's controllable clock (``POST /__mock/clock``), which key grace periods and
        guest-token expiry run on: ``freeze`` stops (or restarts) it, ``advance_seconds`` moves
        it on. Returns ``{"nowMs", "now", "frozen"}``; ``reset()`` restores it."""
        import json
        import urllib.request

        change: Dict[str, Any] = {}
        if freeze is not None:
            change["freeze"] = freeze
        if advance_seconds is not None:
            change["advanceMs"] = int(advance_seconds * 1000)
        request = urllib.request.Request(
            self.url + "/__mock/clock",
            data=json.dumps(change).encode(),
            headers={"content-type": "application/json"},
            method="POST",
        )
        with urllib.request.urlopen(request, timeout=5) as answer:
            state: Dict[str, Any] = json.loads(answer.read())
        return state

    def reset(self) -> None:
        """Back to the seed: no created keys or tokens, no recorded requests, no faults."""
        self._server.reset()

    def close(self) -> None:
        """Stops the server (idempotent)."""
        self._server.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: Optional[Type[BaseException]],
        exc: Optional[BaseException],
        tb: Optional[TracebackType],
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"MockServer(url={self.url!r})"


if __name__ == "__main__":
    # `python -m databrain.testing`: serve the mock until interrupted (see `_mock_cli`).
    import sys

    from databrain._mock_cli import main

    sys.exit(main())
