import { CairnError } from '@cairn/core';
import type { EntryKind, Redaction } from '@cairn/core';
import { isCommitment, parseRulePath, renderPath, visitPath } from './paths.js';
import type { Segments } from './paths.js';

/**
 * A redaction rule, applied at capture before anything is hashed; each match is recorded in `redactions[]` by
 * the rule's `id`. Paths are relative to the entry's body (`context.card.number` in a decision).
 * - By path: the value is removed (default) or, with `method: 'masked'`, replaced by `mask`.
 * - By pattern: every match in every string of the body is replaced by `replace` (default `[redacted:<id>]`).
 *   Object keys are not searched; keep personal data out of keys.
 */
export type RedactionRule =
  | {
      readonly id: string;
      readonly path: string;
      readonly method?: 'removed' | 'masked';
      readonly mask?: string;
      readonly kinds?: readonly EntryKind[];
    }
  | {
      readonly id: string;
      readonly pattern: RegExp;
      readonly replace?: string;
      readonly kinds?: readonly EntryKind[];
    };

type CompiledRule =
  | {
      readonly id: string;
      readonly kinds?: readonly EntryKind[];
      readonly path: readonly string[];
      readonly mask?: string;
    }
  | {
      readonly id: string;
      readonly kinds?: readonly EntryKind[];
      readonly pattern: RegExp;
      readonly replace: string;
    };

/** Rules checked once at setup; a bad rule is a programmer error. */
export type CompiledRedaction = readonly CompiledRule[];

/** @example compileRedaction([{ id: 'pan', path: 'context.card.number' }]) */
export function compileRedaction(rules: readonly RedactionRule[]): CompiledRedaction {
  return rules.map((rule) => {
    if (typeof rule.id !== 'string' || rule.id === '')
      throw new CairnError('config', 'a redaction rule needs a non-empty id');
    if ('pattern' in rule) {
      if (!(rule.pattern instanceof RegExp))
        throw new CairnError('config', `rule ${rule.id}: pattern must be a RegExp`);
      const flags = rule.pattern.flags.includes('g') ? rule.pattern.flags : `${rule.pattern.flags}g`;
      return {
        id: rule.id,
        kinds: rule.kinds,
        pattern: new RegExp(rule.pattern.source, flags),
        replace: rule.replace ?? `[redacted:${rule.id}]`,
      };
    }
    const mask = rule.method === 'masked' ? (rule.mask ?? `[redacted:${rule.id}]`) : undefined;
    return { id: rule.id, kinds: rule.kinds, path: parseRulePath(rule.path, rule.id), mask };
  });
}

/** A body after redaction, and what was redacted. */
export type Redacted = { readonly body: unknown; readonly redactions: Redaction[] };

/** Applies the path rules of `kind` to `body` (the value under `bodyKey` in the entry). */
export function redactPaths(
  rules: CompiledRedaction,
  kind: EntryKind,
  bodyKey: string,
  body: unknown,
): Redacted {
  const redactions: Redaction[] = [];
  let out = body;
  for (const rule of rules) {
    if (!('path' in rule) || (rule.kinds && !rule.kinds.includes(kind))) continue;
    out = visitPath(out, rule.path, [bodyKey], (_value, path) => {
      redactions.push({
        path: renderPath(path),
        ruleId: rule.id,
        method: rule.mask === undefined ? 'removed' : 'masked',
      });
      return rule.mask === undefined ? { action: 'remove' } : { action: 'set', value: rule.mask };
    });
  }
  return { body: out, redactions };
}

/** Applies the pattern rules of `kind` to every string of `body`, leaving sealed values alone. */
export function redactPatterns(
  rules: CompiledRedaction,
  kind: EntryKind,
  bodyKey: string,
  body: unknown,
): Redacted {
  const active = rules.filter(
    (r): r is Extract<CompiledRule, { pattern: RegExp }> =>
      'pattern' in r && (!r.kinds || r.kinds.includes(kind)),
  );
  const redactions: Redaction[] = [];
  if (active.length === 0) return { body, redactions };
  const walk = (value: unknown, path: Segments, depth: number): unknown => {
    if (typeof value === 'string') return maskString(value, active, path, redactions);
    // Past the schema's nesting bound the validator refuses the entry anyway; stop rather than recurse on.
    if (typeof value !== 'object' || value === null || depth > 64 || isCommitment(value)) return value;
    let copy: Record<string, unknown> | unknown[] | undefined;
    for (const key of Object.keys(value)) {
      const child = (value as Record<string, unknown>)[key];
      const next = walk(child, [...path, Array.isArray(value) ? Number(key) : key], depth + 1);
      if (next === child) continue;
      copy ??= Array.isArray(value) ? [...(value as unknown[])] : { ...(value as Record<string, unknown>) };
      (copy as Record<string, unknown>)[key] = next;
    }
    return copy ?? value;
  };
  return { body: walk(body, [bodyKey], 0), redactions };
}

function maskString(
  value: string,
  rules: readonly { id: string; pattern: RegExp; replace: string }[],
  path: Segments,
  out: Redaction[],
): string {
  let text = value;
  for (const rule of rules) {
    rule.pattern.lastIndex = 0;
    if (!rule.pattern.test(text)) continue;
    rule.pattern.lastIndex = 0;
    text = text.replace(rule.pattern, () => rule.replace);
    out.push({ path: renderPath(path), ruleId: rule.id, method: 'masked' });
  }
  return text;
}

/**
 * The schema keeps at most 100 redaction records. Past that, removed and masked matches in list items are folded
 * into one record per rule and path shape (`decision.context.items[*].email`), then into one per rule at the
 * body. Commitment records are never folded: each carries the digest an auditor checks.
 */
export function foldRedactions(redactions: readonly Redaction[], bodyKey: string, max = 100): Redaction[] {
  if (redactions.length <= max) return [...redactions];
  const sealed = redactions.filter((r) => r.method === 'commitment');
  const others = redactions.filter((r) => r.method !== 'commitment');
  const byShape = dedupe(others.map((r) => ({ ...r, path: r.path.replace(/\[\d+\]/g, '[*]') })));
  if (byShape.length + sealed.length <= max) return [...byShape, ...sealed];
  return [...dedupe(others.map((r) => ({ path: bodyKey, ruleId: r.ruleId, method: r.method }))), ...sealed];
}

function dedupe(redactions: readonly Redaction[]): Redaction[] {
  const seen = new Map<string, Redaction>();
  for (const r of redactions)
    seen.set(`${r.path}\u0000${r.ruleId}\u0000${r.method}\u0000${r.commitment ?? ''}`, r);
  return [...seen.values()];
}
