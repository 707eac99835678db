import { isCairnError } from '@cairn/core';
import type { DecisionEntry, OversightEntry } from '@cairn/core';
import { describe, expect, it } from 'vitest';
import { ledgerSink } from '../sinks/ledger-sink.js';
import { loanDecision } from '../test-support/examples.js';
import { createMemoryWriter } from '../test-support/memory-writer.js';
import { createRecorder } from './create-recorder.js';
import type { RecorderOptions } from './create-recorder.js';
import type { AuditProblem } from './problems.js';
import type { DecisionInput } from './types.js';

function setup(extra: Partial<RecorderOptions> = {}) {
  const writer = createMemoryWriter();
  const problems: AuditProblem[] = [];
  const recorder = createRecorder({
    sink: ledgerSink(writer),
    agent: { id: 'underwriter', version: '3.2.0' },
    onProblem: (p) => problems.push(p),
    logger: false,
    ...extra,
  });
  return { writer, problems, recorder };
}

describe('createRecorder: entry ids', () => {
  it('makes ids with entryId from the producer, the sequence and the time, so a replay records the same ids', async () => {
    const made: { producerId: string; seq: number; nowMs: number }[] = [];
    const options: Partial<RecorderOptions> = {
      producerId: 'underwriter:replay',
      clock: () => 1_790_000_000_000,
      entryId: (m) => (made.push(m), `${m.producerId}.${m.seq}`),
    };
    const first = setup(options);
    const ids = [first.recorder.decision(loanDecision(1)), first.recorder.decision(loanDecision(2))].map(
      (c) => c.id,
    );
    expect(ids).toEqual(['underwriter:replay.0', 'underwriter:replay.1']);
    expect(made).toEqual([
      { producerId: 'underwriter:replay', seq: 0, nowMs: 1_790_000_000_000 },
      { producerId: 'underwriter:replay', seq: 1, nowMs: 1_790_000_000_000 },
    ]);
    await first.recorder.flush();
    // The same run again, into the same ledger: the ids repeat and the ledger stores nothing new.
    const again = createRecorder({
      sink: ledgerSink(first.writer),
      agent: { id: 'underwriter', version: '3.2.0' },
      logger: false,
      ...options,
    });
    const replayed = again.decision(loanDecision(1));
    expect(replayed.id).toBe('underwriter:replay.0');
    expect(await replayed.sealed).toMatchObject({ ok: true, value: { index: 0, duplicate: true } });
    expect(first.writer.entries).toHaveLength(2);
  });

  it('refuses an entry whose made id is not an entry id, naming id, and keeps the sequence without a gap', () => {
    let bad = true;
    const { recorder, problems } = setup({ entryId: ({ seq }) => (bad ? 'has spaces' : `ok-${seq}`) });
    const refused = recorder.decision(loanDecision(1));
    expect(refused.ok).toBe(false);
    expect(refused.ok ? [] : refused.problems.map((p) => p.path)).toEqual(['id']);
    expect(problems.map((p) => p.code)).toEqual(['invalid_entry']);
    bad = false;
    expect(recorder.decision(loanDecision(2))).toMatchObject({ ok: true, id: 'ok-0', seq: 0 });
  });
});

describe('createRecorder: capture', () => {
  it('returns the id and sequence number at once, before anything reaches the sink', async () => {
    const { writer, recorder } = setup();
    const first = recorder.decision(loanDecision(1));
    const second = recorder.decision(loanDecision(2));
    expect(first.ok && second.ok).toBe(true);
    expect([first.seq, second.seq]).toEqual([0, 1]);
    expect(first.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(writer.entries).toHaveLength(0);
    await recorder.flush();
    expect(writer.entries.map((e) => e.id)).toEqual([first.id, second.id]);
  });

  it('resolves sealed with the receipt of the ledger', async () => {
    const { writer, recorder } = setup();
    const captured = recorder.decision(loanDecision(1));
    const sealed = await captured.sealed;
    expect(sealed).toEqual({
      ok: true,
      value: {
        id: captured.id,
        index: 0,
        leafHash: expect.stringMatching(/^[0-9a-f]{64}$/),
        duplicate: false,
      },
    });
    expect(writer.entries).toHaveLength(1);
  });

  it('builds the envelope: version, kind, producer, times, agent from the recorder and merged defaults', async () => {
    const now = Date.parse('2026-11-23T14:24:56.123Z');
    const { writer, recorder } = setup({
      clock: () => now,
      producerId: 'worker-1',
      defaults: {
        run: { orchestrator: 'trigger.dev', id: 'run_1', environment: 'prod' },
        model: { provider: 'openai', name: 'gpt-5' },
        tags: ['eu-ai-act:art12'],
      },
    });
    recorder.decision(
      loanDecision(1, {
        run: { task: { id: 'score' } },
        tags: ['gdpr:art22'],
        occurredAt: new Date(now - 5),
      }),
    );
    await recorder.flush();
    const entry = writer.entries[0] as DecisionEntry;
    expect(entry).toMatchObject({
      v: 1,
      kind: 'decision',
      occurredAt: '2026-11-23T14:24:56.118Z',
      recordedAt: '2026-11-23T14:24:56.123Z',
      producer: { id: 'worker-1', seq: 0 },
      run: { orchestrator: 'trigger.dev', id: 'run_1', environment: 'prod', task: { id: 'score' } },
      tags: ['eu-ai-act:art12', 'gdpr:art22'],
    });
    expect(entry.decision.agent).toEqual({ id: 'underwriter', version: '3.2.0' });
    expect(entry.decision.model).toEqual({ provider: 'openai', name: 'gpt-5' });
  });

  it('gives each recorder its own producer id by default, so each sequence starts at 0 without gaps', () => {
    const a = setup().recorder;
    const b = setup().recorder;
    expect(a.producerId).not.toBe(b.producerId);
    expect(a.producerId.startsWith('underwriter:')).toBe(true);
  });

  it('continues a stable producer id from startSeq', async () => {
    const { writer, recorder } = setup({ producerId: 'worker-1', startSeq: 41 });
    recorder.decision(loanDecision(1));
    await recorder.flush();
    expect(writer.entries[0]!.producer).toEqual({ id: 'worker-1', seq: 41 });
  });

  it('keeps what it captured even when the caller changes its input afterwards', async () => {
    const { writer, recorder } = setup();
    const input = loanDecision(1);
    recorder.decision(input);
    (input.context as Record<string, unknown>).income = 1;
    await recorder.flush();
    expect((writer.entries[0] as DecisionEntry).decision.context.income).toBe(52_001);
  });

  it('records linked entries of each kind with their references', async () => {
    const { writer, recorder } = setup({ defaults: { run: { orchestrator: 'prefect', id: 'flow-run-1' } } });
    const decision = recorder.decision(loanDecision(1));
    if (!decision.ok) throw new Error('expected a capture');
    const sealed = await decision.sealed;
    const ref = sealed.ok
      ? { id: decision.id, index: sealed.value.index, leafHash: sealed.value.leafHash }
      : decision.id;
    recorder.oversight({
      refs: [ref],
      action: 'overridden',
      reviewer: { id: 'u-17', role: 'credit officer' },
      newChoice: { label: 'refer' },
    });
    recorder.contest({
      refs: [decision.id],
      by: 'data_subject',
      grounds: 'income was misread',
      channel: 'web form',
    });
    recorder.correct({
      refs: [decision.id],
      reason: 'income corrected',
      changes: [{ path: 'decision.context.income', value: 61_000 }],
    });
    recorder.runEvent({
      status: 'succeeded',
      state: 'COMPLETED',
      source: { eventId: 'evt-1', payloadDigest: `sha256:${'ab'.repeat(32)}` },
    });
    await recorder.flush();
    expect(writer.entries.map((e) => e.kind)).toEqual([
      'decision',
      'oversight',
      'contest',
      'correction',
      'run_event',
    ]);
    expect((writer.entries[1] as OversightEntry).refs).toEqual([ref]);
    expect(writer.entries[2]!.refs).toEqual([{ id: decision.id }]);
    expect(writer.entries.map((e) => e.producer.seq)).toEqual([0, 1, 2, 3, 4]);
  });

  it('makes views with more defaults that share the producer and its sequence', async () => {
    const { writer, recorder } = setup({ defaults: { run: { orchestrator: 'airflow', id: 'dag_run_1' } } });
    const step = recorder.with({
      run: { task: { id: 'score_applicant' } },
      model: { provider: 'anthropic', name: 'claude' },
    });
    step.decision(loanDecision(1, { run: undefined }));
    recorder.decision(loanDecision(2, { run: undefined }));
    await recorder.flush();
    const [a, b] = writer.entries as DecisionEntry[];
    expect(a!.run).toEqual({ orchestrator: 'airflow', id: 'dag_run_1', task: { id: 'score_applicant' } });
    expect(a!.decision.model).toEqual({ provider: 'anthropic', name: 'claude' });
    expect(b!.run).toEqual({ orchestrator: 'airflow', id: 'dag_run_1' });
    expect([a!.producer, b!.producer]).toEqual([
      { id: recorder.producerId, seq: 0 },
      { id: recorder.producerId, seq: 1 },
    ]);
  });

  it('refuses entries after close, reporting it', async () => {
    const { recorder, problems } = setup();
    await recorder.close();
    const refused = recorder.decision(loanDecision(1));
    expect(refused.ok).toBe(false);
    expect(problems.map((p) => p.code)).toEqual(['closed']);
  });
});

describe('createRecorder: invalid decisions', () => {
  const bad = {
    ...loanDecision(1),
    type: 42,
    confidence: 1.7,
    alternatives: [{ label: 'approve' }],
    chosen: { label: 'decline' },
  } as unknown as DecisionInput;

  it('under fail-open returns every problem naming its field, reports it, and uses no sequence number', async () => {
    const { recorder, problems, writer } = setup();
    const refused = recorder.decision(bad);
    expect(refused.ok).toBe(false);
    if (refused.ok) return;
    const paths = refused.problems.map((p) => p.path);
    expect(paths).toEqual(
      expect.arrayContaining(['decision.type', 'decision.confidence', 'decision.chosen.label']),
    );
    expect(refused.problems.find((p) => p.path === 'decision.confidence')!.message).toMatch(
      /^decision\.confidence: .*1\.7/,
    );
    expect(await refused.sealed).toEqual({ ok: false, problems: refused.problems });
    expect(problems[0]).toMatchObject({ code: 'invalid_entry', problems: refused.problems });
    const next = recorder.decision(loanDecision(2));
    expect(next.seq).toBe(0);
    await recorder.flush();
    expect(writer.entries).toHaveLength(1);
  });

  it('under fail-closed rejects with invalid_entry listing every bad field', async () => {
    const recorder = createRecorder({
      sink: ledgerSink(createMemoryWriter()),
      agent: { id: 'a' },
      failMode: 'closed',
      logger: false,
    });
    const error: unknown = await recorder.decision(bad).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isCairnError(error, 'invalid_entry')).toBe(true);
    const message = (error as Error).message;
    for (const field of ['decision.type', 'decision.confidence', 'decision.chosen.label'])
      expect(message).toContain(field);
    expect(
      (error as Error & { cause: { problems: unknown[] } }).cause.problems.length,
    ).toBeGreaterThanOrEqual(3);
  });

  it('refuses an input that is not an object without throwing', () => {
    const { recorder } = setup();
    const refused = recorder.decision(null as unknown as DecisionInput);
    expect(refused.ok ? [] : refused.problems.map((p) => p.message)).toEqual([
      'expected a decision object, got null',
    ]);
  });

  it('reports a decision without run or agent', () => {
    const { recorder } = setup();
    const { run: _run, ...withoutRun } = loanDecision(1);
    const refused = recorder.decision(withoutRun);
    expect(refused.ok ? [] : refused.problems.map((p) => p.path)).toContain('run');
  });
});
