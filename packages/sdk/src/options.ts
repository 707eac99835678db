// The options of the SDK's constructors, checked before anything starts. Left unchecked, a bad number does not fail
// where it was written: a batchSize of 0 spins the pump forever, a maxQueue of 0 refuses every decision, a
// startSeq of -1 gets every entry refused by validation later. So each constructor lists every bad option in one
// config error, naming each (`createRecorder: batchSize: expected a whole number of at least 1, got 0`).
import { CairnError, describeValue, formatProblems, problem } from '@cairn/core';
import type { Problem } from '@cairn/core';

/** One option's problem, or undefined when it is fine or absent (its default applies). */
export type OptionCheck = Problem | undefined;

function invalid(name: string, expected: string, value: unknown): Problem {
  return problem(name, 'invalid_option', `${name}: expected ${expected}, got ${describeValue(value)}`);
}

/**
 * A rule of its own: undefined when it `holds`, else a problem saying what `name` should be and what it was (`got`,
 * already described: pass describeValue(value), or less where the value may be a secret).
 *
 * @example rule('url', isHttpUrl(url), 'an http:// or https:// URL', 'another string')
 */
export function rule(name: string, holds: boolean, expected: string, got: string): OptionCheck {
  return holds ? undefined : problem(name, 'invalid_option', `${name}: expected ${expected}, got ${got}`);
}

/** @example nonEmptyString('agent.id', options.agent?.id) */
export function nonEmptyString(name: string, value: unknown, expected = 'a non-empty string'): OptionCheck {
  return rule(name, typeof value === 'string' && value !== '', expected, describeValue(value));
}

/** A Sink (anything with `write`): catches a ledger passed where `ledgerSink(ledger)` was meant. */
export function aSink(name: string, value: unknown, expected: string): OptionCheck {
  const write = (value as { write?: unknown } | null | undefined)?.write;
  return rule(name, typeof write === 'function', expected, describeValue(value));
}

function range(min: number, max: number): string {
  return max === Number.MAX_SAFE_INTEGER ? `of at least ${min}` : `from ${min} to ${max}`;
}

/** @example wholeNumber('batchSize', options.batchSize, 1) */
export function wholeNumber(
  name: string,
  value: unknown,
  min: number,
  max = Number.MAX_SAFE_INTEGER,
): OptionCheck {
  return value === undefined ? undefined : requiredWholeNumber(name, value, min, max);
}

function requiredWholeNumber(name: string, value: unknown, min: number, max = Number.MAX_SAFE_INTEGER) {
  if (typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max) return undefined;
  return invalid(name, `a whole number ${range(min, max)}`, value);
}

/** A finite number from min to max, fractions allowed. @example numberBetween('lingerMs', options.lingerMs, 0, 60_000) */
export function numberBetween(name: string, value: unknown, min: number, max: number): OptionCheck {
  if (value === undefined) return undefined;
  if (typeof value === 'number' && value >= min && value <= max) return undefined;
  return invalid(name, `a number from ${min} to ${max}`, value);
}

/** @example oneOf('failMode', options.failMode, ['open', 'closed']) */
export function oneOf(name: string, value: unknown, allowed: readonly string[]): OptionCheck {
  if (value === undefined || (typeof value === 'string' && allowed.includes(value))) return undefined;
  return invalid(name, `one of ${allowed.map((a) => `'${a}'`).join(', ')}`, value);
}

/** @example aFunction('clock', options.clock) */
export function aFunction(name: string, value: unknown): OptionCheck {
  if (value === undefined || typeof value === 'function') return undefined;
  return invalid(name, 'a function', value);
}

/** A Backoff: whole ms, baseMs at least 1, maxMs at least baseMs. @example ...backoffChecks('retry', options.retry) */
export function backoffChecks(name: string, value: unknown): OptionCheck[] {
  if (value === undefined) return [];
  if (typeof value !== 'object' || value === null)
    return [invalid(name, 'an object { baseMs, maxMs }', value)];
  const { baseMs, maxMs } = value as { baseMs?: unknown; maxMs?: unknown };
  const base = requiredWholeNumber(`${name}.baseMs`, baseMs, 1);
  return [base, requiredWholeNumber(`${name}.maxMs`, maxMs, base === undefined ? (baseMs as number) : 1)];
}

/**
 * Throws one `CairnError('config')` listing every problem found (also as `cause.problems`), or returns.
 *
 * @example throwIfInvalid('httpSink', [wholeNumber('batchSize', options.batchSize, 1)]);
 */
export function throwIfInvalid(owner: string, checks: readonly OptionCheck[]): void {
  const problems = checks.filter((check): check is Problem => check !== undefined);
  if (problems.length === 0) return;
  throw new CairnError('config', `${owner}: ${formatProblems(problems, problems.length)}`, {
    cause: { problems },
  });
}
