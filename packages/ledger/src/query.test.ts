import { describe, expect, it } from 'vitest';
import type { Ledger } from './ledger.js';
import { IN_PROCESS_STORES, useTestDatabases } from './test-support/databases.js';
import { decision, oversight, runEvent } from './test-support/fixtures.js';
import { openLedger } from './test-support/ledgers.js';

const databases = useTestDatabases();

// Three runs: run-a (2 decisions then succeeded), run-b (1 decision of another type, failed), run-c (queued only,
// on prefect). Entries arrive out of time order so the summaries must use occurredAt, not arrival.
async function seeded(kind: (typeof IN_PROCESS_STORES)[number]): Promise<Ledger> {
  const { ledger } = await openLedger(await databases.fresh(kind));
  await ledger.append([
    decision(20, { runId: 'run-a', subject: 'subj-1' }),
    runEvent('ev-a1', 'run-a', 'started', 10),
    decision(30, { runId: 'run-a' }),
    runEvent('ev-b1', 'run-b', 'failed', 60),
  ]);
  await ledger.append([
    runEvent('ev-a2', 'run-a', 'succeeded', 40),
    decision(50, { runId: 'run-b', type: 'fraud.screening', subject: 'subj-1' }),
    runEvent('ev-b0', 'run-b', 'started', 45),
    { ...runEvent('ev-c1', 'run-c', 'queued', 70), run: { orchestrator: 'prefect', id: 'run-c' } } as never,
    oversight('ov-1', 'dec-20'),
  ]);
  return ledger;
}

for (const kind of IN_PROCESS_STORES) {
  describe(`queries on ${kind}`, () => {
    it('summarises each run with counts, time span and the status of its latest run event', async () => {
      const ledger = await seeded(kind);
      const { runs } = await ledger.query.listRuns();
      expect(runs).toEqual([
        {
          orchestrator: 'prefect',
          runId: 'run-c',
          firstAt: '2026-11-23T14:01:10.000Z',
          lastAt: '2026-11-23T14:01:10.000Z',
          entryCount: 1,
          decisionCount: 0,
          lastStatus: 'queued',
        },
        {
          orchestrator: 'trigger.dev',
          runId: 'run-b',
          firstAt: '2026-11-23T14:00:45.000Z',
          lastAt: '2026-11-23T14:01:00.000Z',
          entryCount: 3,
          decisionCount: 1,
          lastStatus: 'failed',
        },
        {
          orchestrator: 'trigger.dev',
          runId: 'run-a',
          firstAt: '2026-11-23T14:00:10.000Z',
          lastAt: '2026-11-23T14:00:40.000Z',
          entryCount: 4,
          decisionCount: 2,
          lastStatus: 'succeeded',
        },
      ]);
      expect((await ledger.verify()).problems).toEqual([]);
      await ledger.close();
    });

    it('filters runs by orchestrator, status, decision type and time, and pages with a cursor', async () => {
      const ledger = await seeded(kind);
      const ids = (page: { runs: { runId: string }[] }) => page.runs.map((r) => r.runId);
      expect(ids(await ledger.query.listRuns({ orchestrator: 'trigger.dev' }))).toEqual(['run-b', 'run-a']);
      expect(ids(await ledger.query.listRuns({ status: 'succeeded' }))).toEqual(['run-a']);
      expect(ids(await ledger.query.listRuns({ decisionType: 'fraud.screening' }))).toEqual(['run-b']);
      expect(ids(await ledger.query.listRuns({ to: '2026-11-23T14:00:30.000Z' }))).toEqual(['run-a']);
      expect(ids(await ledger.query.listRuns({ from: '2026-11-23T14:00:50.000Z' }))).toEqual([
        'run-c',
        'run-b',
      ]);
      const first = await ledger.query.listRuns({ limit: 2 });
      expect(ids(first)).toEqual(['run-c', 'run-b']);
      const second = await ledger.query.listRuns({ limit: 2, cursor: first.nextCursor });
      expect(ids(second)).toEqual(['run-a']);
      expect(second.nextCursor).toBeUndefined();
      await expect(ledger.query.listRuns({ cursor: 'not-a-cursor' })).rejects.toThrow(/cursor/);
      await ledger.close();
    });

    it('finds a run by any of its ids', async () => {
      const ledger = await seeded(kind);
      const find = async (anyId: string) =>
        (await ledger.query.findRuns({ anyId })).map((r) => `${r.orchestrator}/${r.runId}`);
      expect(await find('run-a')).toEqual(['trigger.dev/run-a']);
      expect(await find('task-30')).toEqual(['trigger.dev/run-a']);
      expect(await find('ol-run-b')).toEqual(['trigger.dev/run-b']);
      expect(await find('nothing-here')).toEqual([]);
      await ledger.close();
    });

    it('lists the entries of a run in time order, of a subject, and those referring to an entry', async () => {
      const ledger = await seeded(kind);
      const runA = await ledger.query.runEntries('trigger.dev', 'run-a');
      expect(runA.map((e) => e.entry.id)).toEqual(['ev-a1', 'dec-20', 'dec-30', 'ev-a2']);
      expect(runA.map((e) => e.index)).toEqual([1, 0, 2, 4]);
      expect((await ledger.query.subjectEntries('subj-1')).map((e) => e.entry.id)).toEqual([
        'dec-20',
        'dec-50',
      ]);
      expect((await ledger.query.entriesByRef('dec-20')).map((e) => e.entry.id)).toEqual(['ov-1']);
      expect(await ledger.query.entriesByRef('dec-30')).toEqual([]);
      await ledger.close();
    });
  });
}
