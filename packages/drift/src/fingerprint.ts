// Input fingerprints: a chosen selection of a decision's input fields, normalised so that inputs a person would
// call "the same" compare equal (trimmed, lower-cased text; numbers in bins), then hashed.

import { canonicalize, CairnError, sha256, toHex, utf8 } from '@cairn/core';
import type { DecisionEntry, Json } from '@cairn/core';

/** How one field is normalised: numbers into bins of a width, text exactly or trimmed and lower-cased, or a function. */
export type FieldNormaliser =
  { readonly bin: number } | { readonly text: 'trim-lowercase' | 'exact' } | ((value: Json) => Json);

/** Which fields make up the fingerprint (paths into the decision body, `context.income`), and how each is normalised. */
export type FingerprintOptions = {
  readonly fields: readonly string[];
  /** Per field; a field without one has its text trimmed, whitespace collapsed and lower-cased, numbers kept. */
  readonly normalise?: Readonly<Record<string, FieldNormaliser>>;
};

/** A fingerprint: `sha256:<hex>` over the RFC 8785 form of the normalised values, and the values themselves. */
export type Fingerprint = { readonly key: string; readonly values: readonly Json[] };

/**
 * The fingerprint of a decision's inputs, or undefined when any selected field is missing.
 *
 * @example
 * fingerprint(entry, { fields: ['context.income', 'context.region'], normalise: { 'context.income': { bin: 10_000 } } })
 */
export function fingerprint(entry: DecisionEntry, options: FingerprintOptions): Fingerprint | undefined {
  if (options.fields.length === 0)
    throw new CairnError('invalid_argument', 'fields: expected at least one field path');
  const values: Json[] = [];
  for (const field of options.fields) {
    const value = readPath(entry.decision, field);
    if (value === undefined) return undefined;
    const normaliser = Object.hasOwn(options.normalise ?? {}, field) ? options.normalise![field] : undefined;
    values.push(normaliseValue(value, normaliser, field));
  }
  return { key: `sha256:${toHex(sha256(utf8(canonicalize(values))))}`, values };
}

/** Reads a dotted path (`context.applicant.region`, `context.items.0`) from a JSON value. */
export function readPath(root: unknown, path: string): Json | undefined {
  let value: unknown = root;
  for (const segment of path.split('.')) {
    if (typeof value !== 'object' || value === null || !Object.hasOwn(value, segment)) return undefined;
    value = (value as Record<string, unknown>)[segment];
  }
  return value as Json | undefined;
}

function normaliseValue(value: Json, normaliser: FieldNormaliser | undefined, field: string): Json {
  if (typeof normaliser === 'function') return normaliser(value);
  if (normaliser !== undefined && 'bin' in normaliser) return binned(value, normaliser.bin, field);
  if (typeof value === 'string' && normaliser?.text !== 'exact')
    return value.normalize('NFC').trim().replace(/\s+/g, ' ').toLowerCase();
  return value;
}

/** ⌊value / width⌋ · width, so 52,300 with width 10,000 falls in the bin 50,000. Numeric strings are read as numbers. */
function binned(value: Json, width: number, field: string): Json {
  if (!(width > 0) || !Number.isFinite(width)) {
    throw new CairnError(
      'invalid_argument',
      `normalise["${field}"].bin: expected a number above 0, got ${width}`,
    );
  }
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isFinite(n)) return value;
  // toPrecision trims binary noise (0.3 / 0.1 = 2.9999999999999996) so values on a bin edge land in that bin and
  // equal bins hash equal.
  const bin = Math.floor(Number((n / width).toPrecision(12)));
  return Number((bin * width).toPrecision(12));
}
