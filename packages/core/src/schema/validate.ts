// validateEntry: the one gate between untrusted input and the log. It reads the input once as plain JSON, bounds
// its size, checks the kind against the body present, then the schema of that kind, and returns every problem.
// It runs for every decision an SDK records, every request and every append, and most entries are valid: a
// predicate compiled from the schemas (acceptor.ts) says yes to those without zod building issues and copies,
// and only an entry it does not vouch for is parsed by zod and explained.
import { z } from 'zod';
import { describeValue, fail, ok, problem } from '../result.js';
import type { Result } from '../result.js';
import { acceptsOf } from './acceptor.js';
import type { Accepts } from './acceptor.js';
import { BODY_KEYS, ENTRY_KINDS, ENTRY_SCHEMAS } from './entry.js';
import type { Entry, EntryKind } from './entry.js';
import { envelopeShape } from './envelope.js';
import { readPlainJson } from './json-gate.js';
import { MAX_ENTRY_CHARS } from './limits.js';
import { pathsOverlap } from './paths.js';
import { defaultExpectation, findingsOfIssues, shown, toProblem } from './problems.js';
import type { Finding } from './problems.js';

type Checked = { readonly entry?: Entry; readonly findings: readonly Finding[] };
type Fields = Record<string, unknown>;

const KIND_TEXT = `expected one of ${ENTRY_KINDS.join(', ')}`;

// Used when the kind is unknown and no single body says which it meant: the envelope is still checked.
const envelopeOnlySchema = z.strictObject(
  {
    ...envelopeShape,
    kind: z.unknown(),
    ...Object.fromEntries(Object.values(BODY_KEYS).map((key) => [key, z.unknown().optional()])),
  },
  'an entry object',
);

function isKind(value: unknown): value is EntryKind {
  return typeof value === 'string' && (ENTRY_KINDS as readonly string[]).includes(value);
}

function rootFinding(value: unknown): Finding {
  // The whole input is never echoed, not even a short string: it may be a token passed by mistake.
  const got = typeof value === 'string' ? `a string of ${value.length} characters` : describeValue(value);
  return {
    segments: [],
    code: value === undefined ? 'required' : 'invalid_type',
    text: `expected an entry object, got ${got}`,
  };
}

function tooLarge(): Finding {
  const text = `expected an entry of at most ${MAX_ENTRY_CHARS} characters of JSON, got more`;
  return { segments: [], code: 'too_large', text };
}

/** Bodies of other kinds are refused by name, so `kind: 'decision'` with a `runEvent` body says what is wrong. */
function bodyFindings(entry: Fields, kind: EntryKind): Finding[] {
  return ENTRY_KINDS.filter((other) => other !== kind && BODY_KEYS[other] in entry).map((other) => ({
    segments: [BODY_KEYS[other]],
    code: 'kind_mismatch',
    text: `expected no ${BODY_KEYS[other]} body in an entry of kind ${kind}, got one`,
  }));
}

/** The kind to check the entry as, and the findings about `kind` itself. */
function resolveKind(entry: Fields): { kind?: EntryKind; findings: Finding[] } {
  if (isKind(entry.kind)) return { kind: entry.kind, findings: bodyFindings(entry, entry.kind) };
  const code = entry.kind === undefined ? 'required' : 'invalid_value';
  const findings: Finding[] = [
    { segments: ['kind'], code, text: `${KIND_TEXT}, got ${shown(entry.kind, ['kind'])}` },
  ];
  // A misspelt kind with exactly one body present is checked as that body's kind, so its other problems show too.
  const present = ENTRY_KINDS.filter((k) => BODY_KEYS[k] in entry);
  return present.length === 1 ? { kind: present[0], findings } : { findings };
}

/** The fast predicate of each kind's schema, compiled on first use (see acceptor.ts). */
const accepts: Partial<Record<EntryKind, Accepts>> = {};

/**
 * True when zod would accept the plain copy as it stands: then nothing below could find a problem, so the entry is
 * valid without parsing it again or formatting anything. False says nothing; the full check follows.
 */
function acceptedAtOnce(entry: Fields, gateFindings: readonly Finding[]): boolean {
  if (gateFindings.length > 0 || !isKind(entry.kind)) return false;
  // A strict schema of this kind has no other kind's body key, so the kind check would find nothing either.
  const check = (accepts[entry.kind] ??= acceptsOf(ENTRY_SCHEMAS[entry.kind]));
  return check(entry);
}

function parseAs(entry: Fields, kind: EntryKind | undefined) {
  const params = { reportInput: true, error: defaultExpectation };
  if (kind === undefined) return envelopeOnlySchema.safeParse(entry, params);
  // Only a kind read off the body needs setting; otherwise zod reads the plain copy as it is.
  return ENTRY_SCHEMAS[kind].safeParse(kind === entry.kind ? entry : { ...entry, kind }, params);
}

/** Options of {@link validateEntry}. */
export type ValidateOptions = {
  /**
   * Copy every object's members in RFC 8785 order instead of the input's, so that `canonicalEntryBytes` seals the
   * entry with one native JSON.stringify. For whoever seals what it validates (the ledger); it costs the caller's
   * hot path a sort per object.
   */
  readonly canonicalOrder?: boolean;
};

function checkEntry(input: unknown, options: ValidateOptions, fastPath = true): Checked {
  if (typeof input !== 'object' || input === null) return { findings: [rootFinding(input)] };
  const gate = readPlainJson(input, options.canonicalOrder === true);
  if (gate.tooLarge) return { findings: [...gate.findings, tooLarge()] };
  const value = gate.value;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { findings: gate.findings.length > 0 ? gate.findings : [rootFinding(value)] };
  }
  // JSON.stringify of the plain copy is a cheap proxy for the RFC 8785 size: both serialise strings and numbers
  // the same way (RFC 8785 §3.2.2), so they differ only in key order. It counts UTF-16 units, not UTF-8 bytes:
  // non-ASCII text can take up to 3 times more bytes in the leaf than this bound counts. The gate's own bound of
  // that length spares the call for every entry that surely fits.
  if (gate.maxChars > MAX_ENTRY_CHARS && JSON.stringify(value).length > MAX_ENTRY_CHARS) {
    return { findings: [...gate.findings, tooLarge()] };
  }
  const entry = value as Fields;
  if (fastPath && acceptedAtOnce(entry, gate.findings)) return { entry: entry as Entry, findings: [] };
  const { kind, findings: kindFindings } = resolveKind(entry);
  const first = [...gate.findings, ...kindFindings];
  const parsed = parseAs(entry, kind);
  // A field the gate or the kind check already reported is not reported again by zod, nor anything inside it.
  const later = parsed.success ? [] : findingsOfIssues(parsed.error.issues);
  const findings = [
    ...first,
    ...later.filter((f) => !first.some((g) => pathsOverlap(f.segments, g.segments))),
  ];
  // The plain copy is returned, not zod's output: zod reorders keys, and nothing is normalised (the member order is
  // the input's unless canonicalOrder asked for RFC 8785's).
  return findings.length === 0 && parsed.success ? { entry: entry as Entry, findings } : { findings };
}

/**
 * Validates one untrusted entry and returns it as plain data, or every problem with its path. Never throws:
 * getters that throw, Proxies, cycles, deep nesting and oversized input are problems too. Properties that are
 * `undefined` are left out, as JSON.stringify would.
 *
 * @example
 * const result = validateEntry(JSON.parse(body));
 * if (!result.ok) return c.json({ problems: result.problems }, 422);
 */
export function validateEntry(input: unknown, options: ValidateOptions = {}): Result<Entry> {
  const { entry, findings } = checkEntry(input, options);
  return entry !== undefined ? ok(entry) : fail(findings.map((f) => toProblem(f)));
}

/**
 * validateEntry without the fast yes of acceptor.ts: every entry goes through zod. Not public; the tests hold the
 * two to the same answers.
 *
 * @example expect(validateEntry(input)).toEqual(validateEntryWithoutFastPath(input))
 */
export function validateEntryWithoutFastPath(input: unknown): Result<Entry> {
  const { entry, findings } = checkEntry(input, {}, false);
  return entry !== undefined ? ok(entry) : fail(findings.map((f) => toProblem(f)));
}

/**
 * Validates a batch; problems are prefixed with the item's index (`[3].decision.type: …`). The batch is valid
 * only when every entry is.
 *
 * @example
 * const result = validateEntries(body.entries);
 */
export function validateEntries(inputs: readonly unknown[]): Result<Entry[]> {
  let items: unknown[];
  try {
    items = Array.from(inputs);
  } catch {
    return fail([problem('', 'unreadable', 'entries: could not be read as a list of entries')]);
  }
  const entries: Entry[] = [];
  const problems = items.flatMap((input, i) => {
    const { entry, findings } = checkEntry(input, {});
    if (entry !== undefined) entries.push(entry);
    return findings.map((f) => toProblem(f, `[${i}]`));
  });
  return problems.length === 0 ? ok(entries) : fail(problems);
}
