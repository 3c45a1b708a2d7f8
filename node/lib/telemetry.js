'use strict'
// OpenTelemetry traces and metrics for every call, through the public `@opentelemetry/api`
// (an optional peer dependency, required lazily when a client is built; never at import).
//
// The Rust core holds no OpenTelemetry object. Per call this opens the logical span
// `databrain.{operation}` (INTERNAL) in the caller's active context (read synchronously when
// the call starts, on the JS thread), hands the core a `traceparent` for that span, and when
// the promise settles re-creates one CLIENT span `{METHOD} {url.template}` per HTTP attempt
// from the core's record with the attempt's real start and end times, records the metrics and
// ends the call span with its status. On by default when the API is installed (a no-op until
// the application registers an SDK: a call then costs one provider check); `telemetry: false`,
// `DATABRAIN_OTEL=off`, explicit `tracerProvider`/`meterProvider` and `propagate: false` (no
// `traceparent` on the wire) switch it. Attributes never carry a client id, user id, data-app
// name, filter value, token or credential.

const { loadNative } = require('./native')

const ENV_SWITCH = 'DATABRAIN_OTEL'
const OFF = new Set(['off', 'false', '0', 'no', 'none', 'disabled'])
// The stable HTTP semantic conventions' advised buckets for http.client.request.duration (s).
const HTTP_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10]
// A call includes retries and backoff (Retry-After up to 60 s): the same, stretched.
const CALL_BUCKETS = [...HTTP_BUCKETS, 30, 60, 120]
const VERSION = require('../package.json').version

let api // undefined: not looked for yet; null: not installed
function loadApi() {
  if (api === undefined) {
    try {
      api = require('@opentelemetry/api')
    } catch {
      api = null
    }
  }
  return api
}

/**
 * The telemetry of one client, or null (off, or the API is not installed).
 * `telemetry`: undefined (default) = on when the API is installed and DATABRAIN_OTEL is not
 * `off`; true = on whatever the variable says (still needs the API); false = off.
 */
function forClient({ telemetry, tracerProvider, meterProvider, propagate } = {}, serverAddress) {
  if (telemetry === false) return null
  if (telemetry !== true && OFF.has(String(process.env[ENV_SWITCH] ?? '').trim().toLowerCase())) return null
  const otel = loadApi()
  if (otel === null) return null
  return new Telemetry(otel, { tracerProvider, meterProvider, propagate: propagate !== false, serverAddress })
}

// One set of instruments per meter provider (the SDK warns on a second registration).
const instrumentsByProvider = new WeakMap()

function instruments(provider) {
  let made = instrumentsByProvider.get(provider)
  if (made) return made
  const meter = provider.getMeter('databrain', VERSION)
  const caches = new Set()
  made = {
    http: meter.createHistogram('http.client.request.duration', {
      unit: 's',
      description: 'Duration of each HTTP attempt to Databrain.',
      advice: { explicitBucketBoundaries: HTTP_BUCKETS },
    }),
    operation: meter.createHistogram('databrain.client.operation.duration', {
      unit: 's',
      description: 'Duration of each Databrain call, retries and backoff included.',
      advice: { explicitBucketBoundaries: CALL_BUCKETS },
    }),
    lookups: meter.createCounter('databrain.guest_token.cache.lookups', {
      unit: '{lookup}',
      description: 'Guest-token cache lookups by result (hit, miss, coalesced, stale).',
    }),
    caches,
  }
  // Counters the caches keep themselves (their `stats()`), observed at collection time and
  // summed over every watched cache alive.
  const failures = meter.createObservableCounter('databrain.guest_token.refresh.failures', {
    unit: '{failure}',
    description: 'Background guest-token refreshes that failed (the valid token kept being served).',
  })
  const shared = meter.createObservableCounter('databrain.guest_token.shared_cache.lookups', {
    unit: '{lookup}',
    description:
      'Shared guest-token tier lookups by result: hit (a token another process minted), ' +
      'miss (none usable: minted), error (the operation failed or timed out).',
  })
  const lockWaits = meter.createObservableCounter('databrain.guest_token.shared_cache.lock_waits', {
    unit: '{wait}',
    description: "Mints that waited for another process's mint of the same token (shared guest-token tier).",
  })
  const fallbackMints = meter.createObservableCounter('databrain.guest_token.shared_cache.fallback_mints', {
    unit: '{mint}',
    description:
      "Guest tokens minted outside the shared tier's lock (Redis failed, its breaker was open, or the wait reached the client's timeout).",
  })
  meter.addBatchObservableCallback(
    (result) => {
      const sum = { refreshFailures: 0, sharedHits: 0, sharedMisses: 0, sharedErrors: 0, lockWaits: 0, fallbackMints: 0 }
      for (const ref of caches) {
        const cache = ref.deref()
        if (cache === undefined) {
          caches.delete(ref)
          continue
        }
        const stats = cache.stats()
        for (const key in sum) sum[key] += stats[key] ?? 0
      }
      result.observe(failures, sum.refreshFailures)
      result.observe(shared, sum.sharedHits, { 'databrain.cache.result': 'hit' })
      result.observe(shared, sum.sharedMisses, { 'databrain.cache.result': 'miss' })
      result.observe(shared, sum.sharedErrors, { 'databrain.cache.result': 'error' })
      result.observe(lockWaits, sum.lockWaits)
      result.observe(fallbackMints, sum.fallbackMints)
    },
    [failures, shared, lockWaits, fallbackMints],
  )
  instrumentsByProvider.set(provider, made)
  return made
}

class Telemetry {
  #otel
  #tracer
  #tracerProvider
  #meterProvider
  #propagate
  #serverAddress
  #noopTracerProvider

  constructor(otel, { tracerProvider, meterProvider, propagate, serverAddress }) {
    this.#otel = otel
    this.#tracerProvider = tracerProvider
    this.#meterProvider = meterProvider
    this.#propagate = propagate
    this.#serverAddress = serverAddress
    // The global provider is a proxy; it delegates to this no-op until an SDK is registered.
    this.#noopTracerProvider = new otel.ProxyTracerProvider().getDelegate()
    // A tracer of the global proxy follows a provider registered later.
    this.#tracer = (tracerProvider ?? otel.trace.getTracerProvider()).getTracer('databrain', VERSION)
  }

  #meters() {
    const provider = this.#meterProvider ?? this.#otel.metrics.getMeterProvider()
    return provider.constructor?.name === 'NoopMeterProvider' ? null : provider
  }

  /** Whether a call should be watched at all: a provider that is not the API's no-op. */
  live() {
    if (this.#tracerProvider !== undefined || this.#meterProvider !== undefined) return true
    const tracers = this.#otel.trace.getTracerProvider()
    if (!(tracers instanceof this.#otel.ProxyTracerProvider) || tracers.getDelegate() !== this.#noopTracerProvider) {
      return true
    }
    return this.#meters() !== null
  }

  /**
   * Counts the refresh failures and shared-tier lookups, lock waits and fallback mints of
   * `cache` (an object with `stats()`).
   */
  watchCache(cache) {
    const provider = this.#meters()
    if (provider !== null) instruments(provider).caches.add(new WeakRef(cache))
  }

  /**
   * Opens the call span in the active context and makes the native trace; null when there is
   * nothing to record or send.
   */
  start(operation) {
    const otel = this.#otel
    const span = this.#tracer.startSpan(
      `databrain.${operation}`,
      {
        kind: otel.SpanKind.INTERNAL,
        attributes: { 'databrain.operation': operation, 'server.address': this.#serverAddress },
      },
      otel.context.active(),
    )
    const recording = span.isRecording()
    const meters = this.#meters()
    let traceparent = null
    let tracestate = null
    if (this.#propagate) {
      // W3C Trace Context written from the call span itself: the core sends only these two
      // headers, and the API's global propagator is a no-op until an SDK registers one.
      const sc = span.spanContext()
      if (otel.isSpanContextValid(sc)) {
        traceparent = `00-${sc.traceId}-${sc.spanId}-${(sc.traceFlags & 0xff).toString(16).padStart(2, '0')}`
        tracestate = sc.traceState?.serialize() || null
      }
    }
    if (!recording && meters === null && traceparent === null) {
      span.end()
      return null
    }
    const { NativeCallTrace } = loadNative()
    const native = new NativeCallTrace(traceparent, tracestate, recording || meters !== null)
    return { operation, span, recording, meters, native, started: performance.now() }
  }

  /**
   * `call(trace)` watched as `operation` when the telemetry is live, else `call(undefined)`;
   * `call` returns a promise (or a value).
   */
  watch(operation, call, cache = false) {
    return this.live() ? this.run(operation, call, cache) : call(undefined)
  }

  /** `call(trace)` watched as `operation`; `call` returns a promise (or a value). */
  async run(operation, call, cache = false) {
    const watched = this.start(operation)
    if (watched === null) return call(undefined)
    let result
    try {
      result = await call(watched.native)
    } catch (err) {
      this.finish(watched, err, cache)
      throw err
    }
    this.finish(watched, null, cache)
    return result
  }

  finish(watched, error, cache) {
    const otel = this.#otel
    const record = watched.native.takeRecord() ?? null
    const attempts = record?.attempts ?? []
    const { span } = watched
    const cancelled = error?.name === 'AbortError'
    let errorType = null
    if (error != null && !cancelled) errorType = record?.errorType ?? errorTypeOf(error)
    let cacheResult = record?.cache ?? null
    if (cache && cacheResult === null && error == null) cacheResult = 'hit' // the fast path
    if (watched.recording) {
      const parent = otel.trace.setSpan(otel.context.active(), span)
      for (const attempt of attempts) {
        const attributes = attemptAttributes(attempt)
        attributes['url.full'] = attempt.urlFull
        attributes['databrain.request_id'] = attempt.requestId
        if (attempt.resendCount) attributes['http.request.resend_count'] = attempt.resendCount
        const child = this.#tracer.startSpan(
          `${attempt.method} ${attempt.urlTemplate}`,
          { kind: otel.SpanKind.CLIENT, attributes, startTime: hrTime(attempt.startUnixNs) },
          parent,
        )
        if (attempt.errorType != null) child.setStatus({ code: otel.SpanStatusCode.ERROR })
        child.end(hrTime(attempt.endUnixNs))
      }
      if (attempts.length) span.setAttribute('databrain.attempt_count', attempts.length)
      const requestId = record?.requestId ?? error?.requestId
      if (requestId) span.setAttribute('databrain.request_id', requestId)
      if (cacheResult !== null) span.setAttribute('databrain.guest_token.cache_hit', cacheResult === 'hit' || cacheResult === 'stale')
      if (errorType !== null) {
        span.setAttribute('error.type', errorType)
        span.setStatus({ code: otel.SpanStatusCode.ERROR })
      }
    }
    if (watched.meters !== null) {
      const made = instruments(watched.meters)
      for (const attempt of attempts) {
        made.http.record(seconds(attempt.startUnixNs, attempt.endUnixNs), attemptAttributes(attempt))
      }
      const took = record?.durationNs ? Number(record.durationNs) / 1e9 : (performance.now() - watched.started) / 1e3
      const attributes = { 'databrain.operation': watched.operation, 'server.address': this.#serverAddress }
      if (errorType !== null) attributes['error.type'] = errorType
      made.operation.record(took, attributes)
      if (cacheResult !== null) made.lookups.add(1, { 'databrain.cache.result': cacheResult })
    }
    span.end()
  }
}

// The attributes a CLIENT span and the per-attempt histogram share (low cardinality).
function attemptAttributes(attempt) {
  const attributes = {
    'http.request.method': attempt.method,
    'server.address': attempt.serverAddress,
    'server.port': attempt.serverPort,
    'url.template': attempt.urlTemplate,
  }
  if (attempt.status != null) attributes['http.response.status_code'] = attempt.status
  if (attempt.errorType != null) attributes['error.type'] = attempt.errorType
  if (attempt.protocolVersion != null) attributes['network.protocol.version'] = attempt.protocolVersion
  return attributes
}

// ns since the epoch (a BigInt from the addon beyond 2^53) as OpenTelemetry's [seconds, nanos].
function hrTime(ns) {
  const big = BigInt(ns)
  return [Number(big / 1_000_000_000n), Number(big % 1_000_000_000n)]
}

// The seconds between two ns timestamps.
const seconds = (start, end) => Number(BigInt(end) - BigInt(start)) / 1e9

// For an error raised before the core's call ran (a bad request): its status when it has one,
// else its class name.
function errorTypeOf(error) {
  if (typeof error?.status === 'number' && error.status >= 400) return String(error.status)
  return error?.constructor?.name ?? '_OTHER'
}

module.exports = { forClient, ENV_SWITCH }
