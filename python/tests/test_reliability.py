"""Reliability and security under stress, through the Python binding (issue 7): the fault matrix
with time bounds and request counts, hostile input, load and memory, process lifecycle, and
credentials that never leak.

What the other files already cover is not repeated here: the contract vectors' classes and
attempts (test_vectors.py), one-fault error classes (test_errors.py), 16 threads and 1,000
concurrent calls (test_processes.py, test_async.py), fork after use and Ctrl-C
(test_processes.py), JSON-shaped property tests (test_properties.py).
"""

from __future__ import annotations

import asyncio
import collections.abc
import datetime
import decimal
import fractions
import gc
import json
import logging
import os
import pickle
import re
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import threading
import time
import traceback
import uuid
import warnings
from collections import OrderedDict, defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from typing import Any, Callable, Dict, Iterator, List, Optional, Tuple, Type

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from databrain import (
    APIConnectionError,
    APIResponseValidationError,
    APITimeoutError,
    AsyncDatabrain,
    ConfigurationError,
    Databrain,
    DatabrainError,
    RateLimitError,
    ServerError,
)
from databrain.testing import API_TOKENS_PATH, GUEST_TOKEN_PATH, LEGACY_API_TOKENS_PATH, MockServer

APP = "sales-dashboard"
CHILD = Path(__file__).resolve().parent / "reliability" / "reliability_child.py"
VECTORS = Path(os.environ.get("DATABRAIN_VECTORS_DIR", Path(__file__).resolve().parents[2] / "tests" / "vectors"))
needs_fork = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork")
needs_proc = pytest.mark.skipif(not Path("/proc/self/statm").exists(), reason="reads /proc")


def time_bound(retries: int, timeout: float, waits: float = 0.0) -> float:
    """The longest a call may take: every attempt may use the whole timeout, every retry may
    wait the largest backoff, min(0.5 s * 2^i, 8 s) (or the Retry-After it was sent, `waits`
    in total), plus 1 s of slack for a loaded machine."""
    backoff = sum(min(0.5 * (1 << i), 8.0) for i in range(retries))
    return timeout * (retries + 1) + backoff + waits + 1.0


def _call(mode: str, endpoint: str, mock: MockServer, *, retries: int, timeout: float, **request: Any) -> str:
    """One call through Databrain (sync) or AsyncDatabrain (its own asyncio.run)."""
    kwargs: Dict[str, Any] = dict(
        base_url=mock.url, api_key=mock.api_key, service_token=mock.service_token, max_retries=retries, timeout=timeout
    )
    if endpoint == "guest":
        request = {"client_id": "user-1", "data_app_name": APP, **request}
    else:
        request = {"data_app_name": APP, "name": "reliability key", **request}
    if mode == "sync":
        client = Databrain(**kwargs)
        method: Callable[..., Any] = client.create_guest_token if endpoint == "guest" else client.create_api_token
        return str(method(**request))
    aclient = AsyncDatabrain(**kwargs)
    amethod: Callable[..., Any] = aclient.create_guest_token if endpoint == "guest" else aclient.create_api_token
    return str(asyncio.run(amethod(**request)))


@pytest.fixture(params=["sync", "async"])
def mode(request: pytest.FixtureRequest) -> str:
    return str(request.param)


# --- fault matrix -------------------------------------------------------------------------


@dataclass(frozen=True)
class FaultCase:
    name: str
    endpoint: str  # "guest" | "api"
    faults: Tuple[Dict[str, Any], ...]
    retries: int
    error: Optional[Type[DatabrainError]]  # None: the call succeeds
    code: Optional[str] = None
    status: Optional[int] = None
    attempts: int = 1
    timeout: float = 2.0
    retry_after: Any = "unchecked"  # RateLimitError.retry_after when checked
    waits: float = 0.0  # Retry-After seconds the client is told to wait, in total
    min_seconds: float = 0.0
    remaining: Optional[int] = None  # faults left queued afterwards (nothing retried into them)


def _fault(kind: str, times: int = 1, **kw: Any) -> Dict[str, Any]:
    return {"kind": kind, "times": times, **kw}


_STORM = 10
# What responses.json already pins (429 storm with Retry-After 0, Retry-After beyond the cap,
# one 500/503/HTML/malformed/oversized/missing-token answer, one dropped connection, one hang)
# is checked for time below; these are the faults and budgets it leaves out. Every API-token
# fault that may have reached Databrain is queued _STORM times with retries to spare: a retry
# would meet the next one and show in the count.
FAULT_MATRIX = [
    # guest tokens: retried on 429, 5xx, resets and timeouts, never on a bad 2xx body
    FaultCase("guest 429 without Retry-After, then success (backoff)", "guest",
              (_fault("status", status=429, code="RATE_LIMIT_EXCEEDED"),), 2, None, attempts=2),
    FaultCase("guest 429 storm without Retry-After", "guest",
              (_fault("status", _STORM, status=429, code="RATE_LIMIT_EXCEEDED"),), 1,
              RateLimitError, "RATE_LIMIT_EXCEEDED", 429, attempts=2, retry_after=None),
    FaultCase("guest 429 Retry-After 0.4 is waited out", "guest",
              (_fault("status", status=429, code="RATE_LIMIT_EXCEEDED", retryAfter="0.4"),), 1, None,
              attempts=2, waits=0.4, min_seconds=0.35),
    FaultCase("guest 429 storm with Retry-After 0.1", "guest",
              (_fault("status", _STORM, status=429, code="RATE_LIMIT_EXCEEDED", retryAfter="0.1"),), 2,
              RateLimitError, "RATE_LIMIT_EXCEEDED", 429, attempts=3, retry_after=0.1, waits=0.2, min_seconds=0.15),
    FaultCase("guest 500 storm", "guest", (_fault("status", _STORM, status=500),), 1,
              ServerError, "INTERNAL_SERVER_ERROR", 500, attempts=2),
    FaultCase("guest 502 storm", "guest", (_fault("status", _STORM, status=502),), 1,
              ServerError, "INTERNAL_SERVER_ERROR", 502, attempts=2),
    FaultCase("guest 503 storm", "guest", (_fault("status", _STORM, status=503),), 1,
              ServerError, "INTERNAL_SERVER_ERROR", 503, attempts=2),
    FaultCase("guest 502 once, then success", "guest", (_fault("status", status=502),), 2, None, attempts=2),
    FaultCase("guest HTML 502 page once, then success", "guest", (_fault("html", status=502),), 1, None, attempts=2),
    FaultCase("guest malformed JSON 500 storm", "guest", (_fault("malformedJson", _STORM, status=500),), 1,
              ServerError, None, 500, attempts=2),
    FaultCase("guest reset connection storm", "guest", (_fault("drop", _STORM),), 1,
              APIConnectionError, "CONNECTION_ERROR", None, attempts=2),
    FaultCase("guest hang on every attempt", "guest", (_fault("delay", _STORM, ms=3000),), 1,
              APITimeoutError, "TIMEOUT", None, attempts=2, timeout=0.25, min_seconds=0.45),
    FaultCase("guest HTML page with 200 is not retried", "guest", (_fault("html", _STORM, status=200),), 2,
              APIResponseValidationError, "DECODE_ERROR", 200, attempts=1, remaining=_STORM - 1),
    FaultCase("guest empty 200 is not retried", "guest", (_fault("empty", _STORM, status=200),), 2,
              APIResponseValidationError, "DECODE_ERROR", 200, attempts=1, remaining=_STORM - 1),
    # API tokens: only 429 (Databrain did not act) is retried; nothing else is ever re-sent
    FaultCase("api 429 storm", "api", (_fault("status", _STORM, status=429, code="RATE_LIMIT_EXCEEDED", retryAfter="0"),), 2,
              RateLimitError, "RATE_LIMIT_EXCEEDED", 429, attempts=3, retry_after=0.0, remaining=_STORM - 3),
    FaultCase("api 429 without Retry-After, then success", "api",
              (_fault("status", status=429, code="RATE_LIMIT_EXCEEDED"),), 2, None, attempts=2),
    FaultCase("api 500 never re-sent", "api", (_fault("status", _STORM, status=500),), 3,
              ServerError, "INTERNAL_SERVER_ERROR", 500, remaining=_STORM - 1),
    FaultCase("api 502 never re-sent", "api", (_fault("status", _STORM, status=502),), 3,
              ServerError, "INTERNAL_SERVER_ERROR", 502, remaining=_STORM - 1),
    FaultCase("api 503 never re-sent", "api", (_fault("status", _STORM, status=503),), 3,
              ServerError, "INTERNAL_SERVER_ERROR", 503, remaining=_STORM - 1),
    FaultCase("api HTML 502 never re-sent", "api", (_fault("html", _STORM, status=502),), 3,
              ServerError, "API_ERROR", 502, remaining=_STORM - 1),
    FaultCase("api empty 503 never re-sent", "api", (_fault("empty", _STORM, status=503),), 3,
              ServerError, "API_ERROR", 503, remaining=_STORM - 1),
    FaultCase("api reset connection never re-sent", "api", (_fault("drop", _STORM),), 3,
              APIConnectionError, "CONNECTION_ERROR", None, remaining=_STORM - 1),
    FaultCase("api hang past the timeout never re-sent", "api", (_fault("delay", _STORM, ms=3000),), 3,
              APITimeoutError, "TIMEOUT", None, timeout=0.25, min_seconds=0.2, remaining=_STORM - 1),
    FaultCase("api HTML page with 200", "api", (_fault("html", _STORM, status=200),), 3,
              APIResponseValidationError, "DECODE_ERROR", 200, remaining=_STORM - 1),
    FaultCase("api malformed JSON with 200", "api", (_fault("malformedJson", _STORM, status=200),), 3,
              APIResponseValidationError, "DECODE_ERROR", 200, remaining=_STORM - 1),
    FaultCase("api 200 without a token", "api", (_fault("missingToken", _STORM),), 3,
              APIResponseValidationError, "DECODE_ERROR", 200, remaining=_STORM - 1),
    FaultCase("api empty 200", "api", (_fault("empty", _STORM, status=200),), 3,
              APIResponseValidationError, "DECODE_ERROR", 200, remaining=_STORM - 1),
    FaultCase("api oversized body", "api", (_fault("oversized", _STORM, bytes=2 << 20),), 3,
              APIResponseValidationError, "DECODE_ERROR", 200, remaining=_STORM - 1),
]  # fmt: skip


def _pending(mock: MockServer) -> int:
    return sum(int(f.get("times", 1)) for f in mock.pending_faults())


@pytest.mark.parametrize("case", [pytest.param(c, id=c.name) for c in FAULT_MATRIX])
def test_fault_matrix(case: FaultCase, mode: str) -> None:
    # A mock per case: a hanging request is ended by closing it, not left for a later test.
    with MockServer() as mock:
        path = GUEST_TOKEN_PATH if case.endpoint == "guest" else API_TOKENS_PATH
        for fault in case.faults:
            mock.inject_fault(fault, path=path)
        error: Optional[DatabrainError] = None
        started = time.monotonic()
        try:
            token = _call(mode, case.endpoint, mock, retries=case.retries, timeout=case.timeout)
        except DatabrainError as exc:
            error = exc
        elapsed = time.monotonic() - started

        bound = time_bound(case.retries, case.timeout, case.waits)
        assert case.min_seconds <= elapsed <= bound, f"took {elapsed:.2f} s, expected {case.min_seconds}..{bound:.2f} s"
        assert mock.request_count(path) == case.attempts, "attempts that reached the mock"
        if case.error is None:
            assert error is None, repr(error)
            uuid.UUID(token)
        else:
            assert type(error) is case.error, repr(error)
            assert error.status == case.status, repr(error)
            if case.code is not None:
                assert error.code == case.code, repr(error)
            if case.retry_after != "unchecked":
                assert isinstance(error, RateLimitError) and error.retry_after == case.retry_after
        if case.remaining is not None:
            assert _pending(mock) == case.remaining, mock.pending_faults()
        if case.endpoint == "api" and case.faults[0].get("status") != 429:
            # The key may have been created: sending again could mint a second one.
            assert mock.request_count(API_TOKENS_PATH) == 1


@pytest.mark.parametrize("kind", ["drop", "status-500", "delay", "html-502", "malformedJson"])
def test_api_token_creation_is_never_sent_twice_even_with_a_large_retry_budget(kind: str, mode: str) -> None:
    fault = {"drop": _fault("drop", 50), "status-500": _fault("status", 50, status=500),
             "delay": _fault("delay", 50, ms=2000), "html-502": _fault("html", 50, status=502),
             "malformedJson": _fault("malformedJson", 50, status=200)}[kind]  # fmt: skip
    with MockServer() as mock:
        mock.inject_fault(fault, path=API_TOKENS_PATH)
        mock.inject_fault(fault, path=LEGACY_API_TOKENS_PATH)
        for legacy in (False, True):
            with pytest.raises(DatabrainError):
                _call(mode, "api", mock, retries=20, timeout=0.2, legacy_endpoint=legacy)
        assert mock.request_count(API_TOKENS_PATH) == 1
        assert mock.request_count(LEGACY_API_TOKENS_PATH) == 1


# --- the shared response vectors, with a time bound ------------------------------------------


def _response_cases() -> List[Any]:
    path = VECTORS / "responses.json"
    if not path.exists():
        return [pytest.param(None, marks=pytest.mark.skip(reason=f"{path} not found"))]
    return [pytest.param(c, id=c["name"]) for c in json.loads(path.read_text(encoding="utf-8"))["cases"]]


@pytest.mark.parametrize("case", _response_cases())
def test_response_vector_ends_within_its_time_bound(case: Dict[str, Any], mode: str) -> None:
    """test_vectors.py checks each case's outcome; this checks how long it may take."""
    retries = int(case.get("maxRetries", 2))
    timeout = case.get("timeoutMs", 5000) / 1000
    with MockServer() as mock:
        for fault in case.get("faults", []):
            mock.inject_fault(fault)
        endpoint = "guest" if case["endpoint"] == "guestToken" else "api"
        loose = case.get("request", {})
        request = {re.sub(r"(?<!^)(?=[A-Z])", "_", k).lower(): v for k, v in loose.items()}
        kwargs: Dict[str, Any] = dict(
            base_url=mock.url,
            api_key=case.get("apiKey", mock.api_key),
            service_token=case.get("serviceToken", mock.service_token),
            max_retries=retries,
            timeout=timeout,
        )
        if endpoint == "guest":
            request = {"client_id": "user-1", "data_app_name": APP, **request}
        else:
            request = {"data_app_name": APP, "name": "vector key", **request}
        sync, aclient = Databrain(**kwargs), AsyncDatabrain(**kwargs)
        started = time.monotonic()
        try:
            if mode == "sync":
                (sync.create_guest_token if endpoint == "guest" else sync.create_api_token)(**request)
            else:
                asyncio.run((aclient.create_guest_token if endpoint == "guest" else aclient.create_api_token)(**request))
            outcome: Any = None
        except DatabrainError as exc:
            outcome = type(exc).__name__
        elapsed = time.monotonic() - started
    bound = time_bound(retries, timeout)
    assert elapsed <= bound, f"took {elapsed:.2f} s, bound {bound:.2f} s"
    expect = case["expect"]
    assert outcome == (None if expect.get("ok") else _CLASS_BY_KIND[expect["kind"]])


# Error kind -> class name, from the vector every suite walks.
_CLASS_BY_KIND = {
    row["kind"]: row["class"]
    for row in json.loads((VECTORS / "error_kinds.json").read_text())["kinds"]
}


# --- hostile input -----------------------------------------------------------------------


class Opaque:
    pass


class RaisingRepr:
    def __repr__(self) -> str:
        raise RuntimeError("repr exploded")

    __str__ = __repr__


class HostileKey:
    """Hashable (so it can be a dict key) but every other dunder raises."""

    def __hash__(self) -> int:
        return id(self)

    def __eq__(self, other: object) -> bool:
        if other is self:
            return True
        raise RuntimeError("eq exploded")

    def __repr__(self) -> str:
        raise RuntimeError("repr exploded")

    __str__ = __repr__


class BadInt(int):
    def __index__(self) -> int:
        raise RuntimeError("index exploded")

    def __int__(self) -> int:
        raise RuntimeError("int exploded")

    def __repr__(self) -> str:
        raise RuntimeError("repr exploded")


class BadFloat(float):
    def __float__(self) -> float:
        raise RuntimeError("float exploded")

    def __repr__(self) -> str:
        raise RuntimeError("repr exploded")


class BadStr(str):
    def __str__(self) -> str:
        raise RuntimeError("str exploded")

    def __repr__(self) -> str:
        raise RuntimeError("repr exploded")


class BadDict(Dict[Any, Any]):
    def __iter__(self) -> Any:
        raise RuntimeError("iter exploded")

    def __len__(self) -> int:
        raise RuntimeError("len exploded")

    def __getitem__(self, key: Any) -> Any:
        raise RuntimeError("getitem exploded")

    def items(self) -> Any:
        raise RuntimeError("items exploded")

    def keys(self) -> Any:
        raise RuntimeError("keys exploded")


class BadList(List[Any]):
    def __iter__(self) -> Any:
        raise RuntimeError("iter exploded")

    def __len__(self) -> int:
        raise RuntimeError("len exploded")

    def __getitem__(self, index: Any) -> Any:
        raise RuntimeError("getitem exploded")


class BadTuple(Tuple[Any, ...]):
    def __iter__(self) -> Any:
        raise RuntimeError("iter exploded")

    def __len__(self) -> int:
        raise RuntimeError("len exploded")


class BadBool:
    def __bool__(self) -> bool:
        raise RuntimeError("bool exploded")


class BadMapping(collections.abc.Mapping[str, Any]):
    def __getitem__(self, key: str) -> Any:
        raise RuntimeError("getitem exploded")

    def __iter__(self) -> Iterator[str]:
        raise RuntimeError("iter exploded")

    def __len__(self) -> int:
        raise RuntimeError("len exploded")


class Booby:
    """Every attribute lookup raises."""

    def __getattribute__(self, name: str) -> Any:
        raise RuntimeError(f"getattribute {name} exploded")


class ExplodingMeta(type):
    @property
    def __name__(cls) -> str:  # type: ignore[override]
        raise RuntimeError("type name exploded")


class NamelessType(metaclass=ExplodingMeta):
    pass


def _cyclic_dict(inner: Any) -> Dict[str, Any]:
    d: Dict[str, Any] = {"v": inner}
    d["self"] = d
    return d


def _cyclic_list(inner: Any) -> List[Any]:
    xs: List[Any] = [inner]
    xs.append(xs)
    return xs


def _mutual(inner: Any) -> Dict[str, Any]:
    a: Dict[str, Any] = {"v": inner}
    b: List[Any] = [a]
    a["b"] = b
    return a


def _deep(depth: int) -> Any:
    value: Any = "leaf"
    for i in range(depth):
        value = [value] if i % 2 else {"k": value}
    return value


def _generator() -> Iterator[int]:
    yield 1


# Factories, not values: hypothesis prints its strategies, and some of these cannot be printed.
_WEIRD: Tuple[Callable[[], Any], ...] = (
    lambda: float("nan"),
    lambda: float("inf"),
    lambda: -float("inf"),
    lambda: -0.0,
    lambda: 5e-324,
    lambda: 2**63,
    lambda: 2**64,
    lambda: -(2**63) - 1,
    lambda: 10**5000,
    lambda: "\ud800",
    lambda: "a\udfffb",
    lambda: "\x00\r\nX-Injected: 1",
    lambda: b"bytes",
    lambda: bytearray(b"ba"),
    lambda: memoryview(b"mv"),
    lambda: 1 + 2j,
    lambda: decimal.Decimal("NaN"),
    lambda: decimal.Decimal("1.5"),
    lambda: fractions.Fraction(1, 3),
    lambda: datetime.date(2024, 1, 1),
    lambda: datetime.datetime(2024, 1, 1, tzinfo=datetime.timezone.utc),
    lambda: uuid.UUID(int=1),
    lambda: range(3),
    lambda: frozenset({1}),
    lambda: {1, 2},
    lambda: int,
    lambda: NamelessType,
    lambda: len,
    lambda: (lambda: None),
    lambda: Ellipsis,
    lambda: NotImplemented,
    lambda: sys,
    lambda: ValueError("an exception as a value"),
)
_weird_scalars = st.integers(0, len(_WEIRD) - 1).map(lambda i: _WEIRD[i]())
_OBJECTS: Tuple[Callable[[], Any], ...] = (Opaque, RaisingRepr, HostileKey, BadBool, Booby, NamelessType, BadMapping)
_weird_objects = st.integers(0, len(_OBJECTS) - 1).map(lambda i: _OBJECTS[i]())
_subclassed = st.one_of(
    st.integers(-5, 5).map(BadInt),
    st.floats(allow_nan=True).map(BadFloat),
    st.text(max_size=5).map(BadStr),
    st.builds(lambda: iter([1, 2])),
    st.builds(_generator),
)
_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),
    st.text(max_size=20),
    st.binary(max_size=4),
    _weird_scalars,
    _weird_objects,
    _subclassed,
)
_keys = st.one_of(
    st.text(max_size=6),
    st.integers(),
    st.none(),
    st.tuples(st.integers()),
    st.binary(max_size=2),
    st.builds(HostileKey),
    st.text(max_size=3).map(BadStr),
    st.integers(0, 3).map(lambda i: ("\ud800", 1.5, True)[i] if i < 3 else 10**5000),
)


def _containers(inner: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.one_of(
        st.lists(inner, max_size=4),
        st.tuples(inner, inner),
        st.dictionaries(_keys, inner, max_size=4),
        st.dictionaries(st.text(max_size=4), inner, max_size=3).map(OrderedDict),
        st.dictionaries(st.text(max_size=4), inner, max_size=3).map(lambda d: defaultdict(list, d)),
        st.dictionaries(st.text(max_size=4), inner, max_size=3).map(BadDict),
        st.lists(inner, max_size=3).map(BadList),
        st.lists(inner, max_size=3).map(lambda xs: BadTuple(xs)),
        # Cycles hold only scalars: a cycle reachable from inside another multiplies the paths
        # the binding walks (the known bug of test_a_cycle_that_branches_is_refused_promptly).
        st.builds(_cyclic_dict, _scalars),
        st.builds(_cyclic_list, _scalars),
        st.builds(_mutual, _scalars),
    )


hostile = st.recursive(_scalars, _containers, max_leaves=12) | st.integers(60, 3000).map(_deep)


def _maybe(valid: Any) -> st.SearchStrategy[Any]:
    return st.one_of(st.just(valid), hostile)


GUEST_VALID: Dict[str, Any] = {"client_id": "user-1", "data_app_name": APP}
API_VALID: Dict[str, Any] = {"data_app_name": APP, "name": "hostile key"}

_guest_fields: Dict[str, st.SearchStrategy[Any]] = {
    "client_id": _maybe("user-1"),
    "data_app_name": _maybe(APP),
    "params": st.one_of(
        st.none(),
        hostile,
        st.fixed_dictionaries(
            {"appFilters": st.lists(st.fixed_dictionaries({"metricId": _maybe("m"), "values": hostile}), max_size=2)}
        ),
        st.fixed_dictionaries({"rlsSettings": st.lists(st.fixed_dictionaries({"values": hostile}), max_size=2)}),
        st.fixed_dictionaries({"dashboardAppFilters": hostile, "timezone": hostile}),
    ),
    "permissions": st.one_of(st.none(), hostile, st.dictionaries(st.sampled_from(["isShowSideBar", "isEnableManageMetrics"]), hostile)),
    "expiry_time": st.one_of(st.none(), st.integers(), hostile),
    "datasource_name": st.one_of(st.none(), hostile),
    "extra_body": st.one_of(st.none(), hostile, st.dictionaries(st.text(max_size=5), hostile, max_size=3)),
}
_api_fields: Dict[str, st.SearchStrategy[Any]] = {
    "data_app_name": _maybe(APP),
    "name": _maybe("hostile key"),
    "legacy_endpoint": st.one_of(st.booleans(), hostile),
    "extra_body": st.one_of(st.none(), hostile),
}


def _one_field(valid: Dict[str, Any], fields: Dict[str, st.SearchStrategy[Any]]) -> st.SearchStrategy[Dict[str, Any]]:
    """A valid request with a single field replaced, so each field's handling is reached
    (with every field hostile at once, the first bad one usually decides the outcome)."""
    names = sorted(fields)
    return st.integers(0, len(names) - 1).flatmap(lambda i: fields[names[i]].map(lambda v: {**valid, names[i]: v}))


guest_kwargs = st.one_of(st.fixed_dictionaries(_guest_fields), _one_field(GUEST_VALID, _guest_fields))
api_kwargs = st.one_of(st.fixed_dictionaries(_api_fields), _one_field(API_VALID, _api_fields))


@dataclass
class HostileEnv:
    mock: MockServer
    sync: Databrain
    aclient: AsyncDatabrain
    outcomes: collections.Counter[str] = field(default_factory=collections.Counter)


@pytest.fixture(scope="module")
def hostile_env() -> Iterator[HostileEnv]:
    with MockServer() as mock:
        kwargs: Dict[str, Any] = dict(
            base_url=mock.url, api_key=mock.api_key, service_token=mock.service_token, max_retries=0, timeout=5.0
        )
        yield HostileEnv(mock, Databrain(**kwargs), AsyncDatabrain(**kwargs))


def _survives(env: HostileEnv, call: Callable[[], Any]) -> None:
    """The call returns a token or raises DatabrainError / TypeError; anything else (a
    PanicException, a SystemError, the user object's own RuntimeError leaking out) fails."""
    try:
        token = call()
    except (DatabrainError, TypeError) as exc:
        # The error itself must be usable: printable, and (for ours) picklable.
        str(exc)
        repr(exc)
        if isinstance(exc, DatabrainError):
            pickle.loads(pickle.dumps(exc))
        env.outcomes[type(exc).__name__] += 1
        return
    except BaseException as exc:  # noqa: BLE001 - exactly what must not happen
        raise AssertionError(f"{type(exc).__module__}.{type(exc).__name__} escaped: {exc}") from exc
    assert isinstance(token, str) and token
    env.outcomes["ok"] += 1


HOSTILE_SETTINGS = settings(
    max_examples=250,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example],
)


@HOSTILE_SETTINGS
@given(kwargs=guest_kwargs)
def test_hostile_values_into_create_guest_token(hostile_env: HostileEnv, kwargs: Dict[str, Any]) -> None:
    env = hostile_env
    _survives(env, lambda: env.sync.create_guest_token(**kwargs))
    _survives(env, lambda: asyncio.run(env.aclient.create_guest_token(**kwargs)))


@HOSTILE_SETTINGS
@given(kwargs=api_kwargs)
def test_hostile_values_into_create_api_token(hostile_env: HostileEnv, kwargs: Dict[str, Any]) -> None:
    env = hostile_env
    _survives(env, lambda: env.sync.create_api_token(**kwargs))
    _survives(env, lambda: asyncio.run(env.aclient.create_api_token(**kwargs)))


def test_hostile_batch_left_the_client_and_mock_healthy(hostile_env: HostileEnv) -> None:
    env = hostile_env
    if not env.outcomes:
        pytest.skip("runs after the two hostile-value tests")
    # Both hostile tests ran first (module order) and exercised more than one outcome.
    assert sum(env.outcomes.values()) >= 300, env.outcomes
    assert env.outcomes["ValidationError"] > 0 and len(env.outcomes) >= 2, env.outcomes
    print(dict(env.outcomes))
    assert env.sync.create_guest_token(client_id="after", data_app_name=APP)
    assert asyncio.run(env.aclient.create_api_token(data_app_name=APP, name="after"))


def _is_own_exception(exc: BaseException) -> bool:
    """An exception raised by one of the hostile objects above (its __bool__, __float__, ...):
    the caller's own, passed through untouched."""
    return isinstance(exc, RuntimeError) and str(exc).endswith("exploded")


@HOSTILE_SETTINGS
@given(
    api_key=st.one_of(st.none(), st.just("k"), hostile),
    service_token=st.one_of(st.none(), hostile),
    base_url=st.one_of(st.none(), hostile),
    timeout=st.one_of(st.just(5.0), st.floats(), st.integers(), hostile),
    max_retries=st.one_of(st.just(0), st.integers(), hostile),
    connect_timeout=st.one_of(st.none(), st.floats(), hostile),
    allow_insecure_http=st.one_of(st.booleans(), hostile),
)
def test_hostile_values_into_the_constructor(
    api_key: Any, service_token: Any, base_url: Any, timeout: Any, max_retries: Any, connect_timeout: Any, allow_insecure_http: Any
) -> None:
    for cls in (Databrain, AsyncDatabrain):
        try:
            cls(
                api_key=api_key,
                service_token=service_token,
                base_url=base_url,
                timeout=timeout,
                max_retries=max_retries,
                connect_timeout=connect_timeout,
                allow_insecure_http=allow_insecure_http,
            )
        except (DatabrainError, TypeError) as exc:
            str(exc)
        except OverflowError:
            # Known bug, pinned by test_max_retries_beyond_64_bits_is_a_configuration_error.
            assert isinstance(max_retries, int) and not -(2**63) <= max_retries < 2**63
        except BaseException as exc:  # noqa: BLE001
            if not _is_own_exception(exc):
                raise AssertionError(f"{type(exc).__module__}.{type(exc).__name__} escaped: {exc}") from exc


@pytest.mark.parametrize(
    "kwargs",
    [{"timeout": 1e300}, {"timeout": 1e20}, {"connect_timeout": 1e300}, {"max_retries": 2**40}, {"max_retries": 2**63 - 1}],
)
def test_numbers_too_large_for_the_core_are_configuration_errors(kwargs: Dict[str, Any]) -> None:
    # (The Node binding aborts the process on a timeout too large for a Duration: see
    # reliability.test.mjs.)
    with pytest.raises(ConfigurationError):
        Databrain(api_key="k", **kwargs)


@pytest.mark.parametrize("value", [2**63, 2**64, -(2**63) - 1])
def test_max_retries_beyond_64_bits_is_a_configuration_error(value: int) -> None:
    try:
        Databrain(api_key="k", max_retries=value)
    except BaseException as exc:  # noqa: BLE001
        assert isinstance(exc, (ConfigurationError, TypeError)), f"{type(exc).__name__}: {exc}"
    else:
        pytest.fail("accepted")


_BRANCHING_CYCLE = """
import sys
from databrain import Databrain, ValidationError
client = Databrain(base_url="http://127.0.0.1:9", api_key="k")
node = {}
node["a"] = node
node["b"] = node
try:
    client.create_guest_token(client_id="u", data_app_name="sales-dashboard", extra_body=node)
except ValidationError:
    print("refused")
"""


def test_a_cycle_that_branches_is_refused_promptly() -> None:
    try:
        result = subprocess.run(
            [sys.executable, "-c", _BRANCHING_CYCLE], capture_output=True, text=True, timeout=5, check=False
        )
    except subprocess.TimeoutExpired:
        pytest.fail("still converting after 5 s (killed)")
    assert result.stdout.strip() == "refused", result.stdout + result.stderr


def test_dict_changed_during_conversion_is_an_error_not_a_panic(client: Databrain, mock: MockServer) -> None:
    body: Dict[Any, Any] = {}

    class GrowingKey:
        def __repr__(self) -> str:
            body[f"added-{len(body)}"] = 1
            return "GrowingKey()"

    body[GrowingKey()] = 1
    caught: Optional[BaseException] = None
    try:
        client.create_guest_token(client_id="u", data_app_name=APP, extra_body=body)
    except BaseException as exc:  # noqa: BLE001 - the panic is a BaseException
        caught = exc
    assert client.create_guest_token(client_id="u", data_app_name=APP), "the client still works"
    assert isinstance(caught, (DatabrainError, TypeError)), f"{type(caught).__module__}.{type(caught).__name__}: {caught}"
    assert mock.request_count(GUEST_TOKEN_PATH) == 1


# --- load ----------------------------------------------------------------------------------


@needs_proc
def test_load_10k_asyncio_calls_and_64_threads_then_memory_returns(fresh_mock: MockServer) -> None:
    """10,000 concurrent asyncio calls, then 64 threads x 50 blocking calls, in a fresh
    interpreter (the mock stays here), after a warm-up of the same size: all succeed, nothing
    deadlocks (hard timeout), and once the pools are closed the sockets are gone and RSS is back
    within 50 MB of the warm-up's."""
    mock = fresh_mock
    result = subprocess.run(
        [sys.executable, str(CHILD), "load", mock.url, mock.api_key],
        capture_output=True,
        text=True,
        timeout=150,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    out = json.loads(result.stdout.strip().splitlines()[-1])
    assert out["asyncio_unique"] == 10_000
    assert out["threads_unique"] == out["threads_expected"] == 64 * 50
    # Warm-up and load; a connection that stalled in the backlog may add a retried attempt.
    assert mock.request_count(GUEST_TOKEN_PATH) >= 2 * (10_000 + 64 * 50)
    base, after = out["baseline"], out["after"]
    assert after["fds"] <= out["fds_start"] + 16, f"sockets left open after close(): {out}"
    assert after["rss"] - base["rss"] < 50, f"RSS grew by {after['rss'] - base['rss']:.1f} MB: {out}"
    print(
        f"asyncio 10k: {out['asyncio_seconds']:.1f} s, threads: {out['threads_seconds']:.1f} s, "
        f"RSS {base['rss']:.0f} -> {after['rss']:.0f} MB (untrimmed {base['raw']:.0f} -> {after['raw']:.0f} MB)"
    )


# --- process lifecycle ---------------------------------------------------------------------


def test_one_async_client_on_two_event_loops_in_two_threads_at_once(mock: MockServer) -> None:
    aclient = AsyncDatabrain(base_url=mock.url, api_key=mock.api_key, timeout=5.0)
    mock.inject_fault(kind="delay", ms=50, path=GUEST_TOKEN_PATH, times=40)

    def on_own_loop(tag: str) -> List[str]:
        async def main() -> List[str]:
            calls = (aclient.create_guest_token(client_id=f"{tag}-{i}", data_app_name=APP) for i in range(100))
            return list(await asyncio.gather(*calls))

        return asyncio.run(main())

    with ThreadPoolExecutor(2) as pool:
        futures = [pool.submit(on_own_loop, tag) for tag in ("a", "b")]
        results = [f.result(timeout=30) for f in futures]
    issued = {t["clientId"]: t["token"] for t in mock.guest_tokens()}
    for tag, tokens in zip(("a", "b"), results):
        assert tokens == [issued[f"{tag}-{i}"] for i in range(100)], "each loop got its own answers"
    # And afterwards, on the main thread's own loop.
    assert asyncio.run(aclient.create_guest_token(client_id="main", data_app_name=APP))


def test_a_call_left_on_a_closed_loop_does_not_break_the_next_loop(fresh_mock: MockServer) -> None:
    mock = fresh_mock
    aclient = AsyncDatabrain(base_url=mock.url, api_key=mock.api_key, timeout=5.0)
    mock.inject_fault(kind="delay", ms=600, path=GUEST_TOKEN_PATH)
    loop = asyncio.new_event_loop()

    async def start() -> asyncio.Future[str]:
        return asyncio.ensure_future(aclient.create_guest_token(client_id="orphan", data_app_name=APP))

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # asyncio's own "Task was destroyed but it is pending!"
        orphan = loop.run_until_complete(start())
        loop.run_until_complete(asyncio.sleep(0.1))
        loop.close()  # the call is still in flight; its answer now has no loop to go to
        time.sleep(0.8)  # the answer arrives for the closed loop
        # asyncio would log "Task was destroyed but it is pending!" whenever the task is
        # collected (maybe in a later test): that is asyncio's complaint about closing a loop
        # with a pending task, not the SDK's.
        setattr(orphan, "_log_destroy_pending", False)
        del orphan
        gc.collect()
    assert asyncio.run(aclient.create_guest_token(client_id="next", data_app_name=APP))
    assert [t["clientId"] for t in mock.guest_tokens()] == ["orphan", "next"]


def test_sync_client_inside_and_outside_event_loops(mock: MockServer) -> None:
    client = Databrain(base_url=mock.url, api_key=mock.api_key, timeout=5.0)
    aclient = AsyncDatabrain(base_url=mock.url, api_key=mock.api_key, timeout=5.0)
    assert client.create_guest_token(client_id="outside-1", data_app_name=APP)

    async def main() -> None:
        # Blocking call on the loop's thread (blocks the loop, but works), then from the
        # default executor alongside async calls on the same loop.
        assert client.create_guest_token(client_id="on-loop", data_app_name=APP)
        blocking = [asyncio.to_thread(client.create_guest_token, client_id=f"thread-{i}", data_app_name=APP) for i in range(20)]
        native = [aclient.create_guest_token(client_id=f"async-{i}", data_app_name=APP) for i in range(20)]
        results = await asyncio.wait_for(asyncio.gather(*blocking, *native), 30)
        assert len(set(results)) == 40

    asyncio.run(main())
    asyncio.run(main())  # a second loop, same clients
    assert client.create_guest_token(client_id="outside-2", data_app_name=APP)
    assert mock.request_count(GUEST_TOKEN_PATH) == 2 + 2 * 41


@needs_fork
def test_fork_while_other_threads_have_calls_in_flight(fresh_mock: MockServer) -> None:
    mock = fresh_mock
    client = Databrain(base_url=mock.url, api_key=mock.api_key, timeout=5.0)
    aclient = AsyncDatabrain(base_url=mock.url, api_key=mock.api_key, timeout=5.0)
    client.create_guest_token(client_id="warm", data_app_name=APP)
    mock.inject_fault(kind="delay", ms=700, path=GUEST_TOKEN_PATH, times=4)
    answers: List[str] = []
    threads = [
        threading.Thread(target=lambda i=i: answers.append(client.create_guest_token(client_id=f"in-flight-{i}", data_app_name=APP)))
        for i in range(4)
    ]
    for t in threads:
        t.start()
    time.sleep(0.2)  # the four requests are now waiting in the mock
    read_end, write_end = os.pipe()
    started = time.monotonic()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        os.close(read_end)
        code = 0
        try:
            out = client.create_guest_token(client_id="child", data_app_name=APP)
            out += " " + asyncio.run(aclient.create_guest_token(client_id="child-async", data_app_name=APP))
        except BaseException as exc:  # noqa: BLE001
            out, code = f"{type(exc).__name__}: {exc}", 1
        os.write(write_end, out.encode())
        os._exit(code)
    os.close(write_end)
    deadline = time.monotonic() + 20
    while True:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            break
        if time.monotonic() > deadline:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            pytest.fail("the forked child hung")
        time.sleep(0.02)
    with os.fdopen(read_end, "rb") as f:
        out = f.read().decode()
    assert os.waitstatus_to_exitcode(status) == 0, out
    assert time.monotonic() - started < 5
    for t in threads:
        t.join(10)
    assert len(answers) == 4, "the parent's in-flight calls completed"
    issued = {t["clientId"] for t in mock.guest_tokens()}
    assert {"child", "child-async", "in-flight-0", "in-flight-3"} <= issued


_CRASH_MARKERS = ("panicked", "Fatal Python error", "Segmentation fault", "Aborted", "core dumped", "Traceback")

# scenario -> (mock delay in ms, expected exit code, lines stdout must contain)
SHUTDOWN_SCENARIOS: Dict[str, Tuple[int, int, Tuple[str, ...]]] = {
    "daemon-threads": (20_000, 0, ("main done",)),
    "sys-exit": (20_000, 3, ("exiting",)),
    "non-daemon-thread": (20_000, 0, ("main done", "thread error APITimeoutError")),
    "loop-in-daemon-thread": (20_000, 0, ("main done",)),
    "answers-during-exit": (300, 0, ("main done",)),
}


def _run_child(scenario: str, mock: MockServer, timeout: float = 20) -> Tuple[subprocess.CompletedProcess[str], float]:
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, str(CHILD), scenario, mock.url, mock.api_key],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    return result, time.monotonic() - started


@pytest.mark.parametrize("scenario", list(SHUTDOWN_SCENARIOS))
def test_interpreter_exit_with_calls_in_flight(scenario: str) -> None:
    delay, code, lines = SHUTDOWN_SCENARIOS[scenario]
    with MockServer() as mock:
        mock.inject_fault(kind="delay", ms=delay, path=GUEST_TOKEN_PATH, times=100)
        result, elapsed = _run_child(scenario, mock)
    output = result.stdout + result.stderr
    assert result.returncode == code, output
    assert elapsed < 8, f"exit took {elapsed:.1f} s: {output}"
    for line in lines:
        assert line in result.stdout.splitlines(), output
    assert not any(marker in result.stderr for marker in _CRASH_MARKERS), result.stderr


@pytest.fixture(scope="module")
def asyncio_exit_runs() -> List[Tuple[int, str, str, float]]:
    """The asyncio-task scenario, eight times in parallel (what it shows is timing-dependent)."""
    with MockServer() as mock:
        mock.inject_fault(kind="delay", ms=20_000, path=GUEST_TOKEN_PATH, times=100)
        started = time.monotonic()
        procs = [
            subprocess.Popen(
                [sys.executable, str(CHILD), "asyncio-task", mock.url, mock.api_key],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for _ in range(8)
        ]
        runs = []
        for proc in procs:
            try:
                stdout, stderr = proc.communicate(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
                stdout, stderr = proc.communicate()
                stderr += "\n(hung: killed)"
            runs.append((proc.returncode, stdout, stderr, time.monotonic() - started))
    return runs


def test_interpreter_exit_with_an_asyncio_task_in_flight_is_prompt(asyncio_exit_runs: List[Tuple[int, str, str, float]]) -> None:
    for code, stdout, stderr, elapsed in asyncio_exit_runs:
        assert code == 0 and "main done" in stdout.splitlines(), stdout + stderr
        assert elapsed < 15, f"{elapsed:.1f} s"
        assert "Fatal Python error" not in stderr and "core dumped" not in stderr, stderr


def test_interpreter_exit_with_an_asyncio_task_in_flight_does_not_panic(
    asyncio_exit_runs: List[Tuple[int, str, str, float]],
) -> None:
    panicked = [stderr for _, _, stderr, _ in asyncio_exit_runs if "panicked" in stderr]
    assert not panicked, f"{len(panicked)} of {len(asyncio_exit_runs)} runs:\n{panicked[0]}"


# --- secrets -------------------------------------------------------------------------------

KEY = "dbk-LEAKCHECK-apikey-5f0c2a9e71d4"
SVC = "dbs-LEAKCHECK-service-b83e6d1047af"
WRONG_KEY = "dbk-LEAKCHECK-wrongkey-2b7d9c3e8f10"
WRONG_SVC = "dbs-LEAKCHECK-wrongsvc-6a1e4f0d9c27"
# Every credential above contains this: a truncated or partial echo is caught too.
MARKER = "LEAKCHECK"


class Evidence:
    """Everything observable: texts and bytes, each with where it came from."""

    def __init__(self) -> None:
        self.items: List[Tuple[str, str]] = []
        self.errors = 0

    def text(self, where: str, value: object) -> None:
        self.items.append((where, value if isinstance(value, str) else repr(value)))

    def blob(self, where: str, value: bytes) -> None:
        self.items.append((where, value.decode("latin-1")))

    def error(self, where: str, exc: BaseException) -> None:
        self.errors += 1
        self.text(f"{where}: str", str(exc))
        self.text(f"{where}: repr", repr(exc))
        self.text(f"{where}: args", repr(exc.args))
        self.text(f"{where}: vars", repr(vars(exc)))
        self.text(f"{where}: traceback", "".join(traceback.format_exception(type(exc), exc, exc.__traceback__)))
        for protocol in range(pickle.HIGHEST_PROTOCOL + 1):
            try:
                self.blob(f"{where}: pickle {protocol}", pickle.dumps(exc, protocol))
            except Exception as pickling:  # noqa: BLE001 - its message is evidence too
                self.text(f"{where}: pickle {protocol} failed", str(pickling))
        for linked in (exc.__cause__, exc.__context__):
            if linked is not None and linked is not exc:
                self.error(f"{where} <- {type(linked).__name__}", linked)

    def call(self, where: str, fn: Callable[[], Any]) -> Optional[BaseException]:
        try:
            value = fn()
        except Exception as exc:  # noqa: BLE001 - collecting, not judging
            self.error(where, exc)
            return exc
        self.text(f"{where}: result", value)
        return None

    def leaks(self) -> List[str]:
        secrets = (KEY, SVC, WRONG_KEY, WRONG_SVC, MARKER)
        return [f"{where}: {text[:300]!r}" for where, text in self.items if any(s in text for s in secrets)]


SECRET_FAULTS: List[Dict[str, Any]] = [
    {"kind": "status", "status": 400, "code": "INVALID_REQUEST_BODY", "message": "bad body"},
    {"kind": "status", "status": 401, "code": "EXPIRED_TOKEN"},
    {"kind": "status", "status": 403, "code": "INVALID_PERMISSIONS"},
    {"kind": "status", "status": 404, "code": "WORKSPACE_ID_ERROR"},
    {"kind": "status", "status": 422},
    {"kind": "status", "status": 429, "retryAfter": "7"},
    {"kind": "status", "status": 429},
    {"kind": "status", "status": 500},
    {"kind": "status", "status": 302, "code": "MOVED"},
    {"kind": "html", "status": 502},
    {"kind": "html", "status": 200},
    {"kind": "malformedJson", "status": 200},
    {"kind": "malformedJson", "status": 500},
    {"kind": "missingToken"},
    {"kind": "oversized", "bytes": 2 << 20},
    {"kind": "empty", "status": 200},
    {"kind": "empty", "status": 503},
    {"kind": "drop"},
    {"kind": "delay", "ms": 2000},
]


def test_no_credential_appears_in_anything_observable(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture, capfd: pytest.CaptureFixture[str]
) -> None:
    caplog.set_level(logging.DEBUG)
    ev = Evidence()
    seed = {"serviceTokens": [SVC], "dataApps": [{"name": APP, "apiKeys": [KEY]}]}
    with MockServer(seed) as mock, warnings.catch_warnings(record=True) as caught_warnings:
        warnings.simplefilter("always")
        client = Databrain(base_url=mock.url, api_key=KEY, service_token=SVC, timeout=0.3, max_retries=0)
        aclient = AsyncDatabrain(base_url=mock.url, api_key=KEY, service_token=SVC, timeout=0.3, max_retries=0)
        for name, obj in (("client", client), ("aclient", aclient)):
            ev.text(f"{name} repr", repr(obj))
            ev.text(f"{name} str", str(obj))
            ev.text(f"{name} vars", repr(vars(obj)))
            ev.text(f"{name} native repr", repr(obj._native))
            ev.text(f"{name} dir", repr(dir(obj._native)))
            ev.call(f"{name} pickle", lambda obj=obj: pickle.dumps(obj))  # type: ignore[misc]

        # Successes, so the mock has recorded requests carrying both credentials.
        ev.call("guest ok", lambda: client.create_guest_token(client_id="u", data_app_name=APP))
        ev.call("api ok", lambda: client.create_api_token(data_app_name=APP, name="k"))
        ev.call("async ok", lambda: asyncio.run(aclient.create_guest_token(client_id="u", data_app_name=APP)))

        # Configuration errors, each with valid distinctive credentials set alongside.
        bad_configs: List[Dict[str, Any]] = [
            {"api_key": KEY + "\r\nX-Injected: 1"},
            {"api_key": KEY, "service_token": SVC + "\n"},
            {"api_key": KEY + "\u00e9"},
            {"api_key": KEY, "base_url": "not a url"},
            {"api_key": KEY, "base_url": "ftp://example.com"},
            {"api_key": KEY, "base_url": "http://databrain.internal"},
            {"api_key": KEY, "base_url": "https://user:pw@example.com"},
            {"api_key": KEY, "service_token": SVC, "timeout": 0},
            {"api_key": KEY, "service_token": SVC, "max_retries": -1},
            {"api_key": KEY, "service_token": SVC, "connect_timeout": float("nan")},
            {"api_key": 5, "service_token": SVC},
            {"api_key": KEY, "service_token": b"bytes"},
        ]
        for i, kwargs in enumerate(bad_configs):
            ev.call(f"config {i}", lambda kwargs=kwargs: Databrain(**kwargs))  # type: ignore[misc]
        monkeypatch.setenv("DATABRAIN_API_KEY", KEY + "\nX-Injected: 1")
        ev.call("env config", lambda: Databrain(base_url=mock.url))
        monkeypatch.setenv("DATABRAIN_API_KEY", KEY)
        monkeypatch.setenv("DATABRAIN_SERVICE_TOKEN", SVC)
        monkeypatch.setenv("DATABRAIN_BASE_URL", mock.url)
        env_client = Databrain()
        ev.text("env client repr", repr(env_client))
        ev.call("env client call", lambda: env_client.create_guest_token(client_id="u", data_app_name=APP))
        for var in ("DATABRAIN_API_KEY", "DATABRAIN_SERVICE_TOKEN", "DATABRAIN_BASE_URL"):
            monkeypatch.delenv(var)

        # A credential missing for the call, the other one set.
        only_key = Databrain(base_url=mock.url, api_key=KEY)
        only_svc = Databrain(base_url=mock.url, service_token=SVC)
        ev.call("missing service token", lambda: only_key.create_api_token(data_app_name=APP, name="k"))
        ev.call("missing api key", lambda: only_svc.create_guest_token(client_id="u", data_app_name=APP))

        # Validation errors, sync and async.
        ev.call("validation", lambda: client.create_guest_token(client_id="", data_app_name="a.b", expiry_time=-1))
        ev.call("validation nested", lambda: client.create_guest_token(client_id="u", data_app_name=APP, params={"x": {1}}))  # type: ignore[arg-type]
        ev.call("validation api", lambda: client.create_api_token(data_app_name=APP, name=""))
        ev.call("validation async", lambda: asyncio.run(aclient.create_guest_token(client_id=5, data_app_name=APP)))  # type: ignore[arg-type]
        ev.call("type error", lambda: client.create_guest_token("u", APP))  # type: ignore[call-arg]

        # Refused credentials (distinctive wrong values).
        wrong = Databrain(base_url=mock.url, api_key=WRONG_KEY, service_token=WRONG_SVC, max_retries=0)
        ev.call("wrong api key", lambda: wrong.create_guest_token(client_id="u", data_app_name=APP))
        ev.call("wrong service token", lambda: wrong.create_api_token(data_app_name=APP, name="k"))
        swapped = Databrain(base_url=mock.url, api_key=SVC, service_token=KEY, max_retries=0)
        ev.call("swapped credentials", lambda: swapped.create_guest_token(client_id="u", data_app_name=APP))
        ev.call("swapped credentials api", lambda: swapped.create_api_token(data_app_name=APP, name="k"))
        ev.call("unknown app", lambda: client.create_guest_token(client_id="u", data_app_name="no such app"))

        # Every fault kind the mock can inject, on both endpoints, sync and async.
        for fault in SECRET_FAULTS:
            label = json.dumps(fault)
            mock.inject_fault(fault, path=GUEST_TOKEN_PATH)
            ev.call(f"guest {label}", lambda: client.create_guest_token(client_id="u", data_app_name=APP))
            mock.inject_fault(fault, path=API_TOKENS_PATH)
            ev.call(f"api {label}", lambda: asyncio.run(aclient.create_api_token(data_app_name=APP, name="k")))
        ev.text("pending faults", mock.pending_faults())

        # No answer at all: refused connection, and TLS spoken to a plain-http port.
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            closed = f"http://127.0.0.1:{s.getsockname()[1]}"
        refused = Databrain(base_url=closed, api_key=KEY, service_token=SVC, max_retries=0)
        ev.call("refused", lambda: refused.create_guest_token(client_id="u", data_app_name=APP))
        tls = Databrain(base_url=mock.url.replace("http://", "https://"), api_key=KEY, service_token=SVC, max_retries=0)
        ev.call("tls", lambda: tls.create_api_token(data_app_name=APP, name="k"))

        # The mock's own view: its repr and every recorded request.
        recorded = mock.requests()
        ev.text("mock repr", repr(mock))
        ev.text("mock native repr", repr(mock._server))
        ev.text("mock requests", recorded)
        ev.text("mock requests json", json.dumps(recorded))
        ev.text("guest tokens", mock.guest_tokens())
        for w in caught_warnings:
            ev.text("warning", str(w.message))
    ev.text("log records", caplog.text)
    captured = capfd.readouterr()
    ev.text("stdout", captured.out)
    ev.text("stderr", captured.err)

    assert ev.errors >= 40, f"only {ev.errors} errors provoked"
    assert len(recorded) >= 20 and any(r["auth"] == "serviceToken" for r in recorded)
    assert all(r["headers"].get("authorization") in (None, "Bearer <redacted>") for r in recorded)
    leaks = ev.leaks()
    assert not leaks, "credential leaked:\n" + "\n".join(leaks)


@pytest.mark.parametrize("field_name", ["api_key", "service_token"])
@pytest.mark.parametrize(
    "bad", ["\r\nX-Injected: 1", "\nX-Injected: 1", "\rX", "\x00", "\t", "\x7f", "\x1b[31m", "\x85", "\u2028", " \u00e9"]
)
def test_header_injection_in_a_credential_is_refused(field_name: str, bad: str) -> None:
    value = "dbk-LEAKCHECK" + bad
    with pytest.raises(ConfigurationError) as info:
        kwargs: Dict[str, Any] = {field_name: value}
        Databrain(**kwargs)
    assert MARKER not in str(info.value) and "Injected" not in str(info.value)
    assert field_name.replace("_", " ") in str(info.value).lower()


@pytest.mark.parametrize("var", ["DATABRAIN_API_KEY", "DATABRAIN_SERVICE_TOKEN"])
def test_header_injection_through_the_environment_is_refused(var: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(var, "dbk-LEAKCHECK\r\nX-Injected: 1")
    for cls in (Databrain, AsyncDatabrain):
        with pytest.raises(ConfigurationError) as info:
            cls()
        assert MARKER not in str(info.value) and "Injected" not in str(info.value)


@pytest.mark.parametrize(
    "url",
    [
        "http://api.usedatabrain.com",
        "http://localhost.evil.example",
        "http://127.0.0.1.nip.io:8080",
        "http://evil-localhost",
        "http://10.0.0.1",
        "http://[2001:db8::1]:8080",
    ],
)
def test_plain_http_to_a_non_loopback_host_is_refused_unless_allowed(url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(ConfigurationError):
        Databrain(base_url=url, api_key="k")
    with pytest.raises(ConfigurationError):
        AsyncDatabrain(base_url=url, api_key="k")
    monkeypatch.setenv("DATABRAIN_BASE_URL", url)
    with pytest.raises(ConfigurationError):
        Databrain(api_key="k")
    assert Databrain(base_url=url, api_key="k", allow_insecure_http=True).base_url == url
    assert AsyncDatabrain(api_key="k", allow_insecure_http=True).base_url == url


@pytest.mark.parametrize("url", ["http://127.0.0.2:1", "http://[::1]:1", "http://LOCALHOST:1", "http://127.1:1"])
def test_plain_http_to_loopback_is_allowed(url: str) -> None:
    assert Databrain(base_url=url, api_key="k").base_url.startswith("http://")


@pytest.mark.parametrize("url", ["https://user:LEAKCHECK-pw@exa mple.com", "https://user:LEAKCHECK-pw@host:99999"])
def test_a_password_in_a_malformed_base_url_is_not_echoed(url: str) -> None:
    with pytest.raises(ConfigurationError) as info:
        Databrain(base_url=url, api_key="k")
    assert MARKER not in str(info.value), str(info.value)


def test_tls_to_a_plain_http_port_fails_and_sends_nothing(mock: MockServer) -> None:
    url = mock.url.replace("http://", "https://")
    for mode in ("sync", "async"):
        for endpoint in ("guest", "api"):
            kwargs: Dict[str, Any] = dict(base_url=url, api_key=mock.api_key, service_token=mock.service_token, max_retries=0, timeout=3.0)
            started = time.monotonic()
            with pytest.raises(APIConnectionError) as info:
                if mode == "sync":
                    c = Databrain(**kwargs)
                    c.create_guest_token(client_id="u", data_app_name=APP) if endpoint == "guest" else c.create_api_token(data_app_name=APP, name="k")
                else:
                    a = AsyncDatabrain(**kwargs)
                    coro = a.create_guest_token(client_id="u", data_app_name=APP) if endpoint == "guest" else a.create_api_token(data_app_name=APP, name="k")
                    asyncio.run(coro)
            assert type(info.value) is APIConnectionError, repr(info.value)
            assert time.monotonic() - started < time_bound(0, 3.0)
    assert mock.requests() == [], "no request may reach the server in plain text"


class _TokenHandler(BaseHTTPRequestHandler):
    hits: List[str] = []

    def do_POST(self) -> None:
        _TokenHandler.hits.append(self.path)
        body = b'{"token": "00000000-0000-4000-8000-000000000000"}'
        self.send_response(200)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base class's name
        pass


@pytest.mark.skipif(shutil.which("openssl") is None, reason="needs the openssl CLI to make a certificate")
def test_a_self_signed_certificate_is_refused(tmp_path: Path) -> None:
    """A server that would answer correctly, but whose certificate no CA vouches for."""
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=localhost",
         "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1", "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True, timeout=60,
    )  # fmt: skip
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server = HTTPServer(("127.0.0.1", 0), _TokenHandler)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    _TokenHandler.hits = []
    try:
        port = server.server_address[1]
        for host in ("127.0.0.1", "localhost"):
            client = Databrain(base_url=f"https://{host}:{port}", api_key="k", service_token="s", max_retries=0, timeout=5.0)
            with pytest.raises(APIConnectionError) as info:
                client.create_guest_token(client_id="u", data_app_name=APP)
            assert type(info.value) is APIConnectionError
            with pytest.raises(APIConnectionError):
                asyncio.run(AsyncDatabrain(base_url=f"https://{host}:{port}", service_token="s", max_retries=0).create_api_token(data_app_name=APP, name="k"))
        assert _TokenHandler.hits == [], "the request was sent over an unverified connection"
        # No option turns verification off: the core knows no such option.
        with pytest.raises(ConfigurationError, match="unknown option"):
            Databrain(base_url=f"https://127.0.0.1:{port}", api_key="k", danger_accept_invalid_certs=True)
    finally:
        server.shutdown()
        server.server_close()


EXIT_STRESS = """
import asyncio
from databrain import AsyncDatabrain
from databrain.testing import MockServer
mock = MockServer()
client = AsyncDatabrain(api_key=mock.api_key, base_url=mock.url, max_retries=0)
async def main():
    for _ in range(20):
        await asyncio.gather(*[client.create_guest_token(client_id="u", data_app_name="sales-dashboard") for _ in range(64)])
    for _ in range(64):  # left in flight when asyncio.run returns
        asyncio.ensure_future(client.create_guest_token(client_id="u", data_app_name="sales-dashboard"))
    await asyncio.sleep(0)
asyncio.run(main())
"""


def test_exit_right_after_a_burst_of_asyncio_calls_never_aborts() -> None:
    # Was a bug: a completion thread that had passed the shutdown check could take the GIL
    # during finalization (SIGABRT "PyGILState_Release" / SIGSEGV, ~1 run in 15). The atexit
    # hook now waits, GIL released, until no thread of ours is inside the interpreter.
    import subprocess
    import sys

    procs = [
        subprocess.Popen([sys.executable, "-c", EXIT_STRESS], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for _ in range(16)
    ]
    for proc in procs:
        out, err = proc.communicate(timeout=60)
        assert proc.returncode == 0, f"exit {proc.returncode}: {err[-500:]}"
        assert "Fatal Python error" not in err and "panicked" not in err, err[-500:]
