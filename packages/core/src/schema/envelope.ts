// The envelope every entry shares (docs/architecture.md, "The record schema"): ids and times, the producer and
// its gap-free sequence, the link to the orchestrator's run, trace context, references, subject, retention,
// redactions and tags.
import { z } from 'zod';
import { checkRedaction } from './checks.js';
import { MAX_ITEMS, MAX_KEY } from './limits.js';
import {
  digestSchema,
  httpUrlSchema,
  idSchema,
  leafHashSchema,
  list,
  oneOf,
  pseudonymousRefSchema,
  spanIdSchema,
  text,
  timeSchema,
  traceIdSchema,
  wholeNumber,
} from './primitives.js';
import { crossCheck } from './refine.js';

/** The orchestrators Cairn links runs to; `other` for anything else. @example ORCHESTRATORS.includes('dagster') */
export const ORCHESTRATORS = ['trigger.dev', 'prefect', 'airflow', 'dagster', 'other'] as const;

/** `run.ids`: every other id of the run by the orchestrator's own name, at most 100. */
const runIdsSchema = z.record(text(MAX_KEY), text(), 'an object of ids by name').superRefine((ids, ctx) => {
  const n = Object.keys(ids).length;
  if (n > MAX_ITEMS) {
    ctx.addIssue({
      code: 'custom',
      message: `expected at most ${MAX_ITEMS} ids, got ${n}`,
      params: { code: 'too_long' },
    });
  }
});

/** The run an entry belongs to, with every id the orchestrator gives it. @example runLinkSchema.safeParse(run) */
export const runLinkSchema = z
  .strictObject(
    {
      orchestrator: oneOf(ORCHESTRATORS),
      id: text(),
      workflow: z.strictObject({ id: text(), name: text().optional() }, 'an object').optional(),
      task: z
        .strictObject({ id: text(), runId: text().optional(), name: text().optional() }, 'an object')
        .optional(),
      attempt: wholeNumber(1).optional(),
      parentRunId: text().optional(),
      rootRunId: text().optional(),
      namespace: text().optional(),
      environment: text().optional(),
      tags: list(text(), 'tags').optional(),
      url: httpUrlSchema.optional(),
      ids: runIdsSchema.optional(),
    },
    'a run link object',
  )
  .meta({ id: 'RunLink' });

/** A reference to an earlier entry: its id, and optionally where it sits in the log. @example entryRefSchema.parse({ id }) */
export const entryRefSchema = z
  .strictObject(
    { id: idSchema, index: wholeNumber(0).optional(), leafHash: leafHashSchema.optional() },
    'an entry reference',
  )
  .meta({ id: 'EntryRef' });

/** What capture removed or sealed, by rule id. @example redactionSchema.safeParse(redaction) */
export const redactionSchema = z
  .strictObject(
    {
      path: text(),
      ruleId: text(),
      method: oneOf(['removed', 'masked', 'commitment']),
      commitment: digestSchema.optional(),
    },
    'a redaction object',
  )
  .check(crossCheck(checkRedaction))
  .meta({ id: 'Redaction' });

/** W3C Trace Context of the span that produced the entry. @example traceSchema.parse({ traceId, spanId }) */
export const traceSchema = z.strictObject(
  { traceId: traceIdSchema, spanId: spanIdSchema.optional() },
  'a trace object',
);

/** The fields of every entry. `run` is optional here; decisions and run events require it. */
export const envelopeShape = {
  v: z.literal(1, 'the schema version 1'),
  id: idSchema,
  occurredAt: timeSchema,
  recordedAt: timeSchema,
  producer: z.strictObject({ id: idSchema, seq: wholeNumber(0) }, 'a producer object'),
  run: runLinkSchema.optional(),
  trace: traceSchema.optional(),
  refs: list(entryRefSchema, 'entry references').optional(),
  subject: z.strictObject({ ref: pseudonymousRefSchema }, 'a subject object').optional(),
  retention: z.strictObject({ class: text() }, 'a retention object').optional(),
  redactions: list(redactionSchema, 'redactions').optional(),
  tags: list(text(), 'tags').optional(),
};

/** The references an oversight, contest, correction or anomaly concerns: at least one. */
export const requiredRefsSchema = list(entryRefSchema, 'entry references').min(
  1,
  'at least one entry reference',
);
