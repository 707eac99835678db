import { describe, expect, it } from 'vitest';
import {
  exampleAnomaly,
  exampleContest,
  exampleCorrection,
  exampleDecision,
  exampleEntries,
  exampleErasure,
  exampleOversight,
  exampleRunEvent,
} from '../test-support/examples.js';
import { expectProblem, expectValid, mutable, problemsOf } from '../test-support/schema-assertions.js';
import { validateEntries, validateEntry } from './validate.js';

describe('validateEntry on valid entries', () => {
  for (const entry of exampleEntries()) {
    it(`accepts the example ${entry.kind} entry and returns it unchanged`, () => {
      const result = validateEntry(entry);
      expect(result).toEqual({ ok: true, value: entry });
    });
  }

  it('accepts a decision with only the required fields', () => {
    const { decision, run, ...envelope } = exampleDecision();
    const minimal = {
      v: 1,
      kind: 'decision',
      id: envelope.id,
      occurredAt: envelope.occurredAt,
      recordedAt: envelope.recordedAt,
      producer: envelope.producer,
      run: { orchestrator: run.orchestrator, id: run.id },
      decision: {
        type: decision.type,
        agent: { id: 'a' },
        context: {},
        alternatives: [],
        chosen: { label: 'x' },
        aiRole: 'sole',
      },
    };
    expectValid(minimal);
  });

  it('accepts any chosen label when no alternatives were listed', () => {
    expectValid(exampleDecision({ decision: { alternatives: [], chosen: { label: 'anything' } } }));
  });

  it('accepts a run event error with an empty message, as orchestrators send them', () => {
    expectValid(
      exampleRunEvent({ runEvent: { status: 'failed', state: 'Crashed', error: { message: '' } } }),
    );
  });

  it('accepts open records with any keys in context, anomaly details and run ids', () => {
    const entry = mutable(exampleDecision());
    entry.decision.context['any key: with spaces / and ünïcode'] = { nested: [1, 'two', null, true] };
    entry.run.ids['openlineage.runId'] = '01934f4e-7d5c-7a8e-9b1c-2d3e4f5a6b7c';
    expectValid(entry);
    expectValid(
      exampleAnomaly({
        anomaly: {
          details: {
            'p-value': 0.003,
            buckets: [
              [0, 0.2],
              [0.2, 1],
            ],
          },
        },
      }),
    );
  });

  it('accepts an erasure without refs: it concerns a subject, not entries', () => {
    const { refs: _refs, ...entry } = exampleErasure({ refs: [{ id: 'x' }] });
    expectValid(entry);
  });
});

describe('validateEntry on the kind', () => {
  it('names the misspelt kind, lists the kinds, and still checks the body present', () => {
    const entry = mutable(exampleDecision());
    entry.kind = 'decisoin';
    entry.decision.confidence = 1.7;
    const problems = problemsOf(entry);
    expect(problems.map((p) => p.message)).toEqual([
      'kind: expected one of decision, run_event, oversight, contest, correction, erasure, anomaly, got "decisoin"',
      'decision.confidence: expected a number between 0 and 1, got 1.7',
    ]);
  });

  it('reports a missing kind as required', () => {
    const { kind: _kind, ...entry } = exampleRunEvent();
    expectProblem(entry, 'kind', 'required');
  });

  it('refuses the body of another kind by name', () => {
    const entry = { ...exampleDecision(), runEvent: exampleRunEvent().runEvent };
    const problem = expectProblem(entry, 'runEvent', 'kind_mismatch');
    expect(problem.message).toBe('runEvent: expected no runEvent body in an entry of kind decision, got one');
  });

  it('requires the body of its own kind', () => {
    const { decision: _decision, ...entry } = exampleDecision();
    expectProblem(entry, 'decision', 'required');
  });

  it('checks the envelope even when the kind is unknown and no single body says which was meant', () => {
    const { decision: _decision, ...envelope } = exampleDecision();
    const problems = problemsOf({ ...envelope, kind: 'note', occurredAt: 'now' });
    expect(problems.map((p) => `${p.path} ${p.code}`)).toEqual([
      'kind invalid_value',
      'occurredAt invalid_format',
    ]);
  });

  it('refuses schema versions other than 1', () => {
    expectProblem({ ...exampleDecision(), v: 2 }, 'v', 'invalid_value');
  });
});

describe('validateEntry on required links', () => {
  it('requires the run link of a decision and of a run event', () => {
    const { run: _a, ...decision } = exampleDecision();
    const { run: _b, ...runEvent } = exampleRunEvent();
    expect(expectProblem(decision, 'run', 'required').message).toBe(
      'run: expected a run link object, got nothing',
    );
    expectProblem(runEvent, 'run', 'required');
  });

  const referring = [exampleOversight(), exampleContest(), exampleCorrection(), exampleAnomaly()];
  for (const entry of referring) {
    it(`requires refs on a ${entry.kind} entry, and at least one`, () => {
      const { refs: _refs, ...without } = entry;
      expectProblem(without, 'refs', 'required');
      expectProblem({ ...entry, refs: [] }, 'refs', 'too_short');
    });
  }
});

describe('validateEntry on fields', () => {
  it('names an unknown field by its path instead of dropping it', () => {
    const entry = mutable(exampleDecision());
    entry.decision.confidnce = 0.8;
    entry.trace.spanid = '00f067aa0ba902b7';
    entry.extra = true;
    expect(expectProblem(entry, 'decision.confidnce', 'unknown_field').message).toBe(
      'decision.confidnce: unknown field',
    );
    expectProblem(entry, 'trace.spanid', 'unknown_field');
    expectProblem(entry, 'extra', 'unknown_field');
  });

  it('says what type came when a field has the wrong type', () => {
    const entry = mutable(exampleRunEvent());
    entry.run.id = 42;
    expect(expectProblem(entry, 'run.id', 'invalid_type').message).toBe(
      'run.id: expected a non-empty string, got number',
    );
  });

  it('refuses a confidence outside 0..1 with the value it got', () => {
    const high = expectProblem(
      exampleDecision({ decision: { confidence: 1.7 } }),
      'decision.confidence',
      'out_of_range',
    );
    expect(high.message).toBe('decision.confidence: expected a number between 0 and 1, got 1.7');
    expectProblem(
      exampleDecision({ decision: { confidence: -0.01 } }),
      'decision.confidence',
      'out_of_range',
    );
  });

  it('refuses an attempt below 1 or not whole', () => {
    const entry = mutable(exampleRunEvent());
    entry.run.attempt = 0;
    expectProblem(entry, 'run.attempt', 'out_of_range');
    entry.run.attempt = 1.5;
    expect(expectProblem(entry, 'run.attempt', 'invalid_type').message).toBe(
      'run.attempt: expected a whole number of at least 1, got 1.5',
    );
  });

  it('refuses a producer sequence number that is negative, fractional or beyond 2^53 − 1', () => {
    const cases = [
      { seq: -1, code: 'out_of_range' },
      { seq: 0.5, code: 'invalid_type' },
      { seq: 2 ** 53, code: 'not_json' },
    ];
    for (const { seq, code } of cases)
      expectProblem({ ...exampleDecision(), producer: { id: 'p', seq } }, 'producer.seq', code);
  });

  it('refuses enum values outside their lists', () => {
    const entry = mutable(exampleRunEvent());
    entry.runEvent.status = 'done';
    entry.run.orchestrator = 'temporal';
    expect(expectProblem(entry, 'runEvent.status', 'invalid_value').message).toBe(
      'runEvent.status: expected one of queued, started, succeeded, failed, retrying, cancelled, other, got "done"',
    );
    expectProblem(entry, 'run.orchestrator', 'invalid_value');
    expectProblem(
      exampleDecision({ decision: { aiRole: 'autonomous' as 'sole' } }),
      'decision.aiRole',
      'invalid_value',
    );
  });

  it('refuses empty strings where a value is required', () => {
    expectProblem(exampleDecision({ decision: { type: '' } }), 'decision.type', 'too_short');
  });
});

describe('validateEntry on cross-field rules', () => {
  it('requires the chosen label to be one of the alternatives', () => {
    const problem = expectProblem(
      exampleDecision({ decision: { chosen: { label: 'approve_all' } } }),
      'decision.chosen.label',
      'not_an_alternative',
    );
    expect(problem.message).not.toContain('approve_all');
  });

  it('refuses two alternatives with the same label', () => {
    const alternatives = [{ label: 'approve' }, { label: 'decline' }, { label: 'approve' }];
    expectProblem(
      exampleDecision({ decision: { alternatives } }),
      'decision.alternatives[2].label',
      'duplicate',
    );
  });

  it('requires the commitment of a redaction by commitment', () => {
    const entry = mutable(exampleDecision());
    delete entry.redactions[0].commitment;
    expectProblem(entry, 'redactions[0].commitment', 'required');
  });

  it('refuses an anomaly window that ends before it starts', () => {
    const window = { from: '2026-11-24T00:00:00.000Z', to: '2026-11-24T01:00:00.000+02:00' };
    expectProblem(exampleAnomaly({ anomaly: { window } }), 'anomaly.window.to', 'invalid_range');
  });

  it('runs the cross-field rules even when other fields of the same object failed', () => {
    const entry = mutable(exampleDecision());
    entry.decision.chosen.label = 'approve_all';
    entry.decision.confidence = 'high';
    entry.decision.agent = null;
    const paths = problemsOf(entry).map((p) => p.path);
    expect(paths).toEqual(
      expect.arrayContaining(['decision.chosen.label', 'decision.confidence', 'decision.agent']),
    );
  });
});

describe('validateEntry on sizes', () => {
  it('refuses strings over 10,000 characters but lets reasoning and context strings grow with the entry', () => {
    expectProblem(exampleDecision({ decision: { type: 'x'.repeat(10_001) } }), 'decision.type', 'too_long');
    const long = 'y'.repeat(50_000);
    expectValid(
      exampleDecision({
        decision: { reasoning: { text: long, source: 'application' }, context: { note: long } },
      }),
    );
  });

  it('refuses an entry over 256 KiB of JSON with one problem for the whole entry', () => {
    const entry = exampleDecision({
      decision: { context: { a: 'x'.repeat(200_000), b: 'x'.repeat(70_000) } },
    });
    const problems = problemsOf(entry);
    expect(problems).toEqual([expect.objectContaining({ path: '', code: 'too_large' })]);
    expect(problems[0]!.message).toBe(
      'entry: expected an entry of at most 262144 characters of JSON, got more',
    );
  });

  it('refuses more than 100 alternatives, factors, refs, tags or run ids', () => {
    const many = Array.from({ length: 101 }, (_, i) => ({ label: `l${i}`, name: `f${i}`, id: `e${i}` }));
    const entry = mutable(exampleDecision());
    entry.decision.alternatives = many.map(({ label }) => ({ label }));
    entry.decision.chosen = { label: 'l0' };
    entry.decision.factors = many.map(({ name }) => ({ name }));
    entry.refs = many.map(({ id }) => ({ id }));
    entry.tags = many.map(({ id }) => id);
    entry.run.ids = Object.fromEntries(many.map(({ id }) => [id, id]));
    for (const path of ['decision.alternatives', 'decision.factors', 'refs', 'tags', 'run.ids'])
      expectProblem(entry, path, 'too_long');
  });

  it('refuses more than 100 redactions or correction changes', () => {
    const redactions = Array.from({ length: 101 }, (_, i) => ({
      path: `p${i}`,
      ruleId: 'r',
      method: 'removed' as const,
    }));
    expectProblem({ ...exampleDecision(), redactions }, 'redactions', 'too_long');
    const changes = Array.from({ length: 101 }, (_, i) => ({ path: `p${i}`, value: i }));
    expectProblem(exampleCorrection({ correction: { changes } }), 'correction.changes', 'too_long');
  });

  it('refuses a run event error message over 2,000 characters', () => {
    const entry = exampleRunEvent({ runEvent: { error: { message: 'e'.repeat(2_001) } } });
    expectProblem(entry, 'runEvent.error.message', 'too_long');
  });
});

describe('validateEntry reporting', () => {
  it('reports every problem of an entry, not only the first', () => {
    const entry = mutable(exampleDecision());
    entry.id = 'has space';
    entry.occurredAt = 'yesterday';
    entry.run.url = 'ftp://example.com/run';
    entry.decision.confidence = 2;
    entry.decision.unknown = 1;
    expect(problemsOf(entry).map((p) => p.path)).toEqual([
      'id',
      'occurredAt',
      'run.url',
      'decision.confidence',
      'decision.unknown',
    ]);
  });

  it('refuses a value that is not an object without echoing it', () => {
    expect(problemsOf('sk_live_secret')).toEqual([
      {
        path: '',
        code: 'invalid_type',
        message: 'entry: expected an entry object, got a string of 14 characters',
      },
    ]);
    expect(problemsOf(undefined)[0]!.code).toBe('required');
    expect(problemsOf([exampleDecision()])[0]!.message).toBe(
      'entry: expected an entry object, got an array of 1',
    );
  });
});

describe('validateEntries', () => {
  it('returns every entry of a valid batch in order', () => {
    const entries = exampleEntries();
    expect(validateEntries(entries)).toEqual({ ok: true, value: entries });
    expect(validateEntries([])).toEqual({ ok: true, value: [] });
  });

  it('prefixes each problem with the index of its entry', () => {
    const bad = exampleDecision({ decision: { type: '' } });
    const result = validateEntries([exampleRunEvent(), exampleDecision(), exampleOversight(), bad, 7]);
    expect(result.ok).toBe(false);
    const problems = result.ok ? [] : result.problems;
    expect(problems.map((p) => p.path)).toEqual(['[3].decision.type', '[4]']);
    expect(problems[0]!.message).toBe('[3].decision.type: expected a non-empty string, got ""');
    expect(problems[1]!.message).toBe('[4]: expected an entry object, got 7');
  });
});
