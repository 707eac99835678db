import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  hasLoneSurrogate,
  jsonFindings,
  keyProblem,
  numberProblem,
  scanForLoneSurrogate,
} from './json-value.js';
import { MAX_VALUE_DEPTH } from './limits.js';
import type { PathSegment } from './paths.js';
import type { Finding } from './problems.js';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

type Frame = { readonly value: unknown; readonly segments: readonly PathSegment[]; readonly depth: number };

/** jsonFindings as first written: an explicit stack of frames, each with its own path. */
function referenceFindings(root: unknown, maxString: number): Finding[] {
  const findings: Finding[] = [];
  const stack: Frame[] = [{ value: root, segments: [], depth: 0 }];
  let tooDeep: readonly PathSegment[] | undefined;
  while (stack.length > 0) {
    const { value, segments, depth } = stack.pop()!;
    if (value === null || typeof value !== 'object') {
      const number = typeof value === 'number' ? numberProblem(value) : undefined;
      if (number !== undefined) findings.push({ segments, code: 'not_json', text: number });
      if (typeof value !== 'string') continue;
      if (value.length > maxString) {
        const text = `expected a string of at most ${maxString.toLocaleString('en-US')} characters, got one of ${value.length}`;
        findings.push({ segments, code: 'too_long', text });
      } else if (LONE_SURROGATE.test(value)) {
        const text = 'expected well-formed Unicode text, got a string with a lone surrogate';
        findings.push({ segments, code: 'not_json', text });
      }
    } else if (depth >= MAX_VALUE_DEPTH) {
      tooDeep ??= segments;
    } else if (Array.isArray(value)) {
      value.forEach((item, i) => stack.push({ value: item, segments: [...segments, i], depth: depth + 1 }));
    } else {
      for (const [key, item] of Object.entries(value)) {
        const bad = keyProblem(key, segments.at(-1));
        if (bad !== undefined) findings.push({ ...bad, segments: [...segments, key] });
        else stack.push({ value: item, segments: [...segments, key], depth: depth + 1 });
      }
    }
  }
  if (tooDeep !== undefined) {
    const text = `expected JSON nested at most ${MAX_VALUE_DEPTH} levels deep, got deeper`;
    findings.push({ segments: tooDeep, code: 'too_deep', text });
  }
  return findings;
}

/** Text rich in surrogates, paired and lone, next to ordinary characters. */
const surrogateText = fc
  .array(fc.constantFrom('a', '\uD800', '\uDBFF', '\uDC00', '\uDFFF', '😀', '\uD7FF', '\uE000'), {
    maxLength: 8,
  })
  .map((units) => units.join(''));

describe('hasLoneSurrogate', () => {
  it('agrees with the lookbehind pattern, natively and by scanning', () => {
    fc.assert(
      fc.property(fc.oneof(surrogateText, fc.string({ unit: 'binary' })), (text) => {
        expect(hasLoneSurrogate(text)).toBe(LONE_SURROGATE.test(text));
        expect(scanForLoneSurrogate(text)).toBe(LONE_SURROGATE.test(text));
      }),
      { numRuns: 2_000 },
    );
  });
});

describe('jsonFindings', () => {
  function nested(depth: number, leaf: unknown): unknown {
    let value = leaf;
    for (let i = 0; i < depth; i++) value = i % 3 === 0 ? [value, NaN] : { [`k${i}`]: value, bad: '\uD800' };
    return value;
  }

  it('reports the same findings in the same order as the stack walk it replaced', () => {
    const keyArb = fc.oneof(
      fc.string({ maxLength: 3 }),
      fc.constantFrom('__proto__', 'prototype', 'constructor', '\uDC00'),
    );
    const valueArb = fc.letrec<{ value: unknown }>((tie) => ({
      value: fc.oneof(
        { depthSize: 'small' },
        fc.oneof(fc.double(), fc.integer(), fc.constantFrom(2 ** 53, -(2 ** 60), NaN)),
        fc.oneof(surrogateText, fc.string({ maxLength: 12 })),
        fc.constantFrom(null, true, undefined),
        fc.array(tie('value'), { maxLength: 4 }),
        fc.dictionary(keyArb, tie('value'), { maxKeys: 4 }),
        fc.integer({ min: 28, max: 40 }).map((depth) => nested(depth, 'deep')),
      ),
    })).value;
    fc.assert(
      fc.property(valueArb, fc.constantFrom(5, 10_000), (value, maxString) => {
        expect(jsonFindings(value, maxString)).toEqual(referenceFindings(value, maxString));
      }),
      { numRuns: 1_000 },
    );
  });

  it('reports a value nested 100,000 levels deep once, without a stack overflow', () => {
    const findings = jsonFindings(nested(100_000, 1), 10);
    expect(findings.filter((f) => f.code === 'too_deep')).toHaveLength(1);
  });
});
