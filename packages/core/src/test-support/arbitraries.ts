// fast-check arbitraries of valid entries, for property tests here and in other packages (canonical JSON,
// ledgers, exporters). Every value they produce passes validateEntry; the schema tests check that they do.
import fc from 'fast-check';
import type { DecisionEntry, Json, RunEventEntry, RunLink } from '../schema/entry.js';

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** Any printable Unicode text (well-formed UTF-16), 1..`max` characters. */
export function textArb(max = 40): fc.Arbitrary<string> {
  return fc
    .string({ unit: 'grapheme', minLength: 1, maxLength: max })
    .filter((s) => s.length > 0 && s.length <= 10_000);
}

export const idArb: fc.Arbitrary<string> = fc.stringMatching(/^[A-Za-z0-9._:@/-]{1,128}$/);

/** RFC 3339 times with `Z` or an offset and 0 to 9 fraction digits, days kept below 29 so every month has them. */
export const timeArb: fc.Arbitrary<string> = fc
  .record({
    date: fc.tuple(
      fc.integer({ min: 1, max: 9998 }),
      fc.integer({ min: 1, max: 12 }),
      fc.integer({ min: 1, max: 28 }),
    ),
    time: fc.tuple(
      fc.integer({ min: 0, max: 23 }),
      fc.integer({ min: 0, max: 59 }),
      fc.integer({ min: 0, max: 59 }),
    ),
    fraction: fc.stringMatching(/^(\.\d{1,9})?$/),
    offset: fc.oneof(
      fc.constant('Z'),
      fc.tuple(fc.constantFrom('+', '-'), fc.integer({ min: 0, max: 14 }), fc.constantFrom(0, 30, 45)),
    ),
  })
  .map(({ date: [y, mo, d], time: [h, mi, s], fraction, offset }) => {
    const zone = offset === 'Z' ? 'Z' : `${offset[0]}${pad(offset[1])}:${pad(offset[2])}`;
    return `${pad(y, 4)}-${pad(mo)}-${pad(d)}T${pad(h)}:${pad(mi)}:${pad(s)}${fraction}${zone}`;
  });

const hexArb = (length: number) =>
  fc.stringMatching(new RegExp(`^[0-9a-f]{${length}}$`)).filter((h) => /[1-9a-f]/.test(h));
export const digestArb: fc.Arbitrary<string> = hexArb(64).map((hex) => `sha256:${hex}`);

/** I-JSON numbers: finite, integers within ±(2^53 − 1), and no -0 (JSON text cannot keep it). */
const numberArb = fc.oneof(
  fc.integer(),
  fc
    .double({ noNaN: true, noDefaultInfinity: true })
    .filter((n) => !Object.is(n, -0) && (!Number.isInteger(n) || Number.isSafeInteger(n))),
);

const keyArb = fc
  .string({ unit: 'grapheme', maxLength: 20 })
  .filter((k) => k !== '__proto__' && k !== 'prototype');

/** Any I-JSON value a few levels deep. */
export const jsonArb: fc.Arbitrary<Json> = fc.letrec<{ json: Json }>((tie) => ({
  json: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constant(null),
    fc.boolean(),
    numberArb,
    fc.string({ unit: 'grapheme', maxLength: 30 }),
    fc.array(tie('json'), { maxLength: 4 }),
    fc.dictionary(keyArb, tie('json'), { maxKeys: 4 }),
  ),
})).json;

export const runLinkArb: fc.Arbitrary<RunLink> = fc.record(
  {
    orchestrator: fc.constantFrom('trigger.dev', 'prefect', 'airflow', 'dagster', 'other'),
    id: textArb(),
    workflow: fc.record({ id: textArb(), name: textArb() }, { requiredKeys: ['id'] }),
    task: fc.record({ id: textArb(), runId: textArb(), name: textArb() }, { requiredKeys: ['id'] }),
    attempt: fc.integer({ min: 1, max: 1000 }),
    parentRunId: textArb(),
    rootRunId: textArb(),
    namespace: textArb(),
    environment: textArb(),
    tags: fc.array(textArb(), { maxLength: 5 }),
    url: fc.webUrl({ validSchemes: ['http', 'https'] }),
    ids: fc.dictionary(
      keyArb.filter((k) => k.length > 0),
      textArb(),
      { maxKeys: 5 },
    ),
  },
  { requiredKeys: ['orchestrator', 'id'] },
);

const envelopeArb = fc.record(
  {
    v: fc.constant(1 as const),
    id: idArb,
    occurredAt: timeArb,
    recordedAt: timeArb,
    producer: fc.record({ id: idArb, seq: fc.nat({ max: Number.MAX_SAFE_INTEGER }) }),
    trace: fc.record({ traceId: hexArb(32), spanId: hexArb(16) }, { requiredKeys: ['traceId'] }),
    refs: fc.array(
      fc.record({ id: idArb, index: fc.nat(), leafHash: hexArb(64) }, { requiredKeys: ['id'] }),
      { maxLength: 3 },
    ),
    subject: fc.record({ ref: hexArb(32).map((h) => `hmac:${h}`) }),
    retention: fc.record({ class: textArb() }),
    tags: fc.array(textArb(), { maxLength: 5 }),
  },
  { requiredKeys: ['v', 'id', 'occurredAt', 'recordedAt', 'producer'] },
);

const alternativesArb = fc.uniqueArray(
  fc.record({ label: textArb(), score: numberArb, reason: textArb() }, { requiredKeys: ['label'] }),
  { selector: (a) => a.label, maxLength: 6 },
);

/** A decision body whose chosen label is one of its alternatives whenever it lists any. */
const decisionBodyArb = fc
  .record({
    alternatives: alternativesArb,
    pick: fc.nat(),
    chosenValue: fc.option(jsonArb, { nil: undefined }),
    freeLabel: textArb(),
    rest: fc.record(
      {
        type: textArb(),
        agent: fc.record({ id: textArb(), name: textArb(), version: textArb() }, { requiredKeys: ['id'] }),
        model: fc.record(
          { provider: textArb(), name: textArb(), version: textArb() },
          { requiredKeys: ['provider', 'name'] },
        ),
        prompt: fc.record({ id: textArb(), version: textArb(), hash: digestArb }, { requiredKeys: ['id'] }),
        context: fc.dictionary(keyArb, jsonArb, { maxKeys: 6 }),
        reasoning: fc.record({
          text: textArb(200),
          source: fc.constantFrom('model' as const, 'application' as const),
        }),
        confidence: fc.double({ min: 0, max: 1, noNaN: true }).filter((n) => !Object.is(n, -0)),
        factors: fc.array(
          fc.record({ name: textArb(), weight: numberArb, value: jsonArb }, { requiredKeys: ['name'] }),
          { maxLength: 4 },
        ),
        outcome: fc.record(
          { status: textArb(), adverse: fc.boolean(), detail: textArb() },
          { requiredKeys: ['status', 'adverse'] },
        ),
        aiRole: fc.constantFrom('sole' as const, 'assistive' as const, 'advisory' as const),
        humanDecider: fc.record({ id: textArb(), role: textArb() }, { requiredKeys: ['id'] }),
      },
      { requiredKeys: ['type', 'agent', 'context', 'aiRole'] },
    ),
  })
  .map(({ alternatives, pick, chosenValue, freeLabel, rest }) => {
    const label = alternatives.length > 0 ? alternatives[pick % alternatives.length]!.label : freeLabel;
    const chosen = chosenValue === undefined ? { label } : { label, value: chosenValue };
    return { ...rest, alternatives, chosen };
  });

/** Random valid decision entries. */
export const decisionEntryArb: fc.Arbitrary<DecisionEntry> = fc
  .record({ envelope: envelopeArb, run: runLinkArb, decision: decisionBodyArb })
  .map(({ envelope, run, decision }) => ({ ...envelope, kind: 'decision' as const, run, decision }));

/** Random valid run events. */
export const runEventEntryArb: fc.Arbitrary<RunEventEntry> = fc
  .record({
    envelope: envelopeArb,
    run: runLinkArb,
    runEvent: fc.record(
      {
        status: fc.constantFrom('queued', 'started', 'succeeded', 'failed', 'retrying', 'cancelled', 'other'),
        state: textArb(),
        error: fc.record(
          { type: textArb(), message: fc.string({ unit: 'grapheme', maxLength: 200 }) },
          { requiredKeys: ['message'] },
        ),
        source: fc.record(
          { eventId: textArb(), payloadDigest: digestArb, type: textArb() },
          { requiredKeys: ['eventId', 'payloadDigest'] },
        ),
      },
      { requiredKeys: ['status', 'state', 'source'] },
    ),
  })
  .map(({ envelope, run, runEvent }) => ({ ...envelope, kind: 'run_event' as const, run, runEvent }));

/** Any JavaScript value fast-check makes, the odd ones included (boxed, sparse, typed, null-prototype, Map, Date). */
export const anyValueArb: fc.Arbitrary<unknown> = fc.anything({
  withBigInt: true,
  withBoxedValues: true,
  withDate: true,
  withMap: true,
  withNullPrototype: true,
  withObjectString: true,
  withSparseArray: true,
  withTypedArray: true,
  withUnicodeString: true,
});
