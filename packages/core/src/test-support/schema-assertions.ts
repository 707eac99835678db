// Assertions shared by the schema tests: a rule is pinned by the exact path and code it reports.
import { expect } from 'vitest';
import type { Problem } from '../result.js';
import { validateEntry } from '../schema/validate.js';

/** The problems of an input that must be invalid. */
export function problemsOf(input: unknown): readonly Problem[] {
  const result = validateEntry(input);
  if (result.ok) throw new Error('expected the entry to be invalid, but it validated');
  return result.problems;
}

/** Asserts the input is invalid with (at least) a problem at `path` with `code`, and returns that problem. */
export function expectProblem(input: unknown, path: string, code: string): Problem {
  const problems = problemsOf(input);
  const found = problems.find((p) => p.path === path && p.code === code);
  expect(found, `no ${code} problem at ${path}; got ${JSON.stringify(problems)}`).toBeDefined();
  expect(found!.message.startsWith(`${path === '' ? 'entry' : path}: `)).toBe(true);
  return found!;
}

/** Asserts the input validates, showing the problems when it does not. */
export function expectValid(input: unknown): void {
  const result = validateEntry(input);
  expect(result.ok ? [] : result.problems).toEqual([]);
}

/** A deep copy of an entry, untyped so a test can break any field of it. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- breaking typed fields is the point of these tests
export function mutable<T>(value: T): any {
  return structuredClone(value);
}
