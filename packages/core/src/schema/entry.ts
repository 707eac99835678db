// The record schema of Cairn (docs/architecture.md, "The record schema"): one envelope, seven kinds, all sealed
// in the same log. The exact RFC 8785 bytes of a whole entry are its Merkle leaf, so nothing here normalises.
import { z } from 'zod';
import {
  AI_ROLES,
  RUN_STATUSES,
  anomalyBodySchema,
  contestBodySchema,
  correctionBodySchema,
  decisionBodySchema,
  erasureBodySchema,
  oversightBodySchema,
  runEventBodySchema,
} from './bodies.js';
import { ORCHESTRATORS, envelopeShape, requiredRefsSchema, runLinkSchema } from './envelope.js';
import type { entryRefSchema, redactionSchema, traceSchema } from './envelope.js';

export type { Json } from './json-value.js';
export { jsonValueSchema } from './json-value.js';
export { entryRefSchema, redactionSchema, runLinkSchema, traceSchema } from './envelope.js';
export { AI_ROLES, ORCHESTRATORS, RUN_STATUSES };

/** The kinds of entry, each with its body under its own key. @example ENTRY_KINDS.includes(kind) */
export const ENTRY_KINDS = [
  'decision',
  'run_event',
  'oversight',
  'contest',
  'correction',
  'erasure',
  'anomaly',
] as const;

/** Where each kind keeps its body: `{ kind: 'run_event', runEvent: { … } }`. @example entry[BODY_KEYS[entry.kind]] */
export const BODY_KEYS = {
  decision: 'decision',
  run_event: 'runEvent',
  oversight: 'oversight',
  contest: 'contest',
  correction: 'correction',
  erasure: 'erasure',
  anomaly: 'anomaly',
} as const satisfies Record<(typeof ENTRY_KINDS)[number], string>;

function kindOf<K extends (typeof ENTRY_KINDS)[number]>(kind: K) {
  return z.literal(kind, `the kind ${kind}`);
}

const { v, ...envelope } = envelopeShape;

/** A decision an agent took: what it saw, what it weighed, what it chose and why. @example decisionEntrySchema.shape.decision */
export const decisionEntrySchema = z
  .strictObject(
    { v, kind: kindOf('decision'), ...envelope, run: runLinkSchema, decision: decisionBodySchema },
    'an entry object',
  )
  .meta({ id: 'DecisionEntry' });

/** One state transition of an orchestrator run. @example runEventEntrySchema.safeParse(value) */
export const runEventEntrySchema = z
  .strictObject(
    { v, kind: kindOf('run_event'), ...envelope, run: runLinkSchema, runEvent: runEventBodySchema },
    'an entry object',
  )
  .meta({ id: 'RunEventEntry' });

/** A person reviewed, approved, overrode or escalated the entries in `refs`. @example oversightEntrySchema.safeParse(value) */
export const oversightEntrySchema = z
  .strictObject(
    { v, kind: kindOf('oversight'), ...envelope, refs: requiredRefsSchema, oversight: oversightBodySchema },
    'an entry object',
  )
  .meta({ id: 'OversightEntry' });

/** Someone contested the decisions in `refs`. @example contestEntrySchema.safeParse(value) */
export const contestEntrySchema = z
  .strictObject(
    { v, kind: kindOf('contest'), ...envelope, refs: requiredRefsSchema, contest: contestBodySchema },
    'an entry object',
  )
  .meta({ id: 'ContestEntry' });

/** Supersedes the entries in `refs`: nothing sealed is ever edited in place. @example correctionEntrySchema.safeParse(value) */
export const correctionEntrySchema = z
  .strictObject(
    {
      v,
      kind: kindOf('correction'),
      ...envelope,
      refs: requiredRefsSchema,
      correction: correctionBodySchema,
    },
    'an entry object',
  )
  .meta({ id: 'CorrectionEntry' });

/**
 * A tombstone: the subject's personal data was erased (its key destroyed); the log keeps only this.
 *
 * @example erasureEntrySchema.safeParse(value)
 */
export const erasureEntrySchema = z
  .strictObject({ v, kind: kindOf('erasure'), ...envelope, erasure: erasureBodySchema }, 'an entry object')
  .meta({ id: 'ErasureEntry' });

/** A monitoring finding about the entries in `refs`. @example anomalyEntrySchema.safeParse(value) */
export const anomalyEntrySchema = z
  .strictObject(
    { v, kind: kindOf('anomaly'), ...envelope, refs: requiredRefsSchema, anomaly: anomalyBodySchema },
    'an entry object',
  )
  .meta({ id: 'AnomalyEntry' });

/** The schema of each kind, by kind. @example ENTRY_SCHEMAS[entry.kind] */
export const ENTRY_SCHEMAS = {
  decision: decisionEntrySchema,
  run_event: runEventEntrySchema,
  oversight: oversightEntrySchema,
  contest: contestEntrySchema,
  correction: correctionEntrySchema,
  erasure: erasureEntrySchema,
  anomaly: anomalyEntrySchema,
} as const;

/**
 * Any entry, by its `kind`. For untrusted input use `validateEntry`: it first reads the input as plain JSON
 * (getters, Proxies, cycles, size) and reports every problem, where this schema alone assumes plain data.
 *
 * @example entrySchema.safeParse(JSON.parse(text))
 */
export const entrySchema = z
  .discriminatedUnion(
    'kind',
    [
      decisionEntrySchema,
      runEventEntrySchema,
      oversightEntrySchema,
      contestEntrySchema,
      correctionEntrySchema,
      erasureEntrySchema,
      anomalyEntrySchema,
    ],
    `one of ${ENTRY_KINDS.join(', ')}`,
  )
  .meta({
    title: 'Cairn ledger entry',
    description: 'One entry of a Cairn ledger: an envelope and the body of its kind.',
  });

/** Any entry. @example const entries: Entry[] = [decision, runEvent] */
export type Entry = z.infer<typeof entrySchema>;
/** @example const entry: DecisionEntry = { v: 1, kind: 'decision', …, decision: { type: 'loan.underwriting', … } } */
export type DecisionEntry = z.infer<typeof decisionEntrySchema>;
/** @example const entry: RunEventEntry = { v: 1, kind: 'run_event', …, runEvent: { status: 'started', … } } */
export type RunEventEntry = z.infer<typeof runEventEntrySchema>;
/** @example const entry: OversightEntry = { v: 1, kind: 'oversight', refs: [{ id }], oversight: { action: 'approved', … } } */
export type OversightEntry = z.infer<typeof oversightEntrySchema>;
/** @example const entry: ContestEntry = { v: 1, kind: 'contest', refs: [{ id }], contest: { by: 'data_subject', … } } */
export type ContestEntry = z.infer<typeof contestEntrySchema>;
/** @example const entry: CorrectionEntry = { v: 1, kind: 'correction', refs: [{ id }], correction: { reason, changes } } */
export type CorrectionEntry = z.infer<typeof correctionEntrySchema>;
/** @example const entry: ErasureEntry = { v: 1, kind: 'erasure', …, erasure: { subjectRef, reason: 'retention_expired' } } */
export type ErasureEntry = z.infer<typeof erasureEntrySchema>;
/** @example const entry: AnomalyEntry = { v: 1, kind: 'anomaly', refs: [{ id }], anomaly: { detector, severity, summary } } */
export type AnomalyEntry = z.infer<typeof anomalyEntrySchema>;

/** `'decision' | 'run_event' | 'oversight' | 'contest' | 'correction' | 'erasure' | 'anomaly'`. @example const k: EntryKind = 'run_event' */
export type EntryKind = (typeof ENTRY_KINDS)[number];
/** `'queued' | 'started' | 'succeeded' | 'failed' | 'retrying' | 'cancelled' | 'other'`. @example const s: RunStatus = 'retrying' */
export type RunStatus = (typeof RUN_STATUSES)[number];
/** `'trigger.dev' | 'prefect' | 'airflow' | 'dagster' | 'other'`. @example const o: Orchestrator = 'prefect' */
export type Orchestrator = (typeof ORCHESTRATORS)[number];
/** `'sole' | 'assistive' | 'advisory'`. @example const role: AiRole = 'advisory' */
export type AiRole = (typeof AI_ROLES)[number];

/** The run an entry belongs to. @example const run: RunLink = { orchestrator: 'airflow', id: 'manual__2026-01-01T00:00:00+00:00' } */
export type RunLink = z.infer<typeof runLinkSchema>;
/** A reference to an earlier entry. @example const ref: EntryRef = { id: '0193a1f2-…', index: 41 } */
export type EntryRef = z.infer<typeof entryRefSchema>;
/** What capture removed or sealed. @example const r: Redaction = { path: 'decision.context.ssn', ruleId: 'pii.ssn', method: 'removed' } */
export type Redaction = z.infer<typeof redactionSchema>;
/** W3C trace context. @example const trace: TraceContext = { traceId: '4bf92f3577b34da6a3ce929d0e0e4736' } */
export type TraceContext = z.infer<typeof traceSchema>;
/** The body of a decision entry. @example const body: Decision = entry.decision */
export type Decision = z.infer<typeof decisionBodySchema>;
/** The body of a run event entry. @example const body: RunEvent = entry.runEvent */
export type RunEvent = z.infer<typeof runEventBodySchema>;
/** The body of an oversight entry. @example const body: Oversight = entry.oversight */
export type Oversight = z.infer<typeof oversightBodySchema>;
/** The body of a contest entry. @example const body: Contest = entry.contest */
export type Contest = z.infer<typeof contestBodySchema>;
/** The body of a correction entry. @example const body: Correction = entry.correction */
export type Correction = z.infer<typeof correctionBodySchema>;
/** The body of an erasure entry. @example const body: Erasure = entry.erasure */
export type Erasure = z.infer<typeof erasureBodySchema>;
/** The body of an anomaly entry. @example const body: Anomaly = entry.anomaly */
export type Anomaly = z.infer<typeof anomalyBodySchema>;
