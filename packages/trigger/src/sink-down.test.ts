// Decisions recorded while Cairn is unreachable, in tasks driven through Trigger.dev's own TaskExecutor: fail-open
// keeps the task going within the flush bound (a spool keeps the entries and delivers them later), fail-closed
// fails the attempt so the platform retries it.
import { join } from 'node:path';
import type { AppendResult, Entry, EntryWriter } from '@cairn/core';
import { ledgerSink, spooledSink } from '@cairn/sdk';
import type { Captured, Refused } from '@cairn/sdk';
import { task } from '@trigger.dev/sdk';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { getCairn, registerCairn } from './index.js';
import type { TriggerProblem } from './index.js';
import { entriesOfRun, expectedRunLink, timeline } from './test-support/expectations.js';
import { executeAttempt, installTriggerTestRuntime, makeExecution, runTask } from './testing/harness.js';
import type { TriggerTestRuntime } from './testing/harness.js';
import { openTestLedger } from './test-support/ledger.js';
import type { TestLedger } from './test-support/ledger.js';

const TASK = 'underwrite-offline';
const CAIRN = 'https://cairn.example.com';
let runtime: TriggerTestRuntime;
let t: TestLedger;
let problems: { code: string; runId?: string; entryIds?: readonly string[]; message: string }[];
let recorded: (Captured | Refused)[];

beforeAll(() => {
  runtime = installTriggerTestRuntime();
  task({
    id: TASK,
    retry: { maxAttempts: 2, minTimeoutInMs: 1, maxTimeoutInMs: 1 },
    run: async (payload: { applicationId: string }) => {
      recorded.push(
        getCairn().decision({
          type: 'loan.underwriting',
          context: { applicationId: payload.applicationId },
          alternatives: [{ label: 'approve' }, { label: 'refer' }, { label: 'decline' }],
          chosen: { label: 'refer' },
          aiRole: 'advisory',
        }),
      );
      return Promise.resolve({ decision: 'refer' });
    },
  });
});

beforeEach(async () => {
  t = await openTestLedger();
  problems = [];
  recorded = [];
});

afterEach(async () => {
  await t.close();
});

function register(
  sink: Parameters<typeof ledgerSink>[0] | ReturnType<typeof spooledSink>,
  extra: { failMode?: 'open' | 'closed'; flushTimeoutMs?: number } = {},
) {
  return registerCairn({
    sink: 'write' in sink ? sink : ledgerSink(sink),
    agent: { id: 'underwriter' },
    cairnUrl: CAIRN,
    logger: false,
    onProblem: (p) => problems.push(p),
    ...extra,
  });
}

function ourProblems(): TriggerProblem[] {
  return problems.filter((p) => p.runId !== undefined) as TriggerProblem[];
}

async function sealedOf(runId: string): Promise<Entry[]> {
  return entriesOfRun(await t.entries(), runId);
}

describe('a decision recorded while the sink is down', () => {
  it('fail-open with a spool: the run succeeds, the entries wait in the journal, and are sealed with their run link once Cairn is back', async () => {
    const spool = spooledSink({
      sink: ledgerSink(t.writer),
      dir: join(t.dir, 'spool'),
      retry: { baseMs: 5, maxMs: 20 },
    });
    const recorder = register(spool);
    t.writer.down = true;
    const { runId, final } = await runTask(TASK, { applicationId: 'app-1' });
    expect(final.ok).toBe(true);
    expect(await sealedOf(runId)).toStrictEqual([]);
    expect(ourProblems()).toStrictEqual([]);
    // Journaled entries are durable, so the decision is already linked from the run.
    const id = recorded[0]!.id!;
    expect(runtime.metadata.current()?.cairn).toStrictEqual({
      run: `${CAIRN}/v1/runs/trigger.dev/${runId}`,
      decisions: [{ id, url: `${CAIRN}/v1/decisions/${id}` }],
    });

    t.writer.down = false;
    await spool.drained();
    expect(t.writer.refusals).toBeGreaterThan(0);
    const entries = await sealedOf(runId);
    expect(timeline(entries)).toStrictEqual([
      'ATTEMPT_STARTED@1',
      'decision:refer@1',
      'RUN_SUCCEEDED@1',
      'RUN_COMPLETED@1',
    ]);
    for (const entry of entries) expect(entry.run).toStrictEqual(expectedRunLink(TASK, runId, 1));
    expect(entries[1]!.id).toBe(id);
    expect(await recorded[0]!.sealed).toMatchObject({
      ok: true,
      value: { id, index: (await t.ledger.get(id))!.index },
    });
    expect((await t.verify()).problems).toStrictEqual([]);
    await recorder.close();
  });

  it('fail-open with a sink that never answers: the attempt ends at the flush bound, and the entries are sealed when it answers', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const hanging: EntryWriter = {
      append: async (entries: readonly Entry[]): Promise<readonly AppendResult[]> => {
        await gate;
        return t.ledger.append(entries);
      },
    };
    const recorder = register(hanging, { flushTimeoutMs: 20 });
    const { runId, final } = await runTask(TASK, { applicationId: 'app-2' });
    expect(final.ok).toBe(true);
    expect(ourProblems().map((p) => [p.code, p.runId, p.attempt])).toStrictEqual([
      ['flush_timeout', runId, 1],
    ]);
    expect(ourProblems()[0]!.message).toBe(`entries of run ${runId} attempt 1 were not stored within 20 ms`);
    expect(await sealedOf(runId)).toStrictEqual([]);
    // Entries still in flight at the bound may yet be lost: none is linked from the run.
    expect(runtime.metadata.current()?.cairn).toBeUndefined();

    release();
    await recorder.flush();
    const entries = await sealedOf(runId);
    expect(timeline(entries)).toStrictEqual([
      'ATTEMPT_STARTED@1',
      'decision:refer@1',
      'RUN_SUCCEEDED@1',
      'RUN_COMPLETED@1',
    ]);
    for (const entry of entries) expect(entry.run).toStrictEqual(expectedRunLink(TASK, runId, 1));
    expect((await t.verify()).problems).toStrictEqual([]);
  });

  it('fail-open without a spool: the run succeeds, the lost entries are reported with the run, and no link points at them', async () => {
    register(t.writer);
    t.writer.down = true;
    const { runId, final } = await runTask(TASK, { applicationId: 'app-3' });
    expect(final.ok).toBe(true);
    const [problem, ...more] = ourProblems();
    expect(more).toStrictEqual([]);
    expect(problem).toMatchObject({
      code: 'not_durable',
      runId,
      attempt: 1,
      message: `4 of 4 entries of run ${runId} attempt 1 were refused or could not be stored`,
    });
    expect(problem!.entryIds).toContain(recorded[0]!.id);
    expect(runtime.metadata.current()?.cairn).toBeUndefined();
    expect(await t.entries()).toStrictEqual([]);
  });

  it('fail-closed: the attempt fails while Cairn is down, and the retry the platform makes is sealed once it is back', async () => {
    register(t.writer, { failMode: 'closed' });
    t.writer.down = true;
    const { runId, final } = await runTask(TASK, { applicationId: 'app-4' });
    expect(final.ok).toBe(false);
    expect(!final.ok && final.error).toMatchObject({
      type: 'INTERNAL_ERROR',
      // TASK_MIDDLEWARE_ERROR is retried by the platform (core errors.js shouldRetryError).
      code: 'TASK_MIDDLEWARE_ERROR',
      message: `CairnError: @cairn/trigger (fail-closed): 4 of 4 entries of run ${runId} attempt 1 were refused or could not be stored`,
    });

    t.writer.down = false;
    const retried = await executeAttempt(
      makeExecution(TASK, { applicationId: 'app-4' }, { runId, attempt: 2 }),
    );
    expect(retried.ok).toBe(true);
    const entries = await sealedOf(runId);
    expect(timeline(entries)).toStrictEqual([
      'ATTEMPT_STARTED@2',
      'decision:refer@2',
      'RUN_SUCCEEDED@2',
      'RUN_COMPLETED@2',
    ]);
    for (const entry of entries) expect(entry.run).toStrictEqual(expectedRunLink(TASK, runId, 2));
    expect((await t.verify()).problems).toStrictEqual([]);
  });
});
