"""OpenTelemetry traces and metrics for every call, through the public ``opentelemetry-api``.

The core (Rust) holds no OpenTelemetry object. Per call this module opens the logical span
``databrain.{operation}`` (INTERNAL) in the caller's context (contextvars, read here on the
caller's thread or task, never on a Rust thread), hands the core a ``traceparent`` for that
span, and after the call re-creates one CLIENT span ``{METHOD} {url.template}`` per HTTP
attempt from the core's record, with the attempt's real start and end times, records the
metrics and ends the call span with its status.

On by default when ``opentelemetry-api`` is importable (a no-op until the application installs
an SDK: a call then costs one provider check); ``telemetry=False``, ``DATABRAIN_OTEL=off``,
explicit ``tracer_provider``/``meter_provider`` and ``propagate=False`` (no ``traceparent`` on
the wire) switch it. Nothing here imports OpenTelemetry until a client is built with the API
installed. Attributes never carry a client id, user id, data-app name, filter value, token or
credential: only the operation, the server, the URL template, statuses and request ids.
"""

from __future__ import annotations

import os
import time
import weakref
from time import monotonic as _monotonic

from . import _native

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Awaitable, Callable, Dict, Iterable, List, Optional, Tuple, TypeVar

    _T = TypeVar("_T")

__all__ = ["ENV_SWITCH", "Telemetry", "for_client"]

ENV_SWITCH = "DATABRAIN_OTEL"
_OFF = frozenset({"off", "false", "0", "no", "none", "disabled"})

GUEST_TOKEN_OPERATION: str = _native.GUEST_TOKEN_OPERATION
API_TOKEN_OPERATION: str = _native.API_TOKEN_OPERATION

# The stable HTTP semantic conventions' advised buckets for http.client.request.duration (s).
_HTTP_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1.0, 2.5, 5.0, 7.5, 10.0)
# A call includes retries and backoff (Retry-After up to 60 s): the same, stretched.
_CALL_BUCKETS = _HTTP_BUCKETS + (30.0, 60.0, 120.0)
_SCHEMA_URL = "https://opentelemetry.io/schemas/1.26.0"
# How often, at most, the global providers are looked up while they are still the API's no-op.
_RECHECK_S = 0.1


def _switched_off() -> bool:
    return os.environ.get(ENV_SWITCH, "").strip().lower() in _OFF


def for_client(
    telemetry: Optional[bool],
    tracer_provider: Any,
    meter_provider: Any,
    propagate: Optional[bool],
    server_address: str,
) -> Optional[Telemetry]:
    """The telemetry of one client, or ``None`` (off, or the API is not installed).

    ``telemetry``: ``None`` (default) = on when the API is importable and ``DATABRAIN_OTEL`` is
    not ``off``; ``True`` = on whatever the variable says (still needs the API); ``False`` = off.
    """
    if telemetry is False or (telemetry is None and _switched_off()):
        return None
    try:
        from opentelemetry import metrics, trace
    except ImportError:
        return None
    return Telemetry(trace, metrics, tracer_provider, meter_provider, propagate is not False, server_address)


class _Instruments:
    """The instruments of one meter, made once (the SDK warns on a second registration)."""

    def __init__(self, meter: Any) -> None:
        self.http = _histogram(
            meter,
            "http.client.request.duration",
            "Duration of each HTTP attempt to Databrain.",
            _HTTP_BUCKETS,
        )
        self.operation = _histogram(
            meter,
            "databrain.client.operation.duration",
            "Duration of each Databrain call, retries and backoff included.",
            _CALL_BUCKETS,
        )
        self.lookups = meter.create_counter(
            "databrain.guest_token.cache.lookups",
            unit="{lookup}",
            description="Guest-token cache lookups by result (hit, miss, coalesced, stale).",
        )
        # The watched caches (GuestTokenCache, AsyncGuestTokenCache): their native stats are
        # summed by the observable counters below at each collection.
        self.caches: weakref.WeakSet[Any] = weakref.WeakSet()
        caches = self.caches

        def observe(*keys: str, attribute: Optional[str] = None) -> Callable[[Any], Iterable[Any]]:
            """A callback reporting the sum of the stats ``keys`` over the watched caches: one
            observation per key with ``{attribute: key's result}`` when ``attribute`` is given
            (``shared_hits`` -> ``hit``), else one observation of ``keys[0]``."""

            def callback(_options: Any) -> Iterable[Any]:
                from opentelemetry.metrics import Observation

                totals = dict.fromkeys(keys, 0)
                for cache in list(caches):
                    stats = cache._native.stats()
                    for key in keys:
                        totals[key] += stats[key]
                if attribute is None:
                    return [Observation(totals[keys[0]])]
                return [Observation(total, {attribute: _RESULTS[key]}) for key, total in totals.items()]

            return callback

        meter.create_observable_counter(
            "databrain.guest_token.refresh.failures",
            callbacks=[observe("refresh_failures")],
            unit="{failure}",
            description="Background guest-token refreshes that failed (the valid token kept being served).",
        )
        # The shared (Redis) tier's counters: zeros for a cache without one.
        meter.create_observable_counter(
            "databrain.guest_token.shared_cache.lookups",
            callbacks=[observe("shared_hits", "shared_misses", "shared_errors", attribute="databrain.cache.result")],
            unit="{lookup}",
            description=(
                "Shared guest-token tier lookups by result: hit (a token another process minted),"
                " miss (none usable: minted), error (the operation failed or timed out)."
            ),
        )
        meter.create_observable_counter(
            "databrain.guest_token.shared_cache.lock_waits",
            callbacks=[observe("lock_waits")],
            unit="{wait}",
            description="Mints that waited for another process's mint of the same token (shared guest-token tier).",
        )
        meter.create_observable_counter(
            "databrain.guest_token.shared_cache.fallback_mints",
            callbacks=[observe("fallback_mints")],
            unit="{mint}",
            description=(
                "Guest tokens minted outside the shared tier's lock (Redis failed, its breaker was"
                " open, or the wait reached the client's timeout)."
            ),
        )


# The shared tier's stats keys -> the lookup counter's databrain.cache.result.
_RESULTS = {"shared_hits": "hit", "shared_misses": "miss", "shared_errors": "error"}


def _histogram(meter: Any, name: str, description: str, buckets: Tuple[float, ...]) -> Any:
    try:
        return meter.create_histogram(
            name, unit="s", description=description, explicit_bucket_boundaries_advisory=list(buckets)
        )
    except TypeError:  # an API older than 1.23 takes no advisory
        return meter.create_histogram(name, unit="s", description=description)


# One set of instruments per meter provider (keyed by identity; providers live for the process).
_INSTRUMENTS: Dict[int, Tuple[Any, _Instruments]] = {}


def _instruments(provider: Any) -> _Instruments:
    found = _INSTRUMENTS.get(id(provider))
    if found is not None and found[0] is provider:
        return found[1]
    from . import __version__

    made = _Instruments(provider.get_meter("databrain", __version__, schema_url=_SCHEMA_URL))
    _INSTRUMENTS[id(provider)] = (provider, made)
    return made


class _Call:
    """One call in flight: its span and the native trace handed to the core."""

    __slots__ = ("operation", "span", "recording", "metering", "native", "started")

    def __init__(self, operation: str, span: Any, recording: bool, metering: bool, native: Any) -> None:
        self.operation = operation
        self.span = span
        self.recording = recording
        self.metering = metering
        self.native = native
        self.started = time.perf_counter_ns()


class Telemetry:
    """One client's tracer, meter and switches. ``run``/``run_async`` wrap a native call."""

    def __init__(
        self,
        trace: Any,
        metrics: Any,
        tracer_provider: Any,
        meter_provider: Any,
        propagate: bool,
        server_address: str,
    ) -> None:
        from . import __version__

        self._trace = trace
        self._metrics = metrics
        self._propagate = propagate
        self._server_address = server_address
        self._span_kind = trace.SpanKind
        self._status = trace.Status
        self._error = trace.StatusCode.ERROR
        self._in_context = trace.set_span_in_context
        # A tracer of the global (proxy) provider follows a provider installed later.
        self._tracer = (tracer_provider or trace.get_tracer_provider()).get_tracer(
            "databrain", __version__, schema_url=_SCHEMA_URL
        )
        self._noop_tracers = (trace.ProxyTracerProvider, trace.NoOpTracerProvider)
        self._noop_meters = (metrics.NoOpMeterProvider,)
        # The global providers are set once and never replaced ("Overriding of current
        # TracerProvider is not allowed"), so a real one, once seen, is kept. Until then they
        # are looked up at most every _RECHECK_S: each lookup reads os.environ (~1.5 µs).
        self._explicit = tracer_provider is not None or meter_provider is not None
        self._tracing = tracer_provider is not None
        self._meter = meter_provider
        self._next_check = 0.0
        self._look()

    # -- switches --------------------------------------------------------------------------

    def _look(self) -> None:
        if not self._tracing and not isinstance(self._trace.get_tracer_provider(), self._noop_tracers):
            self._tracing = True
        if self._meter is None:
            provider = self._metrics.get_meter_provider()
            # The global provider is a proxy until the application sets one (the API has no
            # public name for the proxy's class; it is the only provider named "_Proxy...").
            if not isinstance(provider, self._noop_meters) and type(provider).__name__ != "_ProxyMeterProvider":
                self._meter = provider

    def _meters(self) -> Optional[Any]:
        return self._meter

    def live(self) -> bool:
        """Whether a call should be watched at all: a provider that is not the API's no-op (a
        global one installed later is seen within _RECHECK_S)."""
        if self._explicit or self._tracing or self._meter is not None:
            return True
        now = _monotonic()
        if now < self._next_check:
            return False
        self._next_check = now + _RECHECK_S
        self._look()
        return self._tracing or self._meter is not None

    def watch_cache(self, cache: Any) -> None:
        """Counts the stats of ``cache`` in the observable counters: refresh failures and the
        shared tier's lookups, lock waits and fallback mints."""
        self._look()
        provider = self._meters()
        if provider is not None:
            _instruments(provider).caches.add(cache)

    # -- one call --------------------------------------------------------------------------

    def start(self, operation: str) -> Optional[_Call]:
        """Opens the call span in the caller's current context and makes the native trace."""
        span = self._tracer.start_span(
            "databrain." + operation,
            kind=self._span_kind.INTERNAL,
            attributes={"databrain.operation": operation, "server.address": self._server_address},
        )
        recording = span.is_recording()
        metering = self._meters() is not None
        traceparent = tracestate = None
        if self._propagate:
            # W3C Trace Context written from the call span itself (as the tracecontext
            # propagator would): the core sends only these two headers, whatever propagators
            # the application configured for its own protocols.
            sc = span.get_span_context()
            if sc.is_valid:
                traceparent = f"00-{sc.trace_id:032x}-{sc.span_id:016x}-{sc.trace_flags:02x}"
                tracestate = sc.trace_state.to_header() or None
        if not (recording or metering or traceparent):
            span.end()
            return None
        native = _native.CallTrace(traceparent, tracestate, recording or metering)
        return _Call(operation, span, recording, metering, native)

    def run(self, operation: str, call: Callable[..., _T], *args: Any, cache: bool = False) -> _T:
        """``call(*args, trace=...)`` watched as ``operation`` (blocking)."""
        watched = self.start(operation)
        if watched is None:
            return call(*args)
        try:
            result = call(*args, trace=watched.native)
        except BaseException as error:
            self.finish(watched, error, cache)
            raise
        self.finish(watched, None, cache)
        return result

    async def run_async(self, operation: str, call: Callable[..., Awaitable[_T]], *args: Any) -> _T:
        """``await call(*args, trace=...)`` watched as ``operation``; the span opens here, in
        the awaiting task's context."""
        watched = self.start(operation)
        if watched is None:
            return await call(*args)
        try:
            result = await call(*args, trace=watched.native)
        except BaseException as error:
            self.finish(watched, error, False)
            raise
        self.finish(watched, None, False)
        return result

    async def run_cache_async(self, operation: str, get: Callable[..., Any], request: Any) -> Any:
        """An async cache ``get``: a fresh hit comes back at once (no awaitable)."""
        watched = self.start(operation)
        if watched is None:
            pending = get(request)
            return pending if isinstance(pending, _native.GuestToken) else await pending
        try:
            pending = get(request, trace=watched.native)
            result = pending if isinstance(pending, _native.GuestToken) else await pending
        except BaseException as error:
            self.finish(watched, error, True)
            raise
        self.finish(watched, None, True)
        return result

    def finish(self, watched: _Call, error: Optional[BaseException], cache: bool) -> None:
        """Re-creates the attempt spans, records the metrics and ends the call span."""
        record: Optional[Dict[str, Any]] = watched.native.take_record()
        attempts: List[Dict[str, Any]] = record["attempts"] if record else []
        span = watched.span
        cancelled = error is not None and _is_cancel(error)
        error_type = None
        if error is not None and not cancelled:
            error_type = (record or {}).get("errorType") or _error_type(error)
        cache_result = (record or {}).get("cache")
        if cache and cache_result is None and error is None:
            cache_result = "hit"  # answered on the fast path, before the core's call ran
        if watched.recording:
            self._attempt_spans(span, attempts)
            if attempts:
                span.set_attribute("databrain.attempt_count", len(attempts))
            request_id = (record or {}).get("requestId") or getattr(error, "request_id", None)
            if request_id:
                span.set_attribute("databrain.request_id", request_id)
            if cache_result is not None:
                span.set_attribute("databrain.guest_token.cache_hit", cache_result in ("hit", "stale"))
            if error_type is not None:
                span.set_attribute("error.type", error_type)
                span.set_status(self._status(self._error))
        if watched.metering and self._meter is not None:
            self._record_metrics(_instruments(self._meter), watched, record, attempts, error_type, cache_result)
        span.end()

    def _attempt_spans(self, parent: Any, attempts: List[Dict[str, Any]]) -> None:
        context = self._in_context(parent)
        client = self._span_kind.CLIENT
        for attempt in attempts:
            attributes = _attempt_attributes(attempt)
            attributes["url.full"] = attempt["urlFull"]
            attributes["databrain.request_id"] = attempt["requestId"]
            if attempt["resendCount"]:
                attributes["http.request.resend_count"] = attempt["resendCount"]
            child = self._tracer.start_span(
                attempt["method"] + " " + attempt["urlTemplate"],
                context=context,
                kind=client,
                attributes=attributes,
                start_time=attempt["startUnixNs"],
            )
            if attempt.get("errorType") is not None:
                child.set_status(self._status(self._error))
            child.end(end_time=attempt["endUnixNs"])

    def _record_metrics(
        self,
        instruments: _Instruments,
        watched: _Call,
        record: Optional[Dict[str, Any]],
        attempts: List[Dict[str, Any]],
        error_type: Optional[str],
        cache_result: Optional[str],
    ) -> None:
        for attempt in attempts:
            seconds = (attempt["endUnixNs"] - attempt["startUnixNs"]) / 1e9
            instruments.http.record(seconds, _attempt_attributes(attempt))
        duration_ns = record["durationNs"] if record and record["durationNs"] else time.perf_counter_ns() - watched.started
        attributes: Dict[str, Any] = {"databrain.operation": watched.operation, "server.address": self._server_address}
        if error_type is not None:
            attributes["error.type"] = error_type
        instruments.operation.record(duration_ns / 1e9, attributes)
        if cache_result is not None:
            instruments.lookups.add(1, {"databrain.cache.result": cache_result})


def _attempt_attributes(attempt: Dict[str, Any]) -> Dict[str, Any]:
    """The attributes a CLIENT span and the per-attempt histogram share (low cardinality)."""
    attributes: Dict[str, Any] = {
        "http.request.method": attempt["method"],
        "server.address": attempt["serverAddress"],
        "server.port": attempt["serverPort"],
        "url.template": attempt["urlTemplate"],
    }
    if attempt.get("status") is not None:
        attributes["http.response.status_code"] = attempt["status"]
    if attempt.get("errorType") is not None:
        attributes["error.type"] = attempt["errorType"]
    if attempt.get("protocolVersion") is not None:
        attributes["network.protocol.version"] = attempt["protocolVersion"]
    return attributes


def _is_cancel(error: BaseException) -> bool:
    import asyncio

    return isinstance(error, (asyncio.CancelledError, KeyboardInterrupt))


def _error_type(error: BaseException) -> str:
    """For an error raised before the core's call ran (a bad request): the core's type names
    where the error says it (its status), else the exception's class."""
    status = getattr(error, "status", None)
    if isinstance(status, int) and status >= 400:
        return str(status)
    return type(error).__qualname__
