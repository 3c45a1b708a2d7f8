"""``Databrain`` (blocking) and ``AsyncDatabrain`` (asyncio): keyword arguments in, one request
dict out to the native client, which validates it in the core crate and sends it."""

from __future__ import annotations

import _thread
import os
import sys

from . import _native
from ._token import GuestToken

TYPE_CHECKING = False
if TYPE_CHECKING:
    from datetime import timedelta
    from types import TracebackType
    from typing import Any, Dict, Mapping, Optional, Type, Union

    from typing_extensions import Self

    from . import _resources as _r
    from ._native import Client as _NativeClient
    from . import _workflows as _w
    from ._telemetry import Telemetry as _Telemetry
    from .types import CreateDashboardEmbed, CreateEmbed, GuestTokenParams, Permissions

    # The generated management namespaces (databrain._namespaces.pyi), one property each.
    from ._namespaces import AsyncFamilies as _AsyncFamilies
    from ._namespaces import Families as _Families
else:

    class _LazyFamilies:
        # The generated family properties (`client.data_apps`, ...), imported on first use so
        # `import databrain` stays cheap; they are then installed on this class.
        _MIXIN = ""

        def __getattr__(self, name: str) -> object:
            from . import _namespaces

            cls = type(self)._lazy_base()
            for key, value in vars(getattr(_namespaces, cls._MIXIN)).items():
                if isinstance(value, property) and key not in vars(cls):
                    setattr(cls, key, value)
            if isinstance(vars(cls).get(name), property):
                return getattr(self, name)
            raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")

        @classmethod
        def _lazy_base(cls) -> type:
            return next(c for c in cls.__mro__ if "_MIXIN" in vars(c))

    class _Families(_LazyFamilies):
        _MIXIN = "Families"

    class _AsyncFamilies(_LazyFamilies):
        _MIXIN = "AsyncFamilies"

__all__ = ["AsyncDatabrain", "Databrain", "create_api_token", "create_guest_token"]

_LANGUAGE = "python {}.{}.{}".format(*sys.version_info[:3])
# The call table's names for the two calls of SPEC.md (telemetry's operation ids).
_GUEST_TOKEN_OPERATION: str = _native.GUEST_TOKEN_OPERATION
_API_TOKEN_OPERATION: str = _native.API_TOKEN_OPERATION
# The workflows' operation ids: one call span around every request each makes.
_PROVISION_TENANT_OPERATION: str = _native.PROVISION_TENANT_OPERATION
_ROTATE_API_KEY_OPERATION: str = _native.ROTATE_API_KEY_OPERATION


def _guest_token_request(
    client_id: object,
    data_app_name: object,
    params: object,
    permissions: object,
    expiry_time: object,
    datasource_name: object,
    extra_body: object,
) -> Dict[str, object]:
    # The keyword arguments as given (None: absent). The core maps them to the wire names and
    # checks every type, rule and message, so Python, Node and Rust report a problem alike.
    if hasattr(expiry_time, "total_seconds"):
        expiry_time = _milliseconds(expiry_time)
    return {
        "client_id": client_id,
        "data_app_name": data_app_name,
        "params": params,
        "permissions": permissions,
        "expiry_time": expiry_time,
        "datasource_name": datasource_name,
        "extra_body": extra_body,
    }


def _milliseconds(delta: Any) -> object:
    # A timedelta's exact milliseconds (integer arithmetic: no float rounding). A remainder
    # below a millisecond goes as a fraction, which the core refuses with the field's path.
    micros = (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds
    millis, rest = divmod(micros, 1000)
    return millis if rest == 0 else micros / 1000


def _api_token_request(data_app_name: object, name: object, legacy_endpoint: object, extra_body: object) -> Dict[str, object]:
    return {"data_app_name": data_app_name, "name": name, "legacy_endpoint": legacy_endpoint, "extra_body": extra_body}


class _BaseClient:
    _native: _native.Client
    _telemetry: Optional[_Telemetry]

    def __init__(
        self,
        api_key: Optional[str] = None,
        service_token: Optional[str] = None,
        base_url: Optional[str] = None,
        timeout: Optional[float] = None,
        max_retries: Optional[int] = None,
        *,
        connect_timeout: Optional[float] = None,
        max_in_flight: Optional[int] = None,
        allow_insecure_http: Optional[bool] = None,
        use_env: Optional[bool] = None,
        ca_file: Optional[Union[str, os.PathLike[str]]] = None,
        telemetry: Optional[bool] = None,
        tracer_provider: Any = None,
        meter_provider: Any = None,
        propagate: Optional[bool] = None,
        **options: Any,
    ) -> None:
        # Exactly what the caller gave (None: not given) goes to the core, which checks it,
        # applies its defaults (30 s, 2 retries, ...) and the DATABRAIN_* fallback. Extra
        # keywords go too: an unknown or misspelt option is refused there, with a suggestion.
        given: Dict[str, object] = {
            "api_key": api_key,
            "service_token": service_token,
            "base_url": base_url,
            "timeout": timeout,
            "max_retries": max_retries,
            "connect_timeout": connect_timeout,
            "max_in_flight": max_in_flight,
            "allow_insecure_http": allow_insecure_http,
            "use_env": use_env,
            # A path-like becomes its text; the core reads the PEM bundle.
            "ca_file": None if ca_file is None else os.fspath(ca_file),
        }
        given.update(options)
        self._native = _native.Client(given, language=_LANGUAGE)
        # OpenTelemetry (databrain/_telemetry.py): None when off or the API is not installed.
        from urllib.parse import urlsplit

        from ._telemetry import for_client

        host = urlsplit(self._native.base_url).hostname or ""
        self._telemetry = for_client(telemetry, tracer_provider, meter_provider, propagate, host)

    @property
    def base_url(self) -> str:
        """The base URL every path is appended to (no trailing slash)."""
        return self._native.base_url

    def with_api_key(self, api_key: str) -> Self:
        """The same client (base URL, connection pool, timeouts, retries, service token)
        authorised by another data-app API key, e.g. a tenant's new key."""
        return self._derived(self._native.derive(api_key=api_key))

    def with_service_token(self, service_token: str) -> Self:
        """The same client (base URL, connection pool, timeouts, retries, API key) authorised
        by another service token."""
        return self._derived(self._native.derive(service_token=service_token))

    def _derived(self, native: _NativeClient) -> Self:
        derived = object.__new__(type(self))
        derived._native = native
        derived._telemetry = self._telemetry  # same host, same providers and switches
        return derived

    def __repr__(self) -> str:
        # Whether each credential is set, never its value.
        native = self._native
        return (
            f"{type(self).__name__}(base_url={native.base_url!r}, "
            f"api_key={'<set>' if native.has_api_key else None}, "
            f"service_token={'<set>' if native.has_service_token else None})"
        )


class Databrain(_Families, _BaseClient):
    """Blocking client; safe to share between threads (build one per process and reuse it).

    ``None`` arguments fall back to ``DATABRAIN_API_KEY``, ``DATABRAIN_SERVICE_TOKEN`` and
    ``DATABRAIN_BASE_URL`` (``use_env=False``: none is read). ``ca_file``: a PEM bundle of CA
    certificates trusted beside the system's (a TLS-inspecting proxy's CA). ``timeout`` (seconds) applies to each attempt; ``max_retries`` is
    the number of retries after the first attempt. ``max_in_flight`` (default 256) caps the
    requests on the wire at once: further calls wait in arrival order, the wait counts against
    ``timeout``, and a call still waiting when it runs out raises ``APITimeoutError`` with
    ``attempts == 0``. Calls release the GIL while they wait.

    OpenTelemetry (with ``opentelemetry-api`` installed): a span per call and per attempt and
    the client metrics, through the global providers or ``tracer_provider``/``meter_provider``;
    ``telemetry=False`` (or ``DATABRAIN_OTEL=off``) turns it off, ``propagate=False`` keeps the
    ``traceparent`` off the wire (``databrain/_telemetry.py``).
    """

    # The families whose namespace differs between the two clients (they wrap its own methods).
    @property
    def api_tokens(self) -> _r.SyncApiTokens:
        """Data-app API keys: ``create``, ``list``, ``rotate``."""
        from . import _resources as _r

        return _r.SyncApiTokens(self)

    @property
    def guest_tokens(self) -> _r.GuestTokens:
        """``create`` = ``create_guest_token``."""
        from . import _resources as _r

        return _r.GuestTokens(self)

    def create_guest_token(
        self,
        *,
        client_id: str,
        data_app_name: str,
        params: Optional[GuestTokenParams] = None,
        permissions: Optional[Permissions] = None,
        expiry_time: Optional[Union[int, timedelta]] = None,
        datasource_name: Optional[str] = None,
        extra_body: Optional[Mapping[str, Any]] = None,
    ) -> str:
        """Mints a guest token for one end user (authorised by the data-app API key).

        ``expiry_time`` is the lifetime in milliseconds or a ``timedelta`` (``None``: never
        expires); under a minute is sent but warned about (``DatabrainWarning``), once per value.
        ``extra_body`` is deep-merged into the JSON body after validation, for fields this SDK
        does not model yet. Raises ``ValidationError`` before sending if the request is invalid.
        """
        request = _guest_token_request(
            client_id, data_app_name, params, permissions, expiry_time, datasource_name, extra_body
        )
        t = self._telemetry
        if t is not None and t.live():
            return t.run(_GUEST_TOKEN_OPERATION, self._native.create_guest_token, request)
        return self._native.create_guest_token(request)

    def mint_guest_token(
        self,
        *,
        client_id: str,
        data_app_name: str,
        params: Optional[GuestTokenParams] = None,
        permissions: Optional[Permissions] = None,
        expiry_time: Optional[Union[int, timedelta]] = None,
        datasource_name: Optional[str] = None,
        extra_body: Optional[Mapping[str, Any]] = None,
    ) -> GuestToken:
        """Like ``create_guest_token``, but returns a ``GuestToken`` with ``issued_at``,
        ``expires_at`` and ``refresh_at`` (``None`` without ``expiry_time``)."""
        request = _guest_token_request(
            client_id, data_app_name, params, permissions, expiry_time, datasource_name, extra_body
        )
        t = self._telemetry
        if t is not None and t.live():
            return GuestToken(t.run(_GUEST_TOKEN_OPERATION, self._native.mint_guest_token, request))
        return GuestToken(self._native.mint_guest_token(request))

    def create_api_token(
        self,
        *,
        data_app_name: str,
        name: str,
        legacy_endpoint: Optional[bool] = None,
        extra_body: Optional[Mapping[str, Any]] = None,
    ) -> str:
        """Creates a data-app API key (authorised by the service token) and returns it; Databrain
        shows it only once. Never retried once the request may have reached Databrain."""
        request = _api_token_request(data_app_name, name, legacy_endpoint, extra_body)
        t = self._telemetry
        if t is not None and t.live():
            return t.run(_API_TOKEN_OPERATION, self._native.create_api_token, request)
        return self._native.create_api_token(request)

    def provision_tenant(
        self,
        *,
        data_app_name: str,
        key_name: Optional[str] = None,
        embed: Optional[CreateEmbed] = None,
        dashboard_embed: Optional[CreateDashboardEmbed] = None,
    ) -> _w.ProvisionedTenant:
        """Onboards one tenant: data app -> API key -> embed (``embed``: a dashboard or metric
        embed) or per-tenant dashboard embed (``dashboard_embed``). Reuses what an earlier run
        made, so re-running after any failure duplicates nothing; each step's result says
        ``"created"`` or ``"reused"``. A failed step raises the step's error class with a
        message naming the step and what was already done. Needs the service token."""
        from . import _workflows as _w

        spec = _w.tenant_spec(data_app_name, key_name, embed, dashboard_embed)
        t = self._telemetry
        if t is not None and t.live():
            return _w.ProvisionedTenant(t.run(_PROVISION_TENANT_OPERATION, self._native.provision_tenant, spec))
        return _w.ProvisionedTenant(self._native.provision_tenant(spec))

    def rotate_api_key(
        self,
        *,
        grace: Union[float, str, timedelta],
        key: Optional[str] = None,
        legacy: Optional[bool] = None,
        credential: Optional[str] = None,
    ) -> _w.RotatedKey:
        """Rotates the client's data-app API key: the new key (``.key``, shown once) works at
        once and the old one keeps working for ``grace`` seconds. ``legacy=True`` rotates
        ``key`` with the service token (older docs). Never re-sent once it may have reached
        Databrain."""
        from . import _workflows as _w

        options = _w.call_options(legacy, credential)
        rotation = _w.rotation(grace, key)
        t = self._telemetry
        if t is not None and t.live():
            return _w.RotatedKey(t.run(_ROTATE_API_KEY_OPERATION, self._native.rotate_api_key, rotation, options))
        return _w.RotatedKey(self._native.rotate_api_key(rotation, options))

    def close(self) -> None:
        """Closes pooled connections. The client stays usable and reconnects when needed."""
        self._native.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: Optional[Type[BaseException]],
        exc: Optional[BaseException],
        tb: Optional[TracebackType],
    ) -> None:
        self.close()


class AsyncDatabrain(_AsyncFamilies, _BaseClient):
    """asyncio client: the same methods as ``Databrain``, awaitable. Cancelling a call (e.g. by
    ``asyncio.wait_for``) abandons the request. Safe to share across tasks and event loops."""

    # The families whose namespace differs between the two clients (they wrap its own methods).
    @property
    def api_tokens(self) -> _r.AsyncApiTokens:
        """Data-app API keys: ``create``, ``list``, ``rotate``."""
        from . import _resources as _r

        return _r.AsyncApiTokens(self)

    @property
    def guest_tokens(self) -> _r.AsyncGuestTokens:
        """``create`` = ``create_guest_token``."""
        from . import _resources as _r

        return _r.AsyncGuestTokens(self)

    async def create_guest_token(
        self,
        *,
        client_id: str,
        data_app_name: str,
        params: Optional[GuestTokenParams] = None,
        permissions: Optional[Permissions] = None,
        expiry_time: Optional[Union[int, timedelta]] = None,
        datasource_name: Optional[str] = None,
        extra_body: Optional[Mapping[str, Any]] = None,
    ) -> str:
        """See ``Databrain.create_guest_token``."""
        request = _guest_token_request(
            client_id, data_app_name, params, permissions, expiry_time, datasource_name, extra_body
        )
        t = self._telemetry
        if t is not None and t.live():
            return await t.run_async(_GUEST_TOKEN_OPERATION, self._native.create_guest_token_async, request)
        return await self._native.create_guest_token_async(request)

    async def mint_guest_token(
        self,
        *,
        client_id: str,
        data_app_name: str,
        params: Optional[GuestTokenParams] = None,
        permissions: Optional[Permissions] = None,
        expiry_time: Optional[Union[int, timedelta]] = None,
        datasource_name: Optional[str] = None,
        extra_body: Optional[Mapping[str, Any]] = None,
    ) -> GuestToken:
        """See ``Databrain.mint_guest_token``."""
        request = _guest_token_request(
            client_id, data_app_name, params, permissions, expiry_time, datasource_name, extra_body
        )
        t = self._telemetry
        if t is not None and t.live():
            return GuestToken(await t.run_async(_GUEST_TOKEN_OPERATION, self._native.mint_guest_token_async, request))
        return GuestToken(await self._native.mint_guest_token_async(request))

    async def create_api_token(
        self,
        *,
        data_app_name: str,
        name: str,
        legacy_endpoint: Optional[bool] = None,
        extra_body: Optional[Mapping[str, Any]] = None,
    ) -> str:
        """See ``Databrain.create_api_token``."""
        request = _api_token_request(data_app_name, name, legacy_endpoint, extra_body)
        t = self._telemetry
        if t is not None and t.live():
            return await t.run_async(_API_TOKEN_OPERATION, self._native.create_api_token_async, request)
        return await self._native.create_api_token_async(request)

    async def provision_tenant(
        self,
        *,
        data_app_name: str,
        key_name: Optional[str] = None,
        embed: Optional[CreateEmbed] = None,
        dashboard_embed: Optional[CreateDashboardEmbed] = None,
    ) -> _w.ProvisionedTenant:
        """See ``Databrain.provision_tenant``."""
        from . import _workflows as _w

        spec = _w.tenant_spec(data_app_name, key_name, embed, dashboard_embed)
        t = self._telemetry
        if t is not None and t.live():
            return _w.ProvisionedTenant(await t.run_async(_PROVISION_TENANT_OPERATION, self._native.provision_tenant_async, spec))
        return _w.ProvisionedTenant(await self._native.provision_tenant_async(spec))

    async def rotate_api_key(
        self,
        *,
        grace: Union[float, str, timedelta],
        key: Optional[str] = None,
        legacy: Optional[bool] = None,
        credential: Optional[str] = None,
    ) -> _w.RotatedKey:
        """See ``Databrain.rotate_api_key``."""
        from . import _workflows as _w

        options = _w.call_options(legacy, credential)
        rotation = _w.rotation(grace, key)
        t = self._telemetry
        if t is not None and t.live():
            return _w.RotatedKey(
                await t.run_async(_ROTATE_API_KEY_OPERATION, self._native.rotate_api_key_async, rotation, options)
            )
        return _w.RotatedKey(await self._native.rotate_api_key_async(rotation, options))

    async def close(self) -> None:
        """Closes pooled connections. The client stays usable and reconnects when needed."""
        self._native.close()

    async def aclose(self) -> None:
        """Same as ``close()``, for ``contextlib.aclosing``."""
        self._native.close()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: Optional[Type[BaseException]],
        exc: Optional[BaseException],
        tb: Optional[TracebackType],
    ) -> None:
        await self.aclose()


# The module-level functions share one env-configured client, created on first use (so
# importing the package never reads the environment or starts anything).
_default: Optional[Databrain] = None
_default_lock = _thread.allocate_lock()


def _default_client() -> Databrain:
    global _default
    client = _default
    if client is None:
        with _default_lock:
            if _default is None:
                _default = Databrain()
            client = _default
    return client


def create_guest_token(
    *,
    client_id: str,
    data_app_name: str,
    params: Optional[GuestTokenParams] = None,
    permissions: Optional[Permissions] = None,
    expiry_time: Optional[Union[int, timedelta]] = None,
    datasource_name: Optional[str] = None,
    extra_body: Optional[Mapping[str, Any]] = None,
) -> str:
    """``Databrain().create_guest_token(...)`` on a shared client configured from
    ``DATABRAIN_API_KEY`` / ``DATABRAIN_BASE_URL`` (created on first use)."""
    return _default_client().create_guest_token(
        client_id=client_id,
        data_app_name=data_app_name,
        params=params,
        permissions=permissions,
        expiry_time=expiry_time,
        datasource_name=datasource_name,
        extra_body=extra_body,
    )


def create_api_token(
    *,
    data_app_name: str,
    name: str,
    legacy_endpoint: Optional[bool] = None,
    extra_body: Optional[Mapping[str, Any]] = None,
) -> str:
    """``Databrain().create_api_token(...)`` on the shared env-configured client (see
    ``create_guest_token``; the service token comes from ``DATABRAIN_SERVICE_TOKEN``)."""
    return _default_client().create_api_token(
        data_app_name=data_app_name, name=name, legacy_endpoint=legacy_endpoint, extra_body=extra_body
    )
