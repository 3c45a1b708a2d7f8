"""The management API as namespaces: ``client.data_apps.list()``, ``client.embeds.create(...)``.

Every method is one row of the core's table (``databrain._native.OPERATIONS``): its keyword
arguments (snake_case or camelCase, ``extra_body`` on calls with a body) go to the core as given,
which checks them (raising ``ValidationError`` before anything is sent), sends the call and checks
the answer. Two keywords are options of the call rather than request fields:
``credential="apiKey" | "serviceToken"`` (authorise with this credential instead of the
documented one) and ``legacy=True`` (the row's legacy form).

Lists read lazily, one page per request, until a short page: iterate them for every item
(``async for`` on ``AsyncDatabrain``), or ask for one page with ``.page(n)``.
"""

from __future__ import annotations

from . import _native

# No runtime import of `typing` (importing the package stays cheap: tests/test_package.py).
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, AsyncIterator, Dict, Generator, Iterator, List, Optional, Type

    from ._client import AsyncDatabrain, Databrain

    Item = Dict[str, Any]

__all__ = ["AsyncList", "SyncList"]


# name -> paginated, from the core.
_PAGINATED: Dict[str, bool] = {name: paginated for name, _method, _path, paginated in _native.OPERATIONS}


def _split(fields: Dict[str, Any]) -> "tuple[Dict[str, Any], Dict[str, Any]]":
    options: Dict[str, Any] = {key: fields.pop(key) for key in ("credential", "legacy") if key in fields}
    return fields, options


class SyncList:
    """Every item of a management list (iterating reads page after page); ``.page(n)`` reads
    page ``n`` (1-based) alone. The request was checked when the list was made."""

    def __init__(self, native: _native.Client, name: str, request: Dict[str, Any], options: Dict[str, Any]) -> None:
        self._native = native
        self._name = name
        self._request = request
        self._options = options
        self._pages = native.paginate(name, request, options)

    def __iter__(self) -> Iterator[Item]:
        pages, self._pages = self._pages, self._native.paginate(self._name, self._request, self._options)
        while True:
            page = pages.next_page()
            if page is None:
                return
            yield from page

    def pages(self) -> Iterator[List[Item]]:
        """Page after page (lists of items) until the last."""
        pages = self._native.paginate(self._name, self._request, self._options)
        while True:
            page = pages.next_page()
            if page is None:
                return
            yield page

    def page(self, n: int) -> List[Item]:
        """Page ``n`` (1-based) alone: one request."""
        result: List[Item] = self._native.call(self._name, self._request, self._options, n)
        return result


class AsyncList:
    """``SyncList`` for ``AsyncDatabrain``: ``async for item in ...``, ``await ...`` (every item
    as a list) or ``await ....page(n)``."""

    def __init__(self, native: _native.Client, name: str, request: Dict[str, Any], options: Dict[str, Any]) -> None:
        self._native = native
        self._name = name
        self._request = request
        self._options = options
        # Checks the request now, as the blocking list does.
        native.paginate(name, request, options)

    async def __aiter__(self) -> AsyncIterator[Item]:
        async for page in self.pages():
            for item in page:
                yield item

    async def pages(self) -> AsyncIterator[List[Item]]:
        """Page after page (lists of items) until the last."""
        pages = self._native.paginate(self._name, self._request, self._options)
        while True:
            page = await pages.next_page_async()
            if page is None:
                return
            yield page

    async def page(self, n: int) -> List[Item]:
        """Page ``n`` (1-based) alone: one request."""
        result: List[Item] = await self._native.call_async(self._name, self._request, self._options, n)
        return result

    async def _all(self) -> List[Item]:
        result: List[Item] = await self._native.call_async(self._name, self._request, self._options)
        return result

    def __await__(self) -> Generator[Any, None, List[Item]]:
        return self._all().__await__()


class _Op:
    """One row as a method of a namespace; the row's name is ``<namespace>.<attribute>``
    (``import_`` is ``import``). Whether it is a list comes from the core's table."""

    def __set_name__(self, owner: type, attribute: str) -> None:
        self._attribute = attribute.rstrip("_")

    def __get__(self, obj: Optional["_Namespace"], owner: Type[Any]) -> Any:
        if obj is None:
            return self
        name = f"{obj._family}.{self._attribute}"
        native = obj._native
        if _PAGINATED.get(name, False):
            cls: Any = AsyncList if obj._async else SyncList

            def list_call(**fields: Any) -> Any:
                request, options = _split(fields)
                return cls(native, name, request, options)

            list_call.__name__ = self._attribute
            return list_call
        if obj._async:

            async def async_call(**fields: Any) -> Any:
                request, options = _split(fields)
                return await native.call_async(name, request, options)

            async_call.__name__ = self._attribute
            return async_call

        def call(**fields: Any) -> Any:
            request, options = _split(fields)
            return native.call(name, request, options)

        call.__name__ = self._attribute
        return call


def _call() -> _Op:
    return _Op()


_list = _call


class _Namespace:
    _family = ""

    def __init__(self, native: _native.Client, is_async: bool) -> None:
        self._native = native
        self._async = is_async

    def __repr__(self) -> str:
        return f"<databrain {self._family}>"


class DataApps(_Namespace):
    """Data apps (service token)."""

    _family = "data_apps"
    list = _list()
    create = _call()
    rename = _call()
    delete = _call()


class ApiTokens(_Namespace):
    """Data-app API keys: ``create`` (= ``create_api_token``; returns the key), ``list``,
    ``rotate``."""

    _family = "api_tokens"
    list = _list()
    rotate = _call()


class Embeds(_Namespace):
    """Embeds (data-app API key)."""

    _family = "embeds"
    create = _call()
    update = _call()
    list = _list()
    delete = _call()
    rename = _call()
    export = _call()
    create_dashboard_embed = _call()
    list_reports = _list()


class Dashboards(_Namespace):
    """Dashboards of the data app (API key), export and import (service token)."""

    _family = "dashboards"
    list = _list()
    export = _call()
    import_ = _call()


class Metrics(_Namespace):
    """Metrics of an embed, and metric queries (API key)."""

    _family = "metrics"
    list = _list()
    query = _call()


class Workspaces(_Namespace):
    """Workspaces (service token)."""

    _family = "workspaces"
    list = _list()
    create = _call()
    update = _call()
    delete = _call()
    list_dashboards = _list()
    list_metrics = _list()


class Datamarts(_Namespace):
    """Datamarts (service token)."""

    _family = "datamarts"
    create = _call()
    update = _call()
    list = _list()
    delete = _call()


NAMESPACES: "tuple[type[_Namespace], ...]" = (DataApps, ApiTokens, Embeds, Dashboards, Metrics, Workspaces, Datamarts)


def _exposed() -> List[str]:
    """Every row name the namespaces expose (the suite checks it equals the core's table)."""
    return [
        f"{ns._family}.{attr.rstrip('_')}"
        for ns in NAMESPACES
        for attr, value in vars(ns).items()
        if isinstance(value, _Op)
    ]


class SyncApiTokens(ApiTokens):
    """``ApiTokens`` of ``Databrain``, with ``create`` (= ``Databrain.create_api_token``)."""

    def __init__(self, client: "Databrain") -> None:
        super().__init__(client._native, False)
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


class AsyncApiTokens(ApiTokens):
    """``ApiTokens`` of ``AsyncDatabrain``, with ``create`` (= ``AsyncDatabrain.create_api_token``)."""

    def __init__(self, client: "AsyncDatabrain") -> None:
        super().__init__(client._native, True)
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

    def __init__(self, client: "Databrain") -> None:
        self._client = client

    def create(self, **request: Any) -> str:
        """See ``Databrain.create_guest_token``."""
        return self._client.create_guest_token(**request)


class AsyncGuestTokens:
    """``client.guest_tokens.create(...)`` = ``await client.create_guest_token(...)``."""

    def __init__(self, client: "AsyncDatabrain") -> None:
        self._client = client

    async def create(self, **request: Any) -> str:
        """See ``AsyncDatabrain.create_guest_token``."""
        return await self._client.create_guest_token(**request)
