import type { Decision, EntryKind, EntryRef, Problem, Redaction, RunLink, TraceContext } from '@cairn/core';
import type { TraceSource } from '../trace/otel.js';
import type { RecorderDefaults } from './types.js';

/** The key each kind keeps its body under (docs/architecture.md, "The record schema"). */
export const BODY_KEY = {
  decision: 'decision',
  run_event: 'runEvent',
  oversight: 'oversight',
  contest: 'contest',
  correction: 'correction',
  erasure: 'erasure',
  anomaly: 'anomaly',
} as const satisfies Record<EntryKind, string>;

/** The kinds the recorder writes. */
export type RecordedKind = Exclude<EntryKind, 'anomaly'>;

/** Defaults resolved once per recorder view: the agent and producer come from the recorder itself. */
export type Layer = RecorderDefaults & { readonly agent: Decision['agent'] };

/** The envelope fields of an input, split from its body. */
export type SplitInput = {
  readonly envelope: {
    occurredAt?: Date | string;
    run?: Partial<RunLink>;
    trace?: TraceContext;
    subject?: { ref: string };
    retention?: { class: string };
    tags?: readonly string[];
    refs?: readonly (string | EntryRef)[];
  };
  readonly body: Record<string, unknown>;
};

/** Splits a call's input into envelope fields and body. */
export function splitInput(input: unknown): SplitInput {
  if (typeof input !== 'object' || input === null)
    return { envelope: {}, body: input as Record<string, unknown> };
  const { occurredAt, run, trace, subject, retention, tags, refs, ...body } =
    input as SplitInput['envelope'] & Record<string, unknown>;
  return { envelope: { occurredAt, run, trace, subject, retention, tags, refs }, body };
}

/** Fills a decision body's fields from the defaults where the call left them out. */
export function withDecisionDefaults(body: Record<string, unknown>, layer: Layer): Record<string, unknown> {
  return {
    ...body,
    agent: body.agent ?? layer.agent,
    model: body.model ?? layer.model,
    prompt: body.prompt ?? layer.prompt,
    policy: body.policy ?? layer.policy,
    aiRole: body.aiRole ?? layer.aiRole,
  };
}

/** Everything the envelope needs besides the input. */
export type EnvelopeParts = {
  readonly kind: RecordedKind;
  readonly id: string;
  readonly producer: { readonly id: string; readonly seq: number };
  readonly nowMs: number;
  readonly layer: Layer;
  readonly traceSource: TraceSource | undefined;
  readonly body: unknown;
  readonly redactions: readonly Redaction[];
};

/** Builds the candidate entry; `validateEntry` then checks it and leaves out undefined fields. */
export function buildEnvelope(split: SplitInput, parts: EnvelopeParts): Record<string, unknown> {
  const { envelope } = split;
  const { layer } = parts;
  const recordedAt = new Date(parts.nowMs).toISOString();
  return {
    v: 1,
    kind: parts.kind,
    id: parts.id,
    occurredAt:
      envelope.occurredAt instanceof Date
        ? envelope.occurredAt.toISOString()
        : (envelope.occurredAt ?? recordedAt),
    recordedAt,
    producer: parts.producer,
    run: mergeRun(layer.run, envelope.run),
    trace: envelope.trace ?? parts.traceSource?.() ?? layer.trace,
    refs: envelope.refs?.map((r) => (typeof r === 'string' ? { id: r } : r)),
    subject: envelope.subject,
    retention: envelope.retention ?? layer.retention,
    redactions: parts.redactions.length > 0 ? parts.redactions : undefined,
    tags: mergeTags(layer.tags, envelope.tags),
    [BODY_KEY[parts.kind]]: parts.body,
  };
}

function mergeRun(
  base: Partial<RunLink> | undefined,
  call: Partial<RunLink> | undefined,
): Partial<RunLink> | undefined {
  if (base === undefined || call === undefined) return call ?? base;
  return { ...base, ...call };
}

function mergeTags(
  base: readonly string[] | undefined,
  call: readonly string[] | undefined,
): string[] | undefined {
  if (base === undefined || call === undefined) return (call ?? base)?.slice();
  return [...new Set([...base, ...call])];
}

/** Problems of an invalid input, as one sentence for an error message. */
export function describeInvalid(kind: RecordedKind, problems: readonly Problem[]): string {
  return `invalid ${kind} entry: ${problems.map((p) => p.message).join('; ')}`;
}
