import {
  canonicalBytes,
  fromHex,
  leafHash,
  verifyCheckpoint,
  verifyConsistency,
  verifyInclusion,
} from '@cairn/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureBytes, fixtureJson } from '../../openlineage/src/test-support/fixtures.js';
import { decisionEntry, startTestServer, verifiersOf } from './test-support/server.js';
import type { Loose, TestServer } from './test-support/server.js';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});

afterAll(async () => {
  await server.stop();
});

async function checkpointAt(): Promise<{ size: number; root: Uint8Array; note: string }> {
  const { status, text } = await server.get('/v1/checkpoint');
  expect(status).toBe(200);
  const verified = await verifyCheckpoint(text, await verifiersOf(server), {
    origin: server.env.CAIRN_ORIGIN!,
  });
  if (!verified.ok) throw new Error(`the checkpoint does not verify: ${verified.problems[0]?.message}`);
  return { size: verified.value.size, root: verified.value.root, note: text };
}

describe('the read API', () => {
  it('answers a run with its events and decisions in time order, whatever order they arrived in', async () => {
    const run = { orchestrator: 'airflow', id: 'manual__2026-08-20T10:00:00.123456+00:00' };
    const decision = decisionEntry({ run, occurredAt: '2026-08-20T10:00:04.000Z' });
    // COMPLETE first, then START, then a decision made between them.
    expect(
      (await server.post('/api/v1/lineage', fixtureBytes('openlineage', 'airflow3-task-complete.json')))
        .status,
    ).toBe(200);
    expect(
      (await server.post('/api/v1/lineage', fixtureBytes('openlineage', 'airflow3-task-start.json'))).status,
    ).toBe(200);
    expect((await server.postJson('/v1/decisions', decision)).status).toBe(200);
    const { status, json } = await server.get(`/v1/runs/airflow/${encodeURIComponent(run.id)}`);
    expect(status).toBe(200);
    expect(json.entries.map((e: Loose) => e.entry.runEvent?.state ?? e.entry.kind)).toEqual([
      'START',
      'decision',
      'COMPLETE',
    ]);
    expect(json.run).toMatchObject({
      orchestrator: 'airflow',
      runId: run.id,
      entryCount: 3,
      decisionCount: 1,
      lastStatus: 'succeeded',
    });
  });

  it('finds a run by its orchestrator run id, an OpenLineage runId and a Prefect task-run id', async () => {
    expect(
      (await server.post('/hooks/prefect', fixtureBytes('prefect', 'task-run-completed.event.json'))).status,
    ).toBe(200);
    const task = fixtureJson('prefect', 'task-run-completed.event.json');
    const taskRunId = task.resource['prefect.resource.id'].replace('prefect.task-run.', '');
    const lineageRunId = fixtureJson('openlineage', 'airflow3-task-start.json').run.runId;
    const byTask = await server.get(`/v1/runs?id=${taskRunId}`);
    expect(byTask.json.runs.map((r: Loose) => r.runId)).toEqual([task.payload.task_run.flow_run_id]);
    const byLineage = await server.get(`/v1/runs?id=${lineageRunId}`);
    expect(byLineage.json.runs.map((r: Loose) => r.orchestrator)).toEqual(['airflow']);
    expect((await server.get('/v1/runs?id=no-such-run')).json.runs).toEqual([]);
  });

  it('lists runs a page at a time with a cursor, and filters by orchestrator', async () => {
    for (let i = 0; i < 3; i++)
      await server.postJson(
        '/v1/decisions',
        decisionEntry({ run: { orchestrator: 'other', id: `page-run-${i}` } }),
      );
    const first = await server.get('/v1/runs?limit=2');
    expect(first.json.runs).toHaveLength(2);
    const second = await server.get(`/v1/runs?limit=2&cursor=${encodeURIComponent(first.json.nextCursor)}`);
    const seen = [...first.json.runs, ...second.json.runs].map((r: Loose) => `${r.orchestrator}/${r.runId}`);
    expect(new Set(seen).size).toBe(seen.length);
    const prefect = await server.get('/v1/runs?orchestrator=prefect');
    expect(prefect.json.runs.every((r: Loose) => r.orchestrator === 'prefect')).toBe(true);
    expect((await server.get('/v1/runs?cursor=not-a-cursor')).status).toBe(400);
  });

  it('serves an inclusion proof that verifies against the signed checkpoint', async () => {
    const entry = decisionEntry();
    await server.postJson('/v1/decisions', entry);
    await server.server.ledger.checkpoint();
    const checkpoint = await checkpointAt();
    const { status, json } = await server.get(`/v1/proofs/inclusion?id=${entry.id}`);
    expect(status).toBe(200);
    expect(json.size).toBe(checkpoint.size);
    expect(json.checkpoint).toBe(checkpoint.note);
    expect(json.leafHash).toBe(Buffer.from(leafHash(canonicalBytes(entry))).toString('hex'));
    const verified = verifyInclusion({
      index: json.index,
      size: json.size,
      leafHash: fromHex(json.leafHash)!,
      proof: json.proof.map((h: string) => fromHex(h)!),
      root: checkpoint.root,
    });
    expect(verified.ok).toBe(true);
  });

  it('serves a consistency proof between two signed checkpoints that verifies', async () => {
    const older = await checkpointAt();
    await server.postJson('/v1/decisions', [decisionEntry(), decisionEntry(), decisionEntry()]);
    await server.server.ledger.checkpoint();
    const newer = await checkpointAt();
    const { status, json } = await server.get(
      `/v1/proofs/consistency?first=${older.size}&second=${newer.size}`,
    );
    expect(status).toBe(200);
    const verified = verifyConsistency({
      first: older.size,
      second: newer.size,
      firstRoot: older.root,
      secondRoot: newer.root,
      proof: json.proof.map((h: string) => fromHex(h)!),
    });
    expect(verified.ok).toBe(true);
    expect(
      verifyConsistency({
        first: older.size,
        second: newer.size,
        firstRoot: newer.root,
        secondRoot: newer.root,
        proof: json.proof.map((h: string) => fromHex(h)!),
      }).ok,
    ).toBe(false);
  });

  it('answers 400 naming the parameters for proofs it cannot give', async () => {
    const size = (await server.get('/healthz')).json.size;
    for (const query of [
      'inclusion?index=x',
      `inclusion?index=${size}&size=${size}`,
      `inclusion?index=0&size=${size + 1}`,
      'consistency?first=3&second=2',
      `consistency?first=1&second=${size + 1}`,
      'consistency',
    ]) {
      const answer = await server.get(`/v1/proofs/${query}`);
      expect({ query, status: answer.status }).toEqual({ query, status: 400 });
      expect(answer.json.problems[0].message).toMatch(/size|first/);
    }
  });

  it('answers 404 for an unknown entry or run', async () => {
    expect((await server.get('/v1/decisions/no-such-entry')).status).toBe(404);
    expect((await server.get('/v1/runs/prefect/no-such-run')).status).toBe(404);
    expect((await server.get('/v1/proofs/inclusion?id=no-such-entry')).status).toBe(404);
  });

  it('returns an entry with the entries that refer to it', async () => {
    const decision = decisionEntry();
    await server.postJson('/v1/decisions', decision);
    const oversight = {
      ...decisionEntry(),
      kind: 'oversight',
      decision: undefined,
      refs: [{ id: decision.id }],
      oversight: { action: 'approved', reviewer: { id: 'reviewer-7', role: 'underwriter' } },
    };
    delete oversight.decision;
    delete oversight.run;
    expect((await server.postJson('/v1/decisions', oversight)).status).toBe(200);
    const { json } = await server.get(`/v1/decisions/${decision.id}`);
    expect(json.linked.map((l: Loose) => l.entry.id)).toEqual([oversight.id]);
  });
});
