// What the demo sends, as data: each story is a list of steps — an orchestrator payload for a receiver, entries for
// `POST /v1/decisions`, or real code that records into a sink (Trigger.dev tasks under @cairn/trigger's middleware)
// — so it can be planned, inspected and tested without a server, then sent in order.
import type { AppendResult, Entry, EntryRef } from '@cairn/core';
import type { Sink } from '@cairn/sdk';
import type { Micros } from './clock.js';
import type { DemoIds } from './ids.js';

/** The orchestrators the demo drives. */
export type DemoOrchestrator = 'airflow' | 'prefect' | 'dagster' | 'trigger.dev';

/** The receiver paths the demo posts orchestrator payloads to. */
export type ReceiverPath = '/api/v1/lineage' | '/hooks/prefect' | '/hooks/dagster';

/** A payload exactly as the orchestrator sends it. */
export type PayloadStep = {
  readonly kind: 'payload';
  readonly orchestrator: DemoOrchestrator;
  readonly path: ReceiverPath;
  /** The body text, as the orchestrator serialises it. */
  readonly body: string;
  /** Sent with `Content-Encoding: gzip` (openlineage-python's `compression: gzip`). */
  readonly gzip: boolean;
  readonly message: string;
};

/** What the server answered for entries already sent, so later entries can refer to them by index and leaf hash. */
export type Acks = {
  /** `{ id, index, leafHash }` once the entry was acknowledged, `{ id }` before. */
  ref(id: string): EntryRef;
};

/** Entries for `POST /v1/decisions`, built when the step runs (so their refs can carry the server's answers). */
export type EntriesStep = {
  readonly kind: 'entries';
  readonly orchestrator: DemoOrchestrator;
  readonly entries: (acks: Acks) => readonly Entry[];
  readonly message: string;
};

/** Real code that records entries into the sink it is given (an SDK `httpSink` to the server); its receipts. */
export type DriveStep = {
  readonly kind: 'drive';
  readonly orchestrator: DemoOrchestrator;
  readonly drive: (sink: Sink) => Promise<readonly AppendResult[]>;
  readonly message: string;
};

export type Step = PayloadStep | EntriesStep | DriveStep;

/** Steps sent `concurrency` at a time (1: in order). */
export type Stage = { readonly steps: readonly Step[]; readonly concurrency: number };

/** What every story is built from. */
export type StoryContext = {
  readonly ids: DemoIds;
  /** 00:00 UTC of the story's day. */
  readonly day: Micros;
  /** When the demo records its own entries (RFC 3339): now, whatever the story's times. */
  readonly recordedAt: string;
};

/** A run the story creates, for the report. */
export type StoryRun = {
  readonly orchestrator: DemoOrchestrator;
  readonly runId: string;
  readonly workflow: string;
};

/** Entries worth pointing a newcomer at, by entry id (and the agent whose history drifts). */
export type DemoHighlights = {
  /** A decline a senior underwriter overrode to a referral (its `linked` entries hold the oversight). */
  readonly overriddenDecision: string;
  /** An adverse decline its data subject contested. */
  readonly contestedDecision: string;
  /** A claims-triage decision a later correction supersedes. */
  readonly correctedDecision: string;
  /** A deterioration alert that paged the rapid-response team, with the clinician who decided. */
  readonly rapidResponsePage: string;
  /** The agent whose last week drifts from its baseline, after a model and policy rollout. */
  readonly driftingAgent: string;
};

/** One orchestrator's story: its stages, the runs it creates, and entries worth pointing a newcomer at. */
export type Story = {
  readonly stages: readonly Stage[];
  readonly runs: readonly StoryRun[];
  readonly highlights: Partial<DemoHighlights>;
};

/** A step that sends entries known in advance. @example entriesStep('prefect', 'claims decisions', entries) */
export function entriesStep(
  orchestrator: DemoOrchestrator,
  message: string,
  entries: readonly Entry[],
): EntriesStep {
  return { kind: 'entries', orchestrator, message, entries: () => entries };
}

/** Acknowledgements by entry id. */
export type AckBook = Acks & { record(results: readonly AppendResult[]): void };

/** @example const acks = ackBook(); acks.record(results); acks.ref(id) */
export function ackBook(): AckBook {
  const seen = new Map<string, AppendResult>();
  return {
    record(results) {
      for (const r of results) seen.set(r.id, r);
    },
    ref(id) {
      const r = seen.get(id);
      return r === undefined ? { id } : { id, index: r.index, leafHash: r.leafHash };
    },
  };
}
