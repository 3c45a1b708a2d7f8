// The real OpenTelemetry SDK for the telemetry tests: an in-memory span exporter, a pull metric
// reader and the AsyncLocalStorage context manager, plus the span-tree helpers and the secret
// scan over every exported attribute.
import assert from 'node:assert/strict'
import { after, before, beforeEach } from 'node:test'
import { context, SpanKind } from '@opentelemetry/api'
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks'
import { MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics'
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base'

class PullReader extends MetricReader {
  async onForceFlush() {}
  async onShutdown() {}
}

/** Fresh providers with in-memory outputs: `spans()`, `points(name)`, `allAttributes()`. */
export function makeOtel() {
  const exporter = new InMemorySpanExporter()
  const tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] })
  const reader = new PullReader()
  const meterProvider = new MeterProvider({ readers: [reader] })
  return {
    exporter,
    tracerProvider,
    meterProvider,
    reader,
    tracer: tracerProvider.getTracer('test'),
    spans: () => exporter.getFinishedSpans(),
    async points(name) {
      const { resourceMetrics } = await reader.collect()
      const out = []
      for (const scope of resourceMetrics.scopeMetrics) {
        for (const metric of scope.metrics) {
          if (metric.descriptor.name === name) out.push(...metric.dataPoints)
        }
      }
      return out
    },
    async descriptor(name) {
      const { resourceMetrics } = await reader.collect()
      for (const scope of resourceMetrics.scopeMetrics) {
        for (const metric of scope.metrics) if (metric.descriptor.name === name) return metric.descriptor
      }
      return undefined
    },
    async allAttributes() {
      const texts = []
      for (const span of exporter.getFinishedSpans()) {
        texts.push(span.name, ...Object.entries(span.attributes).map(([k, v]) => `${k}=${v}`))
        for (const event of span.events) texts.push(...Object.entries(event.attributes ?? {}).map(([k, v]) => `${k}=${v}`))
      }
      const { resourceMetrics } = await reader.collect()
      for (const scope of resourceMetrics.scopeMetrics) {
        for (const metric of scope.metrics) {
          for (const point of metric.dataPoints) texts.push(...Object.entries(point.attributes).map(([k, v]) => `${k}=${v}`))
        }
      }
      return texts.join('\n')
    },
  }
}

/**
 * The AsyncLocalStorage context manager for the file, and fresh providers before each test:
 * `o.otel` is live once `beforeEach` has run.
 */
export function useOtel() {
  const o = { otel: null }
  before(() => {
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable())
  })
  beforeEach(() => {
    o.otel = makeOtel()
  })
  after(() => context.disable())
  return o
}

export const internal = (spans) => spans.filter((s) => s.kind === SpanKind.INTERNAL && s.name.startsWith('databrain.'))
export const clientSpans = (spans) => spans.filter((s) => s.kind === SpanKind.CLIENT)
export const serverSpans = (spans) => spans.filter((s) => s.kind === SpanKind.SERVER)
export const parentId = (span) => span.parentSpanContext?.spanId
export const ns = ([s, n]) => BigInt(s) * 1_000_000_000n + BigInt(n)
/** The trace id of a recorded request's `traceparent`. */
export const wireTraceId = (request) => request.headers.traceparent.split('-')[1]
/** The parent span id of a recorded request's `traceparent`. */
export const wireSpanId = (request) => request.headers.traceparent.split('-')[2]

/** Fails if any secret appears in any exported span name, span/event attribute or metric attribute. */
export async function assertNoSecret(otel, secrets) {
  const all = await otel.allAttributes()
  for (const secret of secrets) assert.ok(secret && !all.includes(secret), `${secret} in exported telemetry`)
}
