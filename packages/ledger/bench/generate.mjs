// Decisions for the benchmark, and a fast way to fill a large ledger. The generator writes every object's keys in
// RFC 8785 order, so JSON.stringify gives the canonical bytes (ledger-bench.mjs checks this against core's
// canonicalize): a million entries are then sealed without spending minutes in validation, through the same
// row, tree-node and checkpoint code that append uses.
import { formatKeyId, leafHash, utf8 } from '@cairn/core';
import { openSqliteStore } from '@cairn/ledger';
import { appendRows } from '../dist/append.js';
import { signInTransaction } from '../dist/checkpoints.js';
import { entryColumns, refIds, runIdRows } from '../dist/columns.js';
import { Frontier, currentSize } from '../dist/frontier.js';

const BASE = Date.UTC(2026, 10, 23, 14, 0, 0, 0);
const TARGET_BYTES = 1600;
const PAD = 'The applicant has a stable income and no missed payments in the last 24 months. ';

function time(i) {
  return new Date(BASE + i * 250).toISOString();
}

function body(i, notes) {
  return {
    decision: {
      agent: { id: 'underwriter', name: 'Underwriting agent', version: '3.2.1' },
      aiRole: 'advisory',
      alternatives: [
        { label: 'approve', reason: 'income covers the instalment twice', score: 0.82 },
        { label: 'decline', reason: 'debt ratio above policy', score: 0.18 },
      ],
      chosen: { label: 'approve' },
      confidence: 0.82,
      context: { amount: 1000 + (i % 50000), applicant: `app-${i}`, currency: 'EUR', notes, termMonths: 36 },
      model: { name: 'gpt-4o', provider: 'openai', version: '2024-08-06' },
      type: 'loan.underwriting',
    },
    id: `dec-${i}`,
    kind: 'decision',
    occurredAt: time(i),
    producer: { id: 'bench-producer', seq: i },
    recordedAt: time(i),
    run: {
      id: `run-${Math.floor(i / 20)}`,
      ids: { 'openlineage.runId': `ol-${Math.floor(i / 20)}` },
      orchestrator: 'trigger.dev',
      task: { id: 'score', runId: `task-${i}` },
      workflow: { id: 'underwrite' },
    },
    v: 1,
  };
}

const baseLength = JSON.stringify(body(0, '')).length;

/** A decision of about 1.6 KB whose keys are in canonical order. */
export function canonicalDecision(i) {
  const room = TARGET_BYTES - baseLength - String(i).length * 2;
  return body(i, PAD.repeat(Math.ceil(room / PAD.length)).slice(0, Math.max(0, room)));
}

/** The same decision with its keys in the order a producer would write them: append has to canonicalise it. */
export function decisionObject(i) {
  const { v, kind, id, occurredAt, recordedAt, producer, run, decision } = canonicalDecision(i);
  return { v, kind, id, occurredAt, recordedAt, producer, run, decision };
}

function prepared(i) {
  const entry = canonicalDecision(i);
  const bytes = utf8(JSON.stringify(entry));
  return {
    entry,
    bytes,
    leafHash: leafHash(bytes),
    columns: entryColumns(entry),
    runIds: runIdRows(entry),
    refs: refIds(entry),
  };
}

/**
 * Seals `size` decisions into a new SQLite ledger at `path`, in batches of 10,000 with a checkpoint every 100,000.
 * Uses synchronous=NORMAL: durability of the fill is not what is measured.
 */
export async function generateLedger({ path, size, signer }) {
  const store = openSqliteStore({ path, synchronous: 'normal' });
  await store.migrate();
  await store.write((trx) =>
    trx.insertInto('ledger_meta').values({ key: 'origin', value: signer.name }).execute(),
  );
  await store.write((trx) =>
    trx
      .insertInto('signer_keys')
      .values({
        verifier_key: signer.verifierKey,
        name: signer.name,
        key_id: formatKeyId(signer.keyId),
        created_at: new Date().toISOString(),
      })
      .execute(),
  );
  const frontier = new Frontier();
  const start = performance.now();
  for (let n = 0; n < size; n += 10_000) {
    const batch = Array.from({ length: Math.min(10_000, size - n) }, (_, k) => prepared(n + k));
    const range = await store.write(async (trx) => {
      const r = await frontier.take(await currentSize(trx), trx);
      await appendRows(trx, store, r, batch);
      if (r.size % 100_000 === 0 || r.size === size) {
        await signInTransaction(trx, { range: r, signer, origin: signer.name, now: new Date() });
      }
      return r;
    });
    frontier.put(range);
  }
  const ms = performance.now() - start;
  await store.close();
  return { entries: size, ms: Math.round(ms), perSecond: Math.round((size / ms) * 1000) };
}
