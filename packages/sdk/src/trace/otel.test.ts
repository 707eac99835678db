import { context, trace } from '@opentelemetry/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRecorder } from '../recorder/create-recorder.js';
import { ledgerSink } from '../sinks/ledger-sink.js';
import { AsyncLocalContextManager } from '../test-support/context-manager.js';
import { loanDecision } from '../test-support/examples.js';
import { createMemoryWriter } from '../test-support/memory-writer.js';
import { otelTraceSource } from './otel.js';

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const SPAN_ID = '00f067aa0ba902b7';
const spanContext = { traceId: TRACE_ID, spanId: SPAN_ID, traceFlags: 1 };

describe('OpenTelemetry trace context', () => {
  beforeAll(() => {
    context.setGlobalContextManager(new AsyncLocalContextManager());
  });
  afterAll(() => {
    context.disable();
  });

  it('picks up the active span of the installed @opentelemetry/api, loaded without being passed in', async () => {
    const writer = createMemoryWriter();
    const recorder = createRecorder({ sink: ledgerSink(writer), agent: { id: 'a' }, logger: false });
    const active = trace.setSpan(context.active(), trace.wrapSpanContext(spanContext));
    await context.with(active, async () => {
      await Promise.resolve();
      recorder.decision(loanDecision(1));
    });
    recorder.decision(loanDecision(2));
    await recorder.close();
    expect(writer.entries[0]!.trace).toEqual({ traceId: TRACE_ID, spanId: SPAN_ID });
    expect(writer.entries[1]!.trace).toBeUndefined();
  });

  it('lets an explicit trace win over the active span, and the active span over the default', async () => {
    const writer = createMemoryWriter();
    const fallback = { traceId: 'a'.repeat(32) };
    const recorder = createRecorder({
      sink: ledgerSink(writer),
      agent: { id: 'a' },
      defaults: { trace: fallback },
      logger: false,
    });
    const explicit = { traceId: 'b'.repeat(32), spanId: 'c'.repeat(16) };
    context.with(trace.setSpan(context.active(), trace.wrapSpanContext(spanContext)), () => {
      recorder.decision(loanDecision(1, { trace: explicit }));
      recorder.decision(loanDecision(2));
    });
    recorder.decision(loanDecision(3));
    await recorder.close();
    expect(writer.entries.map((e) => e.trace)).toEqual([
      explicit,
      { traceId: TRACE_ID, spanId: SPAN_ID },
      fallback,
    ]);
  });

  it('ignores an invalid (all-zero) span context', () => {
    const source = otelTraceSource(trace)!;
    const invalid = trace.wrapSpanContext({ traceId: '0'.repeat(32), spanId: '0'.repeat(16), traceFlags: 0 });
    expect(context.with(trace.setSpan(context.active(), invalid), source)).toBeUndefined();
  });

  it('is off when otel is false', () => {
    expect(otelTraceSource(false)).toBeUndefined();
  });
});
