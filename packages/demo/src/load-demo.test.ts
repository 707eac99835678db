// loadDemo against a real server (startServer, a signed SQLite ledger, real tokens), read back over the query API and
// then from the ledger file itself. Both loads run once, before the tests; the tests read what they left.
import { canonicalBytes, fromHex, verifyCheckpoint, verifyConsistency, verifyReceipt } from '@cairn/core';
import { runDriftAnalysis } from '@cairn/drift';
import { createLedger, openSqliteStore } from '@cairn/ledger';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY, isoMillis, storyDay } from './clock.js';
import { loadDemo } from './index.js';
import type { DemoOrchestrator, DemoProgress, DemoReport } from './index.js';
import { HISTORY } from './stories/history.js';
import { INGEST_TOKEN, ORIGIN, startDemoServer } from './test-support/server.js';
import type { DemoServer, Loose } from './test-support/server.js';

const NOW = new Date('2026-11-23T14:00:00Z');
const ORCHESTRATORS: readonly DemoOrchestrator[] = ['airflow', 'prefect', 'dagster', 'trigger.dev'];

let server: DemoServer;
let first: DemoReport;
let second: DemoReport;
const progress: DemoProgress[] = [];
let sizeAfterFirst: number;
let sizeAfterSecond: number;

const size = async () => (await server.get('/healthz')).json.size as number;
const runOf = async (orchestrator: string, runId: string) =>
  (await server.get(`/v1/runs/${orchestrator}/${encodeURIComponent(runId)}`)).json.entries.map(
    (s: Loose) => s.entry,
  );

beforeAll(async () => {
  server = await startDemoServer();
  const options = { baseUrl: server.url, ingestToken: INGEST_TOKEN, now: NOW };
  first = await loadDemo({ ...options, onProgress: (p) => progress.push(p) });
  sizeAfterFirst = await size();
  second = await loadDemo(options);
  sizeAfterSecond = await size();
});

afterAll(async () => {
  await server.remove();
});

describe('loadDemo on an empty ledger', () => {
  it('stores every entry it sends, for each of the four orchestrators', () => {
    for (const orchestrator of ORCHESTRATORS) {
      const counts = first.counts[orchestrator];
      expect(counts.sent).toBeGreaterThan(0);
      expect(counts).toStrictEqual({ sent: counts.sent, stored: counts.sent, duplicates: 0 });
    }
    expect(first.total.stored).toBe(sizeAfterFirst);
    expect(progress.at(-1)!.done).toBe(progress.at(-1)!.total);
    expect(new Set(progress.map((p) => p.orchestrator))).toStrictEqual(new Set(ORCHESTRATORS));
  });

  it('creates runs that GET /v1/runs lists for every orchestrator', async () => {
    for (const orchestrator of ORCHESTRATORS) {
      const { json } = await server.get(
        `/v1/runs?orchestrator=${encodeURIComponent(orchestrator)}&limit=500`,
      );
      const listed = (json.runs as Loose[]).map((r) => r.runId);
      const expected = first.runs.filter((r) => r.orchestrator === orchestrator).map((r) => r.runId);
      expect(expected.length).toBeGreaterThan(0);
      expect(listed).toEqual(expect.arrayContaining(expected));
    }
  });

  it("joins each orchestrator's run events and the agents' decisions in the same run", async () => {
    for (const orchestrator of ORCHESTRATORS) {
      const kinds = await Promise.all(
        first.runs
          .filter((r) => r.orchestrator === orchestrator)
          .map(async (r) => new Set((await runOf(orchestrator, r.runId)).map((e: Loose) => e.kind))),
      );
      expect(kinds.every((k) => k.has('run_event'))).toBe(true);
      expect(kinds.some((k) => k.has('run_event') && k.has('decision'))).toBe(true);
    }
  });

  it('records the Airflow load task failing on try 1 and the decisions on the task and try the lineage names', async () => {
    const run = first.runs.find((r) => r.orchestrator === 'airflow')!;
    const entries = await runOf('airflow', run.runId);
    const loads = entries.filter(
      (e: Loose) => e.kind === 'run_event' && e.run.task?.id === 'load_applications',
    );
    expect(loads.map((e: Loose) => `${e.runEvent.status}@${e.run.attempt}`)).toStrictEqual([
      'started@1',
      'failed@1',
      'started@2',
      'succeeded@2',
    ]);
    expect(loads[1].runEvent.error.type).toBe('psycopg2.OperationalError');
    const lineage = entries.find((e: Loose) => e.kind === 'run_event' && e.run.task?.id === 'underwrite_all');
    const decisions = entries.filter((e: Loose) => e.kind === 'decision');
    expect(decisions.length).toBeGreaterThan(0);
    for (const d of decisions) {
      expect([d.run.workflow.id, d.run.task.id, d.run.attempt]).toStrictEqual([
        lineage.run.workflow.id,
        lineage.run.task.id,
        lineage.run.attempt,
      ]);
    }
  });

  it('seals a decision whose receipt verifies against the published keys and the latest checkpoint', async () => {
    const verifiers = await server.verifiers();
    const { json } = await server.get(`/v1/decisions/${first.highlights.overriddenDecision}`);
    const receipt = await verifyReceipt({
      receipt: json.receipt,
      leaf: canonicalBytes(json.entry),
      verifiers,
      origin: ORIGIN,
    });
    expect(receipt.ok && receipt.value.index).toBe(json.index);
    const note = (await server.get('/v1/checkpoint')).text;
    const latest = await verifyCheckpoint(note, verifiers, { origin: ORIGIN });
    if (!receipt.ok || !latest.ok) throw new Error('receipt or checkpoint did not verify');
    const a = receipt.value.checkpoint;
    const b = latest.value;
    const proof = (await server.get(`/v1/proofs/consistency?first=${a.size}&second=${b.size}`)).json;
    const consistent = verifyConsistency({
      first: a.size,
      second: b.size,
      firstRoot: a.root,
      secondRoot: b.root,
      proof: proof.proof.map(fromHex),
    });
    expect(consistent.ok).toBe(true);
  });

  it('links the override, the contest and the correction to the decisions they concern', async () => {
    const linked = async (id: string) => (await server.get(`/v1/decisions/${id}`)).json;
    const overridden = await linked(first.highlights.overriddenDecision);
    expect(overridden.entry.decision.chosen.label).toBe('decline');
    expect(overridden.linked.map((s: Loose) => s.entry.oversight)).toMatchObject([
      { action: 'overridden', newChoice: { label: 'refer' } },
    ]);
    const contested = await linked(first.highlights.contestedDecision);
    expect(contested.entry.decision.outcome.adverse).toBe(true);
    expect(contested.linked.map((s: Loose) => s.entry.contest.by)).toStrictEqual(['data_subject']);
    expect(contested.linked[0].entry.refs).toStrictEqual([
      { id: contested.entry.id, index: contested.index, leafHash: contested.leafHash },
    ]);
    const corrected = await linked(first.highlights.correctedDecision);
    expect(corrected.linked.map((s: Loose) => s.entry.kind)).toStrictEqual(['correction']);
  });

  it('gives the drift monitor a mix shift and a version change at the rollout a week before the story', async () => {
    const { findings } = await runDriftAnalysis({ entries: server.server.ledger.entries() });
    const rollout = isoMillis(storyDay(NOW) - HISTORY.rolloutDaysAgo * DAY);
    const ofAgent = findings.filter((f) => f.agentId === first.highlights.driftingAgent);
    expect(ofAgent.some((f) => f.detector === 'mix' && f.window?.from === rollout)).toBe(true);
    expect(
      ofAgent.some(
        (f) => f.detector === 'version_change' && f.occurredAt.slice(0, 10) === rollout.slice(0, 10),
      ),
    ).toBe(true);
  });
});

describe('loadDemo a second time', () => {
  it('sends the same entries and stores nothing new: the server answers duplicate for each', () => {
    for (const orchestrator of ORCHESTRATORS) {
      const sent = first.counts[orchestrator].sent;
      expect(second.counts[orchestrator]).toStrictEqual({ sent, stored: 0, duplicates: sent });
    }
    expect(sizeAfterSecond).toBe(sizeAfterFirst);
    expect(second.runs).toStrictEqual(first.runs);
  });

  it('leaves a ledger that verifies from its file once the server has closed', async () => {
    await server.close();
    const ledger = await createLedger({ store: openSqliteStore({ path: server.dbPath }) });
    try {
      const report = await ledger.verify({ requireSealed: true });
      expect(report.problems).toStrictEqual([]);
      expect(report.ok).toBe(true);
      expect(report.entriesChecked).toBe(sizeAfterFirst);
    } finally {
      await ledger.close();
    }
  });
});
