// The body of each entry kind (docs/architecture.md, "The record schema"). Strict objects throughout: a misspelt
// field is a problem, never silently dropped from a sealed record.
import { z } from 'zod';
import { checkDecision, checkWindow } from './checks.js';
import { json, jsonRecord } from './json-value.js';
import { MAX_ENTRY_CHARS, MAX_ERROR_MESSAGE, MAX_TEXT } from './limits.js';
import {
  digestSchema,
  list,
  numberBetween,
  oneOf,
  pseudonymousRefSchema,
  text,
  timeSchema,
} from './primitives.js';
import { crossCheck } from './refine.js';

/**
 * The states of a run as Cairn files them; the orchestrator's own name travels in `runEvent.state`.
 *
 * @example RUN_STATUSES.includes('retrying')
 */
export const RUN_STATUSES = [
  'queued',
  'started',
  'succeeded',
  'failed',
  'retrying',
  'cancelled',
  'other',
] as const;

/** How far the AI decided: alone, assisting a person, or advising one who decides. @example AI_ROLES[0] === 'sole' */
export const AI_ROLES = ['sole', 'assistive', 'advisory'] as const;

const agent = z.strictObject(
  { id: text(), name: text().optional(), version: text().optional() },
  'an object',
);

/** A prompt or a policy; `hash` is the digest of the exact content used. */
const versioned = z.strictObject(
  { id: text(), version: text().optional(), hash: digestSchema.optional() },
  'an object',
);

const person = z.strictObject({ id: text(), role: text().optional() }, 'an object');

const choice = z.strictObject({ label: text(), value: json(MAX_TEXT).optional() }, 'an object');

/** One option the agent weighed, its score and why it was or was not chosen. */
const alternativeSchema = z.strictObject(
  { label: text(), score: z.number('a finite number').optional(), reason: text().optional() },
  'an alternative object',
);

const factorSchema = z.strictObject(
  { name: text(), weight: z.number('a finite number').optional(), value: json(MAX_TEXT).optional() },
  'a factor object',
);

export const decisionBodySchema = z
  .strictObject(
    {
      type: text(),
      agent,
      model: z
        .strictObject({ provider: text(), name: text(), version: text().optional() }, 'an object')
        .optional(),
      prompt: versioned.optional(),
      policy: versioned.optional(),
      // The context and the reasoning are bounded only by the whole entry (256 KiB).
      context: jsonRecord(MAX_ENTRY_CHARS),
      alternatives: list(alternativeSchema, 'alternatives'),
      chosen: choice,
      reasoning: z
        .strictObject({ text: text(MAX_ENTRY_CHARS), source: oneOf(['model', 'application']) }, 'an object')
        .optional(),
      confidence: numberBetween(0, 1).optional(),
      factors: list(factorSchema, 'factors').optional(),
      outcome: z
        .strictObject(
          { status: text(), adverse: z.boolean('true or false'), detail: text().optional() },
          'an object',
        )
        .optional(),
      aiRole: oneOf(AI_ROLES),
      humanDecider: person.optional(),
    },
    'a decision object',
  )
  .check(crossCheck(checkDecision));

export const runEventBodySchema = z.strictObject(
  {
    status: oneOf(RUN_STATUSES),
    state: text(),
    error: z
      .strictObject(
        {
          type: text().optional(),
          // Orchestrator errors may be empty; producers truncate them to 2,000 characters.
          message: z
            .string('a string')
            .max(MAX_ERROR_MESSAGE, `a string of at most ${MAX_ERROR_MESSAGE} characters`),
        },
        'an object',
      )
      .optional(),
    source: z.strictObject(
      { eventId: text(), payloadDigest: digestSchema, type: text().optional() },
      'an object',
    ),
  },
  'a run event object',
);

export const oversightBodySchema = z.strictObject(
  {
    action: oneOf(['reviewed', 'approved', 'overridden', 'escalated']),
    reviewer: person,
    note: text().optional(),
    newChoice: choice.optional(),
  },
  'an oversight object',
);

export const contestBodySchema = z.strictObject(
  {
    by: oneOf(['data_subject', 'representative', 'other']),
    grounds: text(),
    channel: text().optional(),
    requestedAction: text().optional(),
  },
  'a contest object',
);

export const correctionBodySchema = z.strictObject(
  {
    reason: text(),
    changes: list(z.strictObject({ path: text(), value: json(MAX_TEXT) }, 'a change object'), 'changes'),
  },
  'a correction object',
);

export const erasureBodySchema = z.strictObject(
  {
    subjectRef: pseudonymousRefSchema,
    reason: oneOf(['data_subject_request', 'retention_expired', 'other']),
    keyId: text().optional(),
    note: text().optional(),
  },
  'an erasure object',
);

const windowSchema = z
  .strictObject({ from: timeSchema, to: timeSchema }, 'a window object')
  .check(crossCheck(checkWindow));

export const anomalyBodySchema = z.strictObject(
  {
    detector: text(),
    severity: oneOf(['info', 'warning', 'critical']),
    summary: text(),
    statistic: z
      .strictObject(
        { name: text(), value: z.number('a finite number'), threshold: z.number('a finite number') },
        'a statistic object',
      )
      .optional(),
    window: windowSchema.optional(),
    baseline: windowSchema.optional(),
    details: jsonRecord(MAX_TEXT).optional(),
  },
  'an anomaly object',
);
