import { createRequire } from 'node:module';
import type { TraceContext } from '@cairn/core';

/** The part of `@opentelemetry/api`'s `trace` the recorder uses. */
export type OtelTraceApi = {
  getActiveSpan(): { spanContext(): { traceId: string; spanId: string } } | undefined;
};

/** Reads the active span's W3C trace context, or undefined. */
export type TraceSource = () => TraceContext | undefined;

const INVALID_TRACE = /^0{32}$/;
const INVALID_SPAN = /^0{16}$/;
const TRACE_ID = /^[0-9a-f]{32}$/;
const SPAN_ID = /^[0-9a-f]{16}$/;

/**
 * Loads `@opentelemetry/api` when it is installed (an optional peer) and returns a reader of the active span.
 * It is loaded with `require`, not `import()`, so the first decision already sees the span: `createRecorder` is
 * synchronous. The API keeps its registry on a global symbol, so this copy sees the context manager and
 * tracer the application registered through its own import, ESM or CommonJS.
 *
 * @example const current = otelTraceSource(); current?.() // { traceId, spanId } inside a span
 */
export function otelTraceSource(api?: OtelTraceApi | false): TraceSource | undefined {
  if (api === false) return undefined;
  const trace = api ?? loadOtel();
  if (trace === undefined) return undefined;
  return () => {
    const context = trace.getActiveSpan()?.spanContext();
    if (context === undefined) return undefined;
    const { traceId, spanId } = context;
    // W3C Trace Context §3.2.2.3/§3.2.2.4: all-zero ids are invalid; the schema wants lowercase hex.
    if (!TRACE_ID.test(traceId) || INVALID_TRACE.test(traceId)) return undefined;
    return SPAN_ID.test(spanId) && !INVALID_SPAN.test(spanId) ? { traceId, spanId } : { traceId };
  };
}

function loadOtel(): OtelTraceApi | undefined {
  try {
    const required = createRequire(import.meta.url)('@opentelemetry/api') as { trace?: OtelTraceApi };
    return required.trace;
  } catch {
    return undefined;
  }
}
