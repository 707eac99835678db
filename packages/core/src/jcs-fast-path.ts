// The fast path of canonicalize: the same RFC 8785 text, built by string concatenation in one walk that keeps no
// path, no ancestor set and no output array. It never explains a refusal; at the first value it is not sure of it
// gives up, and canonicalize runs the reference walk of jcs.ts, which names the path and the rule. So refusals and
// their messages come from one place, and this walk only has to be right about the values it finishes.
// A cycle needs no set here: it nests without end, so the depth bound stops it and the reference walk reports it.
//
// Sealing canonicalises every entry on every append, and the reference walk took longer than validating it.

/** The I-JSON rules jcs.ts owns, passed in so that this module does not import jcs.ts (which imports it). */
export type CanonicalRules = {
  /** Deepest nesting of arrays and objects allowed. */
  readonly maxDepth: number;
  /** True when a string or key holds an unpaired surrogate (RFC 7493 §2.1). */
  readonly hasLoneSurrogate: (value: string) => boolean;
  /** Plain RFC 8785 accepts every finite binary64; Cairn's strict policy refuses integers beyond ±(2^53−1). */
  readonly allowUnsafeIntegers: boolean;
};

/**
 * The RFC 8785 text of `value` when it is I-JSON the walk can vouch for; undefined otherwise (the caller then runs
 * the reference walk, which either produces the same text or throws the error that names the problem).
 *
 * @example canonicalizeNatively({ b: 1, a: 'x' }, rules) === '{"a":"x","b":1}'
 */
export function canonicalizeNatively(value: unknown, rules: CanonicalRules): string | undefined {
  try {
    return writeValue(value, 0, rules);
  } catch {
    // A getter or Proxy threw: the reference walk reads the value again and reports what it finds.
    return undefined;
  }
}

/** The text of one value, or undefined to give up. */
function writeValue(value: unknown, depth: number, rules: CanonicalRules): string | undefined {
  switch (typeof value) {
    case 'string':
      // RFC 8785 §3.2.2.2 is JSON.stringify's string form (jcs.ts says why); the vectors pin it byte for byte.
      return rules.hasLoneSurrogate(value) ? undefined : JSON.stringify(value);
    case 'number':
      return numberText(value, rules);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object':
      if (value === null) return 'null';
      if (depth >= rules.maxDepth) return undefined;
      return Array.isArray(value)
        ? writeArray(value, depth + 1, rules)
        : writeObject(value, depth + 1, rules);
    default:
      return undefined;
  }
}

function numberText(value: number, rules: CanonicalRules): string | undefined {
  if (!Number.isFinite(value)) return undefined;
  if (!rules.allowUnsafeIntegers && Number.isInteger(value) && !Number.isSafeInteger(value)) return undefined;
  // RFC 8785 §3.2.2.3: ECMAScript Number::toString, which JSON.stringify also writes (-0 as 0).
  return JSON.stringify(value);
}

function writeArray(array: readonly unknown[], depth: number, rules: CanonicalRules): string | undefined {
  // Only a true Array with its own prototype: a subclass or a Proxy of one is left to the reference walk.
  if (Object.getPrototypeOf(array) !== Array.prototype) return undefined;
  let out = '[';
  for (let i = 0; i < array.length; i++) {
    const item = i in array ? writeValue(array[i], depth, rules) : undefined;
    if (item === undefined) return undefined;
    out += (i === 0 ? '' : ',') + item;
  }
  return out + ']';
}

function writeObject(object: object, depth: number, rules: CanonicalRules): string | undefined {
  const proto: unknown = Object.getPrototypeOf(object);
  if (proto !== Object.prototype && proto !== null) return undefined;
  if (Object.getOwnPropertySymbols(object).length > 0) return undefined;
  // RFC 8785 §3.2.3: members sorted by UTF-16 code units, which is what the default sort compares.
  const keys = Object.keys(object).sort();
  let out = '{';
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    if (rules.hasLoneSurrogate(key)) return undefined;
    const item = writeValue((object as Record<string, unknown>)[key], depth, rules);
    if (item === undefined) return undefined;
    out += (i === 0 ? '' : ',') + JSON.stringify(key) + ':' + item;
  }
  return out + '}';
}

/**
 * True when JSON.stringify(value) is already its RFC 8785 text: plain objects and arrays only, every object's
 * members enumerated in code-unit order, strings without lone surrogates, numbers finite (and safe integers under
 * the strict policy). Reads each property once and builds nothing, so it costs a fraction of writing the text.
 * Array-index keys make it false: V8 enumerates them first, whatever order they were added in.
 *
 * @example isInCanonicalOrder({ a: 1, b: [true] }, rules) === true; isInCanonicalOrder({ b: 1, a: 2 }, rules) === false
 */
export function isInCanonicalOrder(value: unknown, rules: CanonicalRules): boolean {
  try {
    return inOrder(value, rules, 0);
  } catch {
    // A getter or Proxy threw: not plain data.
    return false;
  }
}

function inOrder(value: unknown, rules: CanonicalRules, depth: number): boolean {
  switch (typeof value) {
    case 'string':
      return !rules.hasLoneSurrogate(value);
    case 'number':
      return (
        Number.isFinite(value) &&
        (rules.allowUnsafeIntegers || !Number.isInteger(value) || Number.isSafeInteger(value))
      );
    case 'boolean':
      return true;
    case 'object':
      if (value === null) return true;
      if (depth >= rules.maxDepth) return false;
      return Array.isArray(value)
        ? isArrayInOrder(value, rules, depth + 1)
        : isObjectInOrder(value, rules, depth + 1);
    default:
      return false;
  }
}

function isArrayInOrder(array: readonly unknown[], rules: CanonicalRules, depth: number): boolean {
  if (Object.getPrototypeOf(array) !== Array.prototype) return false;
  for (let i = 0; i < array.length; i++) {
    if (!(i in array) || !inOrder(array[i], rules, depth)) return false;
  }
  return true;
}

function isObjectInOrder(object: object, rules: CanonicalRules, depth: number): boolean {
  const proto: unknown = Object.getPrototypeOf(object);
  if (proto !== Object.prototype && proto !== null) return false;
  // toJSON would make JSON.stringify write something else than the members.
  if ('toJSON' in object || Object.getOwnPropertySymbols(object).length > 0) return false;
  let previous: string | undefined;
  // Own enumerable string keys, in JSON.stringify's order (an object with Object.prototype inherits none).
  for (const key of Object.keys(object)) {
    if ((previous !== undefined && !(previous < key)) || rules.hasLoneSurrogate(key)) return false;
    if (!inOrder((object as Record<string, unknown>)[key], rules, depth)) return false;
    previous = key;
  }
  return true;
}
