// Random mutations of real payloads for property tests: change, delete or retype any field of a fixture, or
// damage its bytes. A receiver must answer every one of them without a 5xx and without losing stored entries.
import fc from 'fast-check';
import type { Loose } from './fixtures.js';

type Segment = string | number;

/** Every path to a node of a JSON value, the root included. */
export function jsonPaths(value: unknown, prefix: Segment[] = []): Segment[][] {
  const paths: Segment[][] = [prefix];
  if (Array.isArray(value)) value.forEach((item, i) => paths.push(...jsonPaths(item, [...prefix, i])));
  else if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) paths.push(...jsonPaths(item, [...prefix, key]));
  }
  return paths;
}

/** A copy of `value` with the node at `path` replaced, or deleted when `replacement` is undefined. */
export function setAt(value: unknown, path: readonly Segment[], replacement: unknown): unknown {
  if (path.length === 0) return replacement;
  const copy: Loose = structuredClone(value);
  let node = copy;
  for (const segment of path.slice(0, -1)) node = node[segment];
  const last = path.at(-1)!;
  if (replacement === undefined) {
    if (Array.isArray(node)) node.splice(last as number, 1);
    else delete node[last];
  } else node[last] = replacement;
  return copy;
}

const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.constantFrom(null, '', 0, -1, 1.5, true, [], {}, 'None', '2026-13-45T99:99:99Z', 'x'.repeat(20_000)),
  fc.string({ unit: 'binary', maxLength: 64 }),
);

/** One mutation of a JSON value: some node replaced by a hostile value, or removed. */
export function jsonMutation(base: unknown): fc.Arbitrary<unknown> {
  const paths = jsonPaths(base);
  return fc
    .tuple(fc.constantFrom(...paths), fc.option(hostileValue, { nil: undefined, freq: 4 }))
    .map(([path, replacement]) => setAt(base, path, replacement));
}

/** Up to three mutations applied in turn. */
export function jsonMutations(base: unknown): fc.Arbitrary<unknown> {
  return jsonMutation(base).chain((once) =>
    fc.oneof(
      fc.constant(once),
      jsonMutation(once).chain((twice) => fc.oneof(fc.constant(twice), jsonMutation(twice))),
    ),
  );
}

/** Damaged bytes: truncated, a byte flipped, or random bytes spliced in. */
export function byteMutation(bytes: Uint8Array): fc.Arbitrary<Uint8Array> {
  const at = fc.nat({ max: Math.max(0, bytes.length - 1) });
  return fc.oneof(
    at.map((n) => bytes.slice(0, n)),
    fc.tuple(at, fc.integer({ min: 1, max: 255 })).map(([n, x]) => {
      const copy = bytes.slice();
      copy[n] = copy[n]! ^ x;
      return copy;
    }),
    fc.tuple(at, fc.uint8Array({ minLength: 1, maxLength: 16 })).map(([n, extra]) => {
      const copy = new Uint8Array(bytes.length + extra.length);
      copy.set(bytes.subarray(0, n));
      copy.set(extra, n);
      copy.set(bytes.subarray(n), n + extra.length);
      return copy;
    }),
  );
}
