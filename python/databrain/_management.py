"""The run-time side of the management namespaces (``databrain._namespaces``, generated):
the lists and the base every namespace class shares.

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

# No runtime import of `typing` (importing the package stays cheap: tests/test_package.py), so
# the lists are generic for type checkers only.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, AsyncIterator, Dict, Generator, Generic, Iterator, List, Mapping, Optional, TypeVar

    from ._telemetry import Telemetry

    _Item = TypeVar("_Item")

    class _Generic(Generic[_Item]):
        pass

else:
    _Item = None

    class _Generic:
        def __class_getitem__(cls, item):
            return cls


__all__ = ["AsyncList", "SyncList"]


def _split(fields: Mapping[str, Any]) -> "tuple[Dict[str, Any], Dict[str, Any]]":
    request = dict(fields)
    options: Dict[str, Any] = {key: request.pop(key) for key in ("credential", "legacy") if key in request}
    return request, options


def _call(telemetry: Optional[Telemetry], native: _native.Client, name: str, *args: Any) -> Any:
    """``native.call`` of row ``name``, watched by the client's telemetry when it is live."""
    if telemetry is not None and telemetry.live():
        return telemetry.run(name, native.call, name, *args)
    return native.call(name, *args)


async def _call_async(telemetry: Optional[Telemetry], native: _native.Client, name: str, *args: Any) -> Any:
    """``native.call_async`` of row ``name``, watched by the client's telemetry when it is live."""
    if telemetry is not None and telemetry.live():
        return await telemetry.run_async(name, native.call_async, name, *args)
    return await native.call_async(name, *args)


def _next_page(telemetry: Optional[Telemetry], pages: _native.Pages, name: str) -> Any:
    """The next page of ``pages`` (``None`` at the end), its request watched as a call of row
    ``name`` in the caller's context now; nothing is sent (nor watched) once the last page was read."""
    if pages.exhausted:
        return None
    if telemetry is not None and telemetry.live():
        return telemetry.run(name, pages.next_page)
    return pages.next_page()


async def _next_page_async(telemetry: Optional[Telemetry], pages: _native.Pages, name: str) -> Any:
    """``_next_page`` for ``AsyncList``: the span opens in the awaiting task's context."""
    if pages.exhausted:
        return None
    if telemetry is not None and telemetry.live():
        return await telemetry.run_async(name, pages.next_page_async)
    return await pages.next_page_async()


class SyncList(_Generic[_Item]):
    """Every item of a management list (iterating reads page after page); ``.page(n)`` reads
    page ``n`` (1-based) alone. The request was checked when the list was made."""

    def __init__(
        self, native: _native.Client, name: str, fields: Mapping[str, Any], telemetry: Optional[Telemetry] = None
    ) -> None:
        self._native = native
        self._name = name
        self._telemetry = telemetry
        self._request, self._options = _split(fields)
        self._pages = native.paginate(name, self._request, self._options)

    def __iter__(self) -> Iterator[_Item]:
        pages, self._pages = self._pages, self._native.paginate(self._name, self._request, self._options)
        while True:
            page: Any = _next_page(self._telemetry, pages, self._name)  # JSON items, typed as the row's model
            if page is None:
                return
            yield from page

    def pages(self) -> Iterator[List[_Item]]:
        """Page after page (lists of items) until the last."""
        pages = self._native.paginate(self._name, self._request, self._options)
        while True:
            page: Any = _next_page(self._telemetry, pages, self._name)  # JSON items, typed as the row's model
            if page is None:
                return
            yield page

    def page(self, n: int) -> List[_Item]:
        """Page ``n`` (1-based) alone: one request."""
        result: List[_Item] = _call(self._telemetry, self._native, self._name, self._request, self._options, n)
        return result


class AsyncList(_Generic[_Item]):
    """``SyncList`` for ``AsyncDatabrain``: ``async for item in ...``, ``await ...`` (every item
    as a list) or ``await ....page(n)``."""

    def __init__(
        self, native: _native.Client, name: str, fields: Mapping[str, Any], telemetry: Optional[Telemetry] = None
    ) -> None:
        self._native = native
        self._name = name
        self._telemetry = telemetry
        self._request, self._options = _split(fields)
        # Checks the request now, as the blocking list does.
        native.paginate(name, self._request, self._options)

    async def __aiter__(self) -> AsyncIterator[_Item]:
        async for page in self.pages():
            for item in page:
                yield item

    async def pages(self) -> AsyncIterator[List[_Item]]:
        """Page after page (lists of items) until the last."""
        pages = self._native.paginate(self._name, self._request, self._options)
        while True:
            page: Any = await _next_page_async(self._telemetry, pages, self._name)
            if page is None:
                return
            yield page

    async def page(self, n: int) -> List[_Item]:
        """Page ``n`` (1-based) alone: one request."""
        result: List[_Item] = await _call_async(self._telemetry, self._native, self._name, self._request, self._options, n)
        return result

    async def _all(self) -> List[_Item]:
        result: List[_Item] = await _call_async(self._telemetry, self._native, self._name, self._request, self._options)
        return result

    def __await__(self) -> Generator[Any, None, List[_Item]]:
        return self._all().__await__()


class Namespace:
    """One family of rows (``client.data_apps``); the generated subclasses add one typed method
    per row, each a call of ``_call`` / ``_call_async`` / ``_list`` / ``_alist``."""

    _family = ""

    def __init__(self, native: _native.Client, telemetry: Optional[Telemetry] = None) -> None:
        self._native = native
        self._telemetry = telemetry

    def __repr__(self) -> str:
        return f"<databrain {self._family}>"

    def _call(self, name: str, fields: Mapping[str, Any]) -> Any:
        request, options = _split(fields)
        return _call(self._telemetry, self._native, name, request, options)

    async def _call_async(self, name: str, fields: Mapping[str, Any]) -> Any:
        request, options = _split(fields)
        return await _call_async(self._telemetry, self._native, name, request, options)


def _method(name: str, attribute: str, paginated: bool, is_async: bool) -> Any:
    """One row as a method; the stub (``_namespaces.pyi``) gives its typed signature."""
    if paginated:
        cls: Any = AsyncList if is_async else SyncList

        def list_call(self: Namespace, **fields: Any) -> Any:
            return cls(self._native, name, fields, self._telemetry)

        method: Any = list_call
    elif is_async:

        async def async_call(self: Namespace, **fields: Any) -> Any:
            return await self._call_async(name, fields)

        method = async_call
    else:

        def call(self: Namespace, **fields: Any) -> Any:
            return self._call(name, fields)

        method = call
    method.__name__ = method.__qualname__ = attribute
    method.__doc__ = f"``{name}``" + (": every item, page by page (lazily)." if paginated else ".")
    return method


def _camel(family: str) -> str:
    return "".join(part.title() for part in family.split("_"))


def build(families: "tuple[str, ...]", is_async: bool) -> "tuple[Any, ...]":
    """One ``Namespace`` subclass per family (in the order given), one method per row of the
    core's table (``_native.OPERATIONS``), then the client mixin with one property per family."""
    classes = []
    for family in families:
        methods: Dict[str, Any] = {"_family": family, "__module__": "databrain._namespaces"}
        for name, _method_name, _path, paginated in _native.OPERATIONS:
            owner, row = name.split(".")
            if owner == family:
                attribute = row + "_" if row == "import" else row
                methods[attribute] = _method(name, attribute, paginated, is_async)
        prefix = "Async" if is_async else ""
        methods["__doc__"] = f"``{family}``: " + ", ".join(f"``{m.rstrip('_')}``" for m in methods if not m.startswith("_")) + "."
        classes.append(type(prefix + _camel(family), (Namespace,), methods))

    def accessor(cls: Any) -> Any:
        return property(lambda self: cls(self._native, self._telemetry), doc=cls.__doc__)

    mixin = type(
        ("Async" if is_async else "") + "Families",
        (),
        {"__module__": "databrain._namespaces", **{f: accessor(c) for f, c in zip(families, classes)}},
    )
    return (*classes, mixin)
