// Turns zod issues and our own findings into `Problem`s that read `decision.confidence: expected a number between 0
// and 1, got 1.7`. Every schema leaf carries its expectation as its zod error text ("a number between 0 and 1");
// this module adds the path and what came, echoing short values only where echoing cannot leak a secret.
import type { z } from 'zod';
import { describeValue, problem } from '../result.js';
import type { Problem } from '../result.js';
import { formatPath, prefixPath } from './paths.js';
import type { PathSegment } from './paths.js';

/** The stable codes of entry problems; programs branch on these, people read the message. @example if (p.code === 'unknown_field') … */
export type EntryProblemCode =
  | 'required'
  | 'invalid_type'
  | 'invalid_value'
  | 'invalid_format'
  | 'out_of_range'
  | 'too_short'
  | 'too_long'
  | 'unknown_field'
  | 'not_json'
  | 'unreadable'
  | 'cycle'
  | 'too_deep'
  | 'too_large'
  | 'forbidden_key'
  | 'kind_mismatch'
  | 'not_pseudonymous'
  | 'not_an_alternative'
  | 'duplicate'
  | 'invalid_range';

/** A problem before its path is rendered: `text` is what follows `<path>: `. */
export type Finding = {
  readonly segments: readonly PathSegment[];
  readonly code: EntryProblemCode;
  readonly text: string;
};

/**
 * Fields whose values are never echoed, even short ones: a URL may carry a token, a subject reference is
 * personal data by design, free text may hold anything. Enums, ids, times and numbers are echoed (truncated).
 */
const NO_ECHO = new Set([
  'url',
  'ref',
  'subjectRef',
  'context',
  'details',
  'value',
  'text',
  'note',
  'grounds',
  'message',
]);

/** What came, for a message: short values when safe, else only their type and size. */
export function shown(input: unknown, segments: readonly PathSegment[]): string {
  if (typeof input === 'string' && segments.some((s) => typeof s === 'string' && NO_ECHO.has(s))) {
    return `a string of ${input.length} characters`;
  }
  return describeValue(input);
}

/** What came instead of the expected type: `got number`, `got an array of 3`; a number that is not whole, itself. */
function typeName(input: unknown, received: unknown, expected: unknown): string {
  if (typeof received === 'string' && (received === 'NaN' || received === 'Infinity'))
    return `number ${received}`;
  if (typeof input === 'number' && (expected === 'int' || expected === 'number')) return describeValue(input);
  if (typeof input === 'string' || typeof input === 'number' || typeof input === 'boolean')
    return typeof input;
  return describeValue(input);
}

function segmentsOf(path: readonly PropertyKey[]): PathSegment[] {
  return path.map((s) => (typeof s === 'number' || typeof s === 'string' ? s : String(s)));
}

function sizeCode(issue: { origin?: unknown }, tooBig: boolean): EntryProblemCode {
  if (issue.origin === 'number' || issue.origin === 'int' || issue.origin === 'bigint') return 'out_of_range';
  return tooBig ? 'too_long' : 'too_short';
}

/** A discriminated union names the discriminator's value; any other union failing is a value of no JSON type. */
function unionFinding(issue: z.core.$ZodIssueInvalidUnion, segments: readonly PathSegment[]): Finding {
  const key = issue.discriminator;
  if (key === undefined)
    return {
      segments,
      code: 'invalid_type',
      text: `expected ${issue.message}, got ${shown(issue.input, segments)}`,
    };
  const value =
    typeof issue.input === 'object' && issue.input !== null
      ? (issue.input as Record<string, unknown>)[key]
      : undefined;
  return {
    segments,
    code: 'invalid_value',
    text: `expected ${issue.message}, got ${shown(value, segments)}`,
  };
}

/** One zod issue as findings (an unknown-keys issue becomes one finding per key, each with the key in its path). */
function findingsOfIssue(issue: z.core.$ZodIssue): Finding[] {
  const segments = segmentsOf(issue.path);
  const got = () => shown(issue.input, segments);
  const received = (issue as { received?: unknown }).received;
  if (
    issue.code !== 'custom' &&
    issue.code !== 'unrecognized_keys' &&
    issue.input === undefined &&
    received === undefined
  ) {
    return [{ segments, code: 'required', text: `expected ${issue.message}, got nothing` }];
  }
  switch (issue.code) {
    case 'unrecognized_keys':
      return issue.keys.map((key) => ({
        segments: [...segments, key],
        code: 'unknown_field',
        text: 'unknown field',
      }));
    case 'custom': {
      const params = (issue.params ?? {}) as { code?: EntryProblemCode };
      return [{ segments, code: params.code ?? 'invalid_value', text: issue.message }];
    }
    case 'invalid_type':
      return [
        {
          segments,
          code: 'invalid_type',
          text: `expected ${issue.message}, got ${typeName(issue.input, received, issue.expected)}`,
        },
      ];
    case 'too_big':
    case 'too_small':
      return [
        {
          segments,
          code: sizeCode(issue, issue.code === 'too_big'),
          text: `expected ${issue.message}, got ${got()}`,
        },
      ];
    case 'invalid_format':
      return [{ segments, code: 'invalid_format', text: `expected ${issue.message}, got ${got()}` }];
    case 'invalid_union':
      return [unionFinding(issue, segments)];
    case 'invalid_key': {
      const inner = issue.issues[0]?.message ?? 'a valid key';
      return [{ segments, code: 'invalid_value', text: `expected ${inner} as the key, got ${got()}` }];
    }
    default:
      return [{ segments, code: 'invalid_value', text: `expected ${issue.message}, got ${got()}` }];
  }
}

/** Every finding of a failed zod parse. */
export function findingsOfIssues(issues: readonly z.core.$ZodIssue[]): Finding[] {
  return issues.flatMap(findingsOfIssue);
}

function plural(n: number, one: string): string {
  return `${n} ${one}${n === 1 ? '' : 's'}`;
}

/**
 * The expectation of an issue raised by a schema that has no error text of its own (an object, a union, a list).
 * Passed to zod as the per-parse error map, so every issue's message is an expectation phrase.
 */
export function defaultExpectation(issue: z.core.$ZodRawIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return issue.expected === 'object' || issue.expected === 'array'
        ? `an ${issue.expected}`
        : `a ${issue.expected}`;
    case 'invalid_value':
      return `one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'too_big':
      return issue.origin === 'array'
        ? `at most ${plural(Number(issue.maximum), 'item')}`
        : `at most ${String(issue.maximum)}`;
    case 'too_small':
      return issue.origin === 'array'
        ? `at least ${plural(Number(issue.minimum), 'item')}`
        : `at least ${String(issue.minimum)}`;
    case 'invalid_union':
      return issue.discriminator === undefined
        ? 'a JSON value'
        : `one of ${Array.isArray(issue.options) ? issue.options.map(String).join(', ') : 'the kinds'}`;
    default:
      return 'a valid value';
  }
}

/** The public problem of a finding, its path rendered and optionally prefixed (`[3].decision.type`). */
export function toProblem(finding: Finding, prefix?: string): Problem {
  const own = formatPath(finding.segments);
  const path = prefix === undefined ? own : prefixPath(prefix, own);
  return problem(path, finding.code, `${path === '' ? 'entry' : path}: ${finding.text}`);
}
