import { describe, expect, it } from 'vitest';
import { exampleAnomaly, exampleDecision } from '../test-support/examples.js';
import { expectProblem, expectValid, mutable, problemsOf } from '../test-support/schema-assertions.js';
import { readPlainJson } from './json-gate.js';

/** A decision whose context holds `value` under `x`. */
function withContext(value: unknown): Record<string, unknown> {
  const entry = mutable(exampleDecision());
  entry.decision.context.x = value;
  return entry;
}

function nested(depth: number): unknown {
  let value: unknown = 0;
  for (let i = 0; i < depth; i++) value = [value];
  return value;
}

describe('I-JSON values', () => {
  it('refuses NaN and infinities anywhere, by path', () => {
    expect(expectProblem(withContext(NaN), 'decision.context.x', 'not_json').message).toBe(
      'decision.context.x: expected a finite number, got number NaN',
    );
    expectProblem(withContext([1, -Infinity]), 'decision.context.x[1]', 'not_json');
    expectProblem(exampleDecision({ decision: { confidence: NaN } }), 'decision.confidence', 'not_json');
  });

  it('refuses integers beyond 2^53 − 1 without echoing their digits', () => {
    const problem = expectProblem(withContext(2 ** 53 + 2), 'decision.context.x', 'not_json');
    expect(problem.message).not.toMatch(/9007/);
    expectProblem(withContext(-1e300), 'decision.context.x', 'not_json');
    expectValid(withContext(Number.MAX_SAFE_INTEGER));
    expectValid(withContext(1.5e-300));
  });

  it('refuses lone surrogates in values, in keys and in typed fields', () => {
    expectProblem(withContext('abc\uD800'), 'decision.context.x', 'not_json');
    expectProblem(withContext({ ['k\uDC00']: 1 }), 'decision.context.x["k\\udc00"]', 'not_json');
    expectProblem(exampleDecision({ decision: { type: '\uDBFFloan' } }), 'decision.type', 'not_json');
    expectValid(withContext('paired 😀 surrogates'));
  });

  it('refuses values that have no JSON form', () => {
    for (const value of [() => 1, 10n, Symbol('s')])
      expectProblem(withContext(value), 'decision.context.x', 'not_json');
    expectProblem(withContext([1, undefined]), 'decision.context.x[1]', 'not_json');
    // eslint-disable-next-line no-sparse-arrays -- a hole is what is being tested
    expectProblem(withContext([1, , 3]), 'decision.context.x[1]', 'not_json');
  });

  it('refuses objects that are not plain, naming what they are', () => {
    expect(expectProblem(withContext(new Date(0)), 'decision.context.x', 'not_json').message).toBe(
      'decision.context.x: expected a plain JSON object, got a Date',
    );
    expectProblem(withContext(new Map()), 'decision.context.x', 'not_json');
    expectProblem(withContext(new Uint8Array(2)), 'decision.context.x', 'not_json');
    expectProblem(withContext(new (class Money {})()), 'decision.context.x', 'not_json');
  });

  it('accepts objects without a prototype, as some parsers build them', () => {
    const bare = Object.assign(Object.create(null) as object, { amount: 1 });
    expectValid(withContext(bare));
  });

  it('leaves out properties that are undefined, as JSON.stringify does', () => {
    const result = readPlainJson({ a: 1, b: undefined });
    expect(result.value).toEqual({ a: 1 });
    expect(Object.keys(result.value as object)).toEqual(['a']);
    expectValid({ ...exampleDecision(), trace: undefined });
  });
});

describe('keys', () => {
  it('refuses __proto__ and constructor.prototype keys so no reader can pollute a prototype', () => {
    const parsed: unknown = JSON.parse('{"__proto__": {"admin": true}}');
    const problem = expectProblem(withContext(parsed), 'decision.context.x.__proto__', 'forbidden_key');
    expect(problem.message).toBe(
      'decision.context.x.__proto__: the key __proto__ is refused: it can pollute prototypes',
    );
    expectProblem(
      withContext(JSON.parse('{"constructor": {"prototype": {}}}')),
      'decision.context.x.constructor.prototype',
      'forbidden_key',
    );
    expectProblem(
      JSON.parse(`{"__proto__": 1, ${JSON.stringify(exampleDecision()).slice(1)}`),
      '__proto__',
      'forbidden_key',
    );
    expectValid(withContext({ constructor: 'ACME Builders' }));
  });

  it('refuses keys over 1,000 characters, naming them by length only', () => {
    const key = 'k'.repeat(1_001);
    const problem = expectProblem(
      withContext({ [key]: 1 }),
      'decision.context.x[<key of 1001 characters>]',
      'too_long',
    );
    expect(problem.message).not.toContain('k'.repeat(50));
  });
});

describe('nesting', () => {
  it('accepts a JSON value 32 levels deep and refuses 33', () => {
    expectValid(withContext(nested(31)));
    const problem = expectProblem(
      exampleAnomaly({ anomaly: { details: { x: nested(32) as never } } }),
      'anomaly.details.x[0]…[0][0][0][0]',
      'too_deep',
    );
    expect(problem.message).toContain('at most 32 levels');
  });

  it('reports 10,000 levels of nesting as one problem, without a stack overflow', () => {
    const problems = problemsOf(withContext(nested(10_000)));
    expect(problems).toHaveLength(1);
    expect(problems[0]!.code).toBe('too_deep');
    expect(problems[0]!.message.length).toBeLessThan(200);
  });
});

describe('hostile objects', () => {
  it('turns a getter that throws into a problem at its path, not an exception', () => {
    const context = {
      get secret(): string {
        throw new Error('token sk_live_123 leaked');
      },
    };
    const problem = expectProblem(
      exampleDecision({ decision: { context } }),
      'decision.context.secret',
      'unreadable',
    );
    expect(problem.message).not.toContain('sk_live');
  });

  it('turns a Proxy whose traps throw into a problem', () => {
    const hostile = new Proxy(
      {},
      {
        ownKeys() {
          throw new Error('no');
        },
      },
    );
    expectProblem(withContext(hostile), 'decision.context.x', 'unreadable');
    const revocable = Proxy.revocable({}, {});
    revocable.revoke();
    expectProblem(withContext(revocable.proxy), 'decision.context.x', 'unreadable');
  });

  it('reads a Proxy once, so a value cannot change between checks', () => {
    let reads = 0;
    const shifty = new Proxy(
      { label: 'approve' },
      { get: (target, key) => (key === 'label' && reads++ > 0 ? 'decline' : Reflect.get(target, key)) },
    );
    const result = readPlainJson(shifty);
    expect(result.value).toEqual({ label: 'approve' });
    expect(reads).toBe(1);
  });

  it('refuses a cycle and accepts the same object shared twice', () => {
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = cyclic;
    expectProblem(withContext(cyclic), 'decision.context.x.self', 'cycle');
    const shared = { amount: 1 };
    expectValid(withContext({ first: shared, second: shared }));
  });

  it('stops reading an array of a million items once it cannot fit the entry', () => {
    const problems = problemsOf(withContext(new Array<number>(1_000_000).fill(0)));
    expect(problems.map((p) => p.code)).toEqual(['too_large']);
  });

  it('stops after 100 findings on a value that fails everywhere', () => {
    const result = readPlainJson(Array.from({ length: 5_000 }, () => NaN));
    expect(result.findings).toHaveLength(100);
  });
});
