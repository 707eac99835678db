/**
 * One problem found by a validation or a verification. `path` names the field or the object concerned
 * (`decision.confidence`, `entry 41`, `checkpoint 7`), `code` is stable for programs, `message` is for people.
 */
export type Problem = { readonly path: string; readonly code: string; readonly message: string };

/** Validation and verification return every problem, not only the first: an auditor wants every broken link. */
export type Result<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly problems: readonly Problem[] };

/** @example return ok(entry) */
export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

/** @example return fail([{ path: 'run.id', code: 'required', message: 'run.id: expected a non-empty string, got nothing' }]) */
export function fail<T = never>(problems: readonly Problem[]): Result<T> {
  return { ok: false, problems };
}

/** Builds one problem. @example problem('size', 'mismatch', 'size: expected 8, got 7') */
export function problem(path: string, code: string, message: string): Problem {
  return { path, code, message };
}

/** Joins problems into one line for an error message or a CLI, at most `max` of them. */
export function formatProblems(problems: readonly Problem[], max = 5): string {
  const shown = problems.slice(0, max).map((p) => p.message);
  const more = problems.length > max ? ` (and ${problems.length - max} more)` : '';
  return shown.join('; ') + more;
}

/**
 * Describes a received value for an error message without echoing it whole: its type, and for short strings and
 * numbers the value itself, truncated. Never pass secrets here.
 */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'nothing';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : `number ${String(value)}`;
  if (typeof value === 'string') {
    return value.length <= 40 ? JSON.stringify(value) : `a string of ${value.length} characters`;
  }
  if (Array.isArray(value)) return `an array of ${value.length}`;
  return typeof value === 'object' ? 'an object' : typeof value;
}
