import { CairnError } from '@cairn/core';

/** A concrete place in a value: object keys and array indexes. */
export type Segments = readonly (string | number)[];

/** What a visitor does with the value found at a path. */
export type Visit =
  | { readonly action: 'keep' }
  | { readonly action: 'remove' }
  | { readonly action: 'set'; readonly value: unknown };

const KEEP: Visit = { action: 'keep' };

/**
 * Parses a rule path such as `context.card.number` or `context.applicants.*.ssn` (`*`: every key or index).
 *
 * @example parseRulePath('context.card.number') // ['context', 'card', 'number']
 */
export function parseRulePath(path: string, ruleId: string): readonly string[] {
  const segments = path.split('.');
  if (path === '' || segments.some((s) => s === '')) {
    throw new CairnError(
      'config',
      `rule ${ruleId}: path ${JSON.stringify(path.slice(0, 80))} has an empty segment`,
    );
  }
  return segments;
}

/** Renders a concrete path as the `redactions[].path` of an entry: `decision.context.items[2].ssn`. */
export function renderPath(segments: Segments): string {
  let out = '';
  for (const s of segments) out += typeof s === 'number' ? `[${s}]` : out === '' ? s : `.${s}`;
  return out;
}

/**
 * Applies `visit` to every value the pattern reaches and returns the new root, copying only the objects and arrays
 * on the way to a change: the caller's input is never modified.
 */
export function visitPath(
  root: unknown,
  pattern: readonly string[],
  at: Segments,
  visit: (value: unknown, path: Segments) => Visit,
): unknown {
  if (pattern.length === 0) return root;
  if (typeof root !== 'object' || root === null) return root;
  const [head, ...rest] = pattern as [string, ...string[]];
  const keys = head === '*' ? Object.keys(root) : Object.hasOwn(root, head) ? [head] : [];
  let copy: Record<string, unknown> | unknown[] | undefined;
  const removed = new Set<string>();
  for (const key of keys) {
    const segment = Array.isArray(root) ? Number(key) : key;
    const child = (root as Record<string, unknown>)[key];
    const path = [...at, segment];
    const outcome: Visit = rest.length === 0 ? visit(child, path) : descend(child, rest, path, visit);
    if (outcome.action === 'keep') continue;
    copy ??= Array.isArray(root) ? [...(root as unknown[])] : { ...(root as Record<string, unknown>) };
    if (outcome.action === 'set') (copy as Record<string, unknown>)[key] = outcome.value;
    else if (Array.isArray(copy))
      copy[Number(key)] = null; // removing would shift the indexes that follow
    else removed.add(key);
  }
  if (copy && !Array.isArray(copy)) for (const key of removed) delete copy[key];
  return copy ?? root;
}

function descend(
  child: unknown,
  rest: readonly string[],
  path: Segments,
  visit: (value: unknown, path: Segments) => Visit,
): Visit {
  const next = visitPath(child, rest, path, visit);
  return next === child ? KEEP : { action: 'set', value: next };
}

/** True for `{ "$commitment": "sha256:…" }`, the stand-in of a sealed value. */
export function isCommitment(value: unknown): boolean {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Object.keys(value).length === 1 &&
    '$commitment' in value
  );
}
