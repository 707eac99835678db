// Valid entries for tests, built deterministically from a number so tests can name what they expect.
import type { DecisionEntry, Entry } from '@cairn/core';

const BASE = Date.UTC(2026, 10, 23, 14, 0, 0, 0);

/** An RFC 3339 time `seconds` after a fixed base. */
export function timeAt(seconds: number): string {
  return new Date(BASE + seconds * 1000).toISOString();
}

/** Options of {@link decision}. */
export type DecisionOptions = {
  readonly runId?: string;
  readonly orchestrator?: 'trigger.dev' | 'prefect' | 'airflow' | 'dagster' | 'other';
  readonly type?: string;
  readonly subject?: string;
  readonly producer?: string;
  readonly idPrefix?: string;
  /** Pads `decision.context` so the entry's canonical form is about this many bytes (e.g. 1600). */
  readonly bytes?: number;
};

/**
 * A valid decision entry number `n`.
 *
 * @example const entry = decision(7, { runId: 'run_a' }); entry.id === 'dec-7'
 */
export function decision(n: number, options: DecisionOptions = {}): DecisionEntry {
  const entry = {
    v: 1,
    kind: 'decision',
    id: `${options.idPrefix ?? 'dec'}-${n}`,
    occurredAt: timeAt(n),
    recordedAt: timeAt(n),
    producer: { id: options.producer ?? 'test-producer', seq: n },
    run: {
      orchestrator: options.orchestrator ?? 'trigger.dev',
      id: options.runId ?? `run-${Math.floor(n / 10)}`,
      workflow: { id: 'underwrite' },
      task: { id: 'score', runId: `task-${n}` },
      ids: { 'openlineage.runId': `ol-${options.runId ?? Math.floor(n / 10)}` },
    },
    ...(options.subject === undefined ? {} : { subject: { ref: options.subject } }),
    decision: {
      type: options.type ?? 'loan.underwriting',
      agent: { id: 'underwriter', version: '1.0.0' },
      model: { provider: 'openai', name: 'gpt-4o' },
      context: { applicant: `app-${n}`, amount: 1000 + n, notes: '' },
      alternatives: [
        { label: 'approve', score: 0.8, reason: 'income covers the instalment' },
        { label: 'decline', score: 0.2 },
      ],
      chosen: { label: 'approve' },
      confidence: 0.8,
      aiRole: 'advisory',
    },
  };
  if (options.bytes !== undefined) {
    const size = JSON.stringify(entry).length;
    entry.decision.context.notes = 'x'.repeat(Math.max(0, options.bytes - size));
  }
  return entry as DecisionEntry;
}

/**
 * A valid run event of run `runId` with `status`, occurring at `seconds`.
 *
 * @example runEvent('ev-1', 'run-0', 'succeeded', 30)
 */
export function runEvent(
  id: string,
  runId: string,
  status: 'queued' | 'started' | 'succeeded' | 'failed',
  seconds: number,
): Entry {
  return {
    v: 1,
    kind: 'run_event',
    id,
    occurredAt: timeAt(seconds),
    recordedAt: timeAt(seconds),
    producer: { id: 'receiver', seq: seconds },
    run: { orchestrator: 'trigger.dev', id: runId },
    runEvent: {
      status,
      state: status.toUpperCase(),
      source: { eventId: id, payloadDigest: `sha256:${'0'.repeat(64)}` },
    },
  };
}

/**
 * A valid oversight entry reviewing entry `refId`.
 *
 * @example oversight('ov-1', 'dec-3')
 */
export function oversight(id: string, refId: string): Entry {
  return {
    v: 1,
    kind: 'oversight',
    id,
    occurredAt: timeAt(1000),
    recordedAt: timeAt(1000),
    producer: { id: 'reviewer-ui', seq: 0 },
    refs: [{ id: refId }],
    oversight: { action: 'approved', reviewer: { id: 'reviewer-7', role: 'credit officer' } },
  };
}
