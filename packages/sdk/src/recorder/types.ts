import type {
  AppendResult,
  Contest,
  Correction,
  Decision,
  EntryRef,
  Oversight,
  Problem,
  Result,
  RunEvent,
  RunLink,
  TraceContext,
} from '@cairn/core';

/** `'open'`: auditing never throws into the task. `'closed'`: a call resolves only once its entry is durable. */
export type FailMode = 'open' | 'closed';

/**
 * What happens when `maxQueue` entries wait in memory and one more comes:
 * - `'spool'` (default with a spooled sink): the whole queue is appended to the spool's journal at once, from the
 *   caller's turn; memory is freed and nothing is lost while the disk has room.
 * - `'block'` (default under fail-closed without a spool): the call waits for room. Only with `failMode: 'closed'`,
 *   where calls are asynchronous anyway.
 * - `'drop-oldest-and-report'`: the oldest waiting entry is dropped and reported; its `seq` leaves a gap the
 *   ledger shows.
 * - `'reject'` (default under fail-open without a spool): the new entry is refused (`ok: false`, `queue_full`).
 */
export type OverflowPolicy = 'spool' | 'block' | 'drop-oldest-and-report' | 'reject';

type Simplify<T> = { [K in keyof T]: T[K] } & {};

/** Envelope fields any call may carry; the recorder fills in the rest (`id`, `producer`, times). */
export type EnvelopeInput = {
  /** When it happened (default: now), a Date or an RFC 3339 UTC string. `recordedAt` is always now. */
  readonly occurredAt?: Date | string;
  /** The orchestrator run, merged field by field over `defaults.run`. */
  readonly run?: Partial<RunLink>;
  /** W3C trace context; default: the active OpenTelemetry span, then `defaults.trace`. */
  readonly trace?: TraceContext;
  /** The pseudonymous data subject (never a name or an email); required when a seal rule applies. */
  readonly subject?: { readonly ref: string };
  /** Retention class, e.g. `'eu-ai-act-6m'`; default `defaults.retention`. */
  readonly retention?: { readonly class: string };
  /** Added to `defaults.tags`. */
  readonly tags?: readonly string[];
};

/** The entries a linked entry concerns: ids, or references with their place in the log. */
export type RefsInput = { readonly refs: readonly (string | EntryRef)[] };

/** A decision as the agent reports it; `agent`, `model`, `prompt`, `policy` and `aiRole` may come from defaults. */
export type DecisionInput = Simplify<
  Omit<Decision, 'agent' | 'aiRole'> & {
    readonly agent?: Decision['agent'];
    readonly aiRole?: Decision['aiRole'];
  } & EnvelopeInput
>;
/** A person reviewed, approved, overrode or escalated earlier entries. */
export type OversightInput = Simplify<Oversight & RefsInput & EnvelopeInput>;
/** Someone contested earlier decisions (GDPR Art. 22(3)). */
export type ContestInput = Simplify<Contest & RefsInput & EnvelopeInput>;
/** A correction superseding earlier entries; nothing sealed is edited. */
export type CorrectionInput = Simplify<Correction & RefsInput & EnvelopeInput>;
/** One state change of the orchestrator run; `run` may come from defaults. */
export type RunEventInput = Simplify<RunEvent & EnvelopeInput>;

/** Values merged into every entry; per-call values win. */
export type RecorderDefaults = {
  readonly run?: Partial<RunLink>;
  readonly model?: Decision['model'];
  readonly prompt?: Decision['prompt'];
  readonly policy?: Decision['policy'];
  readonly aiRole?: Decision['aiRole'];
  readonly trace?: TraceContext;
  readonly retention?: { readonly class: string };
  readonly tags?: readonly string[];
};

/**
 * An entry accepted for capture. `sealed` resolves (never rejects) with the ledger's receipt once the entry is
 * committed, or with the problems that kept it out; it is created only when read, so entries nobody waits for
 * cost nothing after they are durable.
 */
export type Captured = {
  readonly ok: true;
  readonly id: string;
  readonly seq: number;
  readonly sealed: Promise<Result<AppendResult>>;
};

/** An entry refused at capture (fail-open only): every problem, each naming its field. */
export type Refused = {
  readonly ok: false;
  readonly id: undefined;
  readonly seq: undefined;
  readonly problems: readonly Problem[];
  readonly sealed: Promise<Result<AppendResult>>;
};

/** What a recording call returns: at once under fail-open, once durable under fail-closed. */
export type Recorded<M extends FailMode> = M extends 'closed' ? Promise<Captured> : Captured | Refused;

/**
 * Makes an entry id from what the recorder knows when it captures the entry: its producer, the sequence number the
 * entry gets, and the clock's time.
 *
 * @example const entryId: EntryIdMaker = ({ producerId, seq }) => `${producerId}.${seq}`;
 */
export type EntryIdMaker = (made: {
  readonly producerId: string;
  readonly seq: number;
  readonly nowMs: number;
}) => string;
