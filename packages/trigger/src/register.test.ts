// registerCairn() on real tasks, driven through Trigger.dev's own TaskExecutor: a run that succeeds, one that
// fails then succeeds on retry, one that fails for good, and one that aborts without retrying. Every sealed entry
// is read back from a real signed ledger and compared field by field; the ledger must verify after each run.
import { isCairnError, validateEntry } from '@cairn/core';
import type { DecisionEntry, Entry } from '@cairn/core';
import { ledgerSink } from '@cairn/sdk';
import type { Captured, Refused } from '@cairn/sdk';
import { AbortTaskRunError, task } from '@trigger.dev/sdk';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { getCairn, registerCairn } from './index.js';
import type { TriggerProblem } from './index.js';
import {
  entriesOfRun,
  expectedRunEvent,
  expectedRunLink,
  runEventsOf,
  timeline,
} from './test-support/expectations.js';
import { installTriggerTestRuntime, runTask } from './testing/harness.js';
import type { TriggerTestRuntime } from './testing/harness.js';
import { openTestLedger } from './test-support/ledger.js';
import type { TestLedger } from './test-support/ledger.js';

const TASK = 'underwrite-application';
const CAIRN = 'https://cairn.example.com';
const TAGS = ['applicant:a-17'];

type Payload = { readonly applicationId: string; readonly failAttempts: number; readonly abort?: boolean };

let runtime: TriggerTestRuntime;
let t: TestLedger;
const problems: unknown[] = [];
const recorded: (Captured | Refused)[] = [];

beforeAll(async () => {
  vi.stubEnv('TRIGGER_API_URL', '');
  runtime = installTriggerTestRuntime();
  t = await openTestLedger();
  registerCairn({
    sink: ledgerSink(t.ledger),
    agent: { id: 'underwriter', version: '1.4.0' },
    cairnUrl: CAIRN,
    logger: false,
    onProblem: (problem) => problems.push(problem),
  });
  task({
    id: TASK,
    retry: { maxAttempts: 3, minTimeoutInMs: 1, maxTimeoutInMs: 1, factor: 1 },
    run: async (payload: Payload, { ctx }) => {
      recorded.push(
        getCairn().decision({
          type: 'loan.underwriting',
          context: { applicationId: payload.applicationId, income: 52_000, requested: 15_000 },
          alternatives: [
            { label: 'approve', score: 0.7, reason: 'income covers repayment 3.4 times' },
            { label: 'refer', score: 0.2 },
            { label: 'decline', score: 0.1 },
          ],
          chosen: { label: 'approve' },
          confidence: 0.7,
          aiRole: 'advisory',
        }),
      );
      if (payload.abort === true) throw new AbortTaskRunError('application withdrawn');
      if (ctx.attempt.number <= payload.failAttempts)
        throw new Error(`credit bureau timed out on attempt ${ctx.attempt.number}`);
      return Promise.resolve({ decision: 'approve' });
    },
  });
});

afterAll(async () => {
  vi.unstubAllEnvs();
  await t.close();
});

async function sealedOf(runId: string): Promise<Entry[]> {
  return entriesOfRun(await t.entries(), runId);
}

function runEvent(runId: string, attempt: number, event: Parameters<typeof expectedRunEvent>[3]) {
  return expectedRunEvent(TASK, runId, attempt, event);
}

function bureauError(attempt: number) {
  return { type: 'Error', message: `credit bureau timed out on attempt ${attempt}` };
}

/** Checks what every sealed entry of the run shares: validity, the run link of its attempt, gap-free producer seq. */
function expectEnvelopes(entries: readonly Entry[], runId: string): void {
  const producer = entries[0]!.producer.id;
  entries.forEach((entry, i) => {
    expect(validateEntry(entry).ok).toBe(true);
    expect(entry.run).toStrictEqual(expectedRunLink(TASK, runId, entry.run!.attempt!, { tags: TAGS }));
    expect(entry.producer).toStrictEqual({ id: producer, seq: entries[0]!.producer.seq + i });
  });
}

function expectDecision(entry: Entry | undefined, runId: string, attempt: number): void {
  expect(entry?.kind).toBe('decision');
  const { decision } = entry as DecisionEntry;
  expect(decision.agent).toStrictEqual({ id: 'underwriter', version: '1.4.0' });
  expect(decision.type).toBe('loan.underwriting');
  expect(decision.chosen).toStrictEqual({ label: 'approve' });
  expect(decision.aiRole).toBe('advisory');
  expect(entry!.run).toStrictEqual(expectedRunLink(TASK, runId, attempt, { tags: TAGS }));
}

describe('registerCairn on a task run through the real executor', () => {
  it('seals a successful run: attempt start, the decision, success and completion, each with the run link', async () => {
    const { runId, final } = await runTask(
      TASK,
      { applicationId: 'app-1', failAttempts: 0 },
      { run: { tags: TAGS } },
    );
    expect(final.ok).toBe(true);
    const entries = await sealedOf(runId);
    expect(timeline(entries)).toStrictEqual([
      'ATTEMPT_STARTED@1',
      'decision:approve@1',
      'RUN_SUCCEEDED@1',
      'RUN_COMPLETED@1',
    ]);
    expectEnvelopes(entries, runId);
    expectDecision(entries[1], runId, 1);
    expect(runEventsOf(entries)).toStrictEqual([
      runEvent(runId, 1, { state: 'ATTEMPT_STARTED', status: 'started', hook: 'onStartAttempt' }),
      runEvent(runId, 1, { state: 'RUN_SUCCEEDED', status: 'succeeded', hook: 'onSuccess' }),
      runEvent(runId, 1, { state: 'RUN_COMPLETED', status: 'succeeded', hook: 'onComplete' }),
    ]);
    expect((await t.verify()).problems).toStrictEqual([]);
  });

  it('resolves the decision as sealed with the ledger receipt, and links it from the run metadata', async () => {
    recorded.length = 0;
    const { runId } = await runTask(TASK, { applicationId: 'app-2', failAttempts: 0 });
    const captured = recorded[0]!;
    expect(captured.ok).toBe(true);
    const sealed = await captured.sealed;
    const stored = await t.ledger.get(captured.id!);
    expect(sealed).toStrictEqual({
      ok: true,
      value: { id: captured.id, index: stored!.index, leafHash: stored!.leafHash, duplicate: false },
    });
    expect(runtime.metadata.current()).toStrictEqual({
      cairn: {
        run: `${CAIRN}/v1/runs/trigger.dev/${runId}`,
        decisions: [{ id: captured.id, url: `${CAIRN}/v1/decisions/${captured.id}` }],
      },
    });
  });

  it('seals a run that fails and then succeeds on retry: the failed attempt carries its error and says it is retried', async () => {
    recorded.length = 0;
    const { runId, attempts, final } = await runTask(
      TASK,
      { applicationId: 'app-3', failAttempts: 1 },
      { run: { tags: TAGS } },
    );
    expect(attempts.map((a) => a.ok)).toStrictEqual([false, true]);
    expect(final.ok).toBe(true);
    const entries = await sealedOf(runId);
    expect(timeline(entries)).toStrictEqual([
      'ATTEMPT_STARTED@1',
      'decision:approve@1',
      'ATTEMPT_FAILED@1',
      'ATTEMPT_STARTED@2',
      'decision:approve@2',
      'RUN_SUCCEEDED@2',
      'RUN_COMPLETED@2',
    ]);
    expectEnvelopes(entries, runId);
    expectDecision(entries[1], runId, 1);
    expectDecision(entries[4], runId, 2);
    expect(runEventsOf(entries)[1]).toStrictEqual(
      runEvent(runId, 1, {
        state: 'ATTEMPT_FAILED',
        status: 'retrying',
        hook: 'catchError',
        error: bureauError(1),
      }),
    );
    // Metadata outlives the attempt, so both attempts' decisions stay linked.
    const ids = recorded.map((r) => r.id);
    expect(runtime.metadata.current()?.cairn).toStrictEqual({
      run: `${CAIRN}/v1/runs/trigger.dev/${runId}`,
      decisions: ids.map((id) => ({ id, url: `${CAIRN}/v1/decisions/${id}` })),
    });
    expect((await t.verify()).problems).toStrictEqual([]);
  });

  it('seals a run that fails for good: every failed attempt, the final failure and the completion, with errors', async () => {
    const { runId, attempts, final } = await runTask(
      TASK,
      { applicationId: 'app-4', failAttempts: 3 },
      { run: { tags: TAGS } },
    );
    expect(attempts).toHaveLength(3);
    expect(final.ok).toBe(false);
    expect(!final.ok && final.retry).toBeUndefined();
    const entries = await sealedOf(runId);
    expect(timeline(entries)).toStrictEqual([
      'ATTEMPT_STARTED@1',
      'decision:approve@1',
      'ATTEMPT_FAILED@1',
      'ATTEMPT_STARTED@2',
      'decision:approve@2',
      'ATTEMPT_FAILED@2',
      'ATTEMPT_STARTED@3',
      'decision:approve@3',
      'ATTEMPT_FAILED@3',
      'RUN_FAILED@3',
      'RUN_COMPLETED@3',
    ]);
    expectEnvelopes(entries, runId);
    const events = runEventsOf(entries);
    expect(events.filter((e) => e.state !== 'ATTEMPT_STARTED')).toStrictEqual([
      runEvent(runId, 1, {
        state: 'ATTEMPT_FAILED',
        status: 'retrying',
        hook: 'catchError',
        error: bureauError(1),
      }),
      runEvent(runId, 2, {
        state: 'ATTEMPT_FAILED',
        status: 'retrying',
        hook: 'catchError',
        error: bureauError(2),
      }),
      runEvent(runId, 3, {
        state: 'ATTEMPT_FAILED',
        status: 'failed',
        hook: 'onFailure',
        error: bureauError(3),
      }),
      runEvent(runId, 3, { state: 'RUN_FAILED', status: 'failed', hook: 'onFailure', error: bureauError(3) }),
      runEvent(runId, 3, {
        state: 'RUN_COMPLETED',
        status: 'failed',
        hook: 'onComplete',
        error: bureauError(3),
      }),
    ]);
    expect((await t.verify()).problems).toStrictEqual([]);
  });

  it('seals a run aborted on its first attempt as failed for good, since AbortTaskRunError skips retrying', async () => {
    const { runId, attempts } = await runTask(TASK, { applicationId: 'app-5', failAttempts: 0, abort: true });
    expect(attempts).toHaveLength(1);
    const entries = await sealedOf(runId);
    expect(timeline(entries)).toStrictEqual([
      'ATTEMPT_STARTED@1',
      'decision:approve@1',
      'ATTEMPT_FAILED@1',
      'RUN_FAILED@1',
      'RUN_COMPLETED@1',
    ]);
    const aborted = { type: 'AbortTaskRunError', message: 'application withdrawn' };
    expect(runEventsOf(entries)[2]).toStrictEqual(
      expectedRunEvent(TASK, runId, 1, {
        state: 'RUN_FAILED',
        status: 'failed',
        hook: 'onFailure',
        error: aborted,
      }),
    );
    expect((await t.verify()).problems).toStrictEqual([]);
  });

  it('reported no problem for any of these runs', () => {
    expect(problems as TriggerProblem[]).toStrictEqual([]);
  });

  it('refuses getCairn() outside a task attempt with a config error that says how to register', () => {
    let caught: unknown;
    try {
      getCairn();
    } catch (error) {
      caught = error;
    }
    expect(isCairnError(caught, 'config')).toBe(true);
    expect((caught as Error).message).toContain('registerCairn()');
  });
});

describe('registerCairn options', () => {
  function configError(options: unknown): string {
    try {
      registerCairn(options as Parameters<typeof registerCairn>[0]);
    } catch (error) {
      if (isCairnError(error, 'config')) return error.message;
      throw error;
    }
    throw new Error('expected a config error');
  }

  const sink = ledgerSink({ append: () => Promise.resolve([]) });

  it('refuses options with neither a recorder nor a sink', () => {
    expect(configError({})).toBe('registerCairn: expected a recorder or a sink, got neither');
  });

  it('refuses a sink without the agent whose decisions it records', () => {
    expect(configError({ sink })).toBe(
      'agent: expected the agent whose decisions a sink records, got nothing',
    );
  });

  it.each([[-1], [Number.NaN], [600_001], ['3000']])('refuses flushTimeoutMs %s', (flushTimeoutMs) => {
    expect(configError({ sink, agent: { id: 'a' }, flushTimeoutMs })).toMatch(
      /^flushTimeoutMs: expected a number of milliseconds between 0 and 600000, got /,
    );
  });

  it('refuses an unknown fail mode', () => {
    expect(configError({ sink, agent: { id: 'a' }, failMode: 'sometimes' })).toBe(
      `failMode: expected 'open' or 'closed', got "sometimes"`,
    );
  });
});
