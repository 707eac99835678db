// Small readers for untrusted JSON payloads. Each reads one field, and when the field is missing or of the wrong
// type it appends a problem naming the field path and what came, so a receiver reports every broken field at
// once (STYLE.md: validation returns every problem). Optional fields sent as null count as absent: Python
// emitters write None as null, and OpenLineage drops nulls only sometimes.
import { describeValue, problem } from '@cairn/core';
import type { Problem } from '@cairn/core';
import { parseTimestamp } from './time.js';
import type { ParsedTimestamp } from './time.js';

/** A JSON object read from a payload. */
export type JsonRecord = Record<string, unknown>;

/** Whether a field must be present. */
export type Presence = { readonly required?: boolean };

const PLAIN_KEY = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/**
 * True for a JSON object (not null, not an array).
 *
 * @example isRecord({ a: 1 }) === true && isRecord([1]) === false
 */
export function isRecord(value: unknown): value is JsonRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The path of a child field, as Cairn's problems name fields: `run.facets.airflow`, `resource["prefect.resource.id"]`,
 * `related[2]`.
 *
 * @example fieldPath('resource', 'prefect.resource.id') === 'resource["prefect.resource.id"]'
 */
export function fieldPath(parent: string, key: string | number): string {
  if (typeof key === 'number') return `${parent}[${key}]`;
  const shown = key.length > 40 ? `${key.slice(0, 40)}…` : key;
  if (!PLAIN_KEY.test(key)) return `${parent}[${JSON.stringify(shown)}]`;
  return parent === '' ? key : `${parent}.${key}`;
}

/** Reads `parent[key]`, treating null as absent; an absent parent has no fields. */
function valueOf(parent: JsonRecord | undefined, key: string): unknown {
  const value = parent === undefined || !Object.hasOwn(parent, key) ? undefined : parent[key];
  return value === null ? undefined : value;
}

function expected(problems: Problem[], path: string, what: string, value: unknown): undefined {
  const code = value === undefined ? 'required' : 'invalid_type';
  problems.push(problem(path, code, `${path}: expected ${what}, got ${describeValue(value)}`));
  return undefined;
}

/**
 * Reads an object field. A missing required field, or a present field of another type, adds a problem.
 *
 * @example const run = readRecord(event, 'run', '', problems, { required: true });
 */
export function readRecord(
  parent: JsonRecord | undefined,
  key: string,
  parentPath: string,
  problems: Problem[],
  { required = false }: Presence = {},
): JsonRecord | undefined {
  const value = valueOf(parent, key);
  if (isRecord(value)) return value;
  if (value === undefined && !required) return undefined;
  return expected(problems, fieldPath(parentPath, key), 'an object', value);
}

/**
 * Reads a non-empty string field.
 *
 * @example const runId = readString(run, 'runId', 'run', problems, { required: true });
 */
export function readString(
  parent: JsonRecord | undefined,
  key: string,
  parentPath: string,
  problems: Problem[],
  { required = false }: Presence = {},
): string | undefined {
  const value = valueOf(parent, key);
  if (typeof value === 'string' && value !== '') return value;
  if (value === undefined && !required) return undefined;
  return expected(problems, fieldPath(parentPath, key), 'a non-empty string', value);
}

/** Options of {@link readInteger}. */
export type IntegerOptions = Presence & {
  /** Smallest accepted value. */
  readonly min?: number;
  /** Accept decimal digits in a string too (`"1"`): Jinja templates render every value as text. */
  readonly fromText?: boolean;
};

function toInteger(value: unknown, fromText: boolean): number | undefined {
  if (typeof value === 'number' && Number.isSafeInteger(value)) return value;
  if (fromText && typeof value === 'string' && /^-?\d{1,15}$/.test(value.trim())) return Number(value.trim());
  return undefined;
}

/**
 * Reads an integer field.
 *
 * @example const tryNumber = readInteger(ti, 'try_number', 'taskInstance', problems, { min: 0, fromText: true });
 */
export function readInteger(
  parent: JsonRecord | undefined,
  key: string,
  parentPath: string,
  problems: Problem[],
  { required = false, min = Number.MIN_SAFE_INTEGER, fromText = false }: IntegerOptions = {},
): number | undefined {
  const value = valueOf(parent, key);
  if (value === undefined && !required) return undefined;
  const integer = toInteger(value, fromText);
  if (integer !== undefined && integer >= min) return integer;
  const what = min === Number.MIN_SAFE_INTEGER ? 'an integer' : `an integer >= ${min}`;
  return expected(problems, fieldPath(parentPath, key), what, value);
}

/**
 * Reads an RFC 3339 timestamp field (see {@link parseTimestamp} for the accepted dialects).
 *
 * @example const occurred = readTimestamp(event, 'occurred', '', problems, { required: true });
 */
export function readTimestamp(
  parent: JsonRecord | undefined,
  key: string,
  parentPath: string,
  problems: Problem[],
  { required = false }: Presence = {},
): ParsedTimestamp | undefined {
  const value = valueOf(parent, key);
  if (value === undefined && !required) return undefined;
  const parsed = typeof value === 'string' ? parseTimestamp(value) : undefined;
  if (parsed !== undefined) return parsed;
  return expected(problems, fieldPath(parentPath, key), 'an RFC 3339 date-time', value);
}

/**
 * Reads an optional descriptive string without judging it: anything but a non-empty string is absent. For
 * fields that only enrich an entry (a log URL, an error text), where a malformed value should not cost the
 * whole event.
 *
 * @example const logUrl = optionalString(taskInstance, 'log_url');
 */
export function optionalString(parent: JsonRecord | undefined, key: string): string | undefined {
  const value = valueOf(parent, key);
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * Reads an optional descriptive object without judging it: anything but an object is absent.
 *
 * @example const parent = optionalRecord(facets, 'parent');
 */
export function optionalRecord(parent: JsonRecord | undefined, key: string): JsonRecord | undefined {
  const value = valueOf(parent, key);
  return isRecord(value) ? value : undefined;
}
