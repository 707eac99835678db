import { Hono } from 'hono';
import type { Context } from 'hono';
import { toHex } from '@cairn/core';
import type { RunFilter, ServerLedger } from './ledger-port.js';

/**
 * Largest page of `GET /v1/runs` without `id`.
 *
 * @example await fetch(`${url}/v1/runs?limit=${MAX_RUNS_PER_PAGE}`)
 */
export const MAX_RUNS_PER_PAGE = 500;

/**
 * The read API. Every route answers JSON except `/v1/checkpoint`, which answers the C2SP signed note as text so it
 * can be saved and verified byte for byte. Ids travel percent-encoded in paths; ids holding `/` work either way.
 *
 * @example
 * curl "localhost:7070/v1/runs?id=manual__2026-11-23T10%3A00%3A00%2B00%3A00" -H "authorization: Bearer $CAIRN_READ_TOKEN"
 */
export function queryRoutes(options: { ledger: ServerLedger }): Hono {
  const { ledger } = options;
  const app = new Hono();
  app.get('/v1/runs', async (c) => {
    const anyId = c.req.query('id');
    if (anyId !== undefined) return c.json({ runs: await ledger.findRuns(anyId) });
    return c.json(await ledger.listRuns(runFilter(c)));
  });
  app.get('/v1/runs/:orchestrator/:runId{.+}', async (c) => {
    const { orchestrator, runId } = c.req.param();
    const [entries, runs] = await Promise.all([
      ledger.runEntries(orchestrator, runId),
      ledger.findRuns(runId),
    ]);
    if (entries.length === 0)
      return notFound(c, `no ${orchestrator.slice(0, 40)} run ${runId.slice(0, 100)} in the ledger`);
    const run = runs.find((r) => r.orchestrator === orchestrator && r.runId === runId) ?? null;
    return c.json({ orchestrator, runId, run, entries });
  });
  app.get('/v1/decisions/:id{.+}', async (c) => {
    const id = c.req.param('id');
    const stored = await ledger.get(id);
    if (stored === undefined) return notFound(c, `no entry with id ${id.slice(0, 100)}`);
    const [receipt, linked] = await Promise.all([ledger.receipt(id), ledger.entriesReferring(id)]);
    return c.json({ ...stored, receipt: receipt ?? null, linked });
  });
  app.get('/v1/checkpoint', async (c) => {
    const latest = await ledger.latestCheckpoint();
    if (latest === undefined) return notFound(c, 'no checkpoint has been signed yet');
    return c.text(latest.note, 200, { 'content-type': 'text/plain; charset=utf-8' });
  });
  app.get('/v1/verifier-keys', async (c) =>
    c.json({ origin: ledger.origin, keys: await ledger.verifierKeys() }),
  );
  app.get('/v1/proofs/inclusion', async (c) => inclusion(c, ledger));
  app.get('/v1/proofs/consistency', async (c) => consistency(c, ledger));
  return app;
}

function runFilter(c: Context): RunFilter {
  const limit = whole(c.req.query('limit')) ?? 50;
  return {
    orchestrator: c.req.query('orchestrator'),
    status: c.req.query('status'),
    decisionType: c.req.query('type'),
    from: c.req.query('from'),
    to: c.req.query('to'),
    cursor: c.req.query('cursor'),
    limit: Math.min(Math.max(limit, 1), MAX_RUNS_PER_PAGE),
  };
}

// RFC 9162 §2.1.3: an inclusion proof is against a tree size; by default the latest signed one, whose note is
// returned too so the caller has the root to verify against.
async function inclusion(c: Context, ledger: ServerLedger) {
  const id = c.req.query('id');
  const stored = id === undefined ? undefined : await ledger.get(id);
  if (id !== undefined && stored === undefined) return notFound(c, `no entry with id ${id.slice(0, 100)}`);
  const index = stored?.index ?? whole(c.req.query('index'));
  const [latest, ledgerSize] = await Promise.all([ledger.latestCheckpoint(), ledger.size()]);
  const size = whole(c.req.query('size')) ?? latest?.size ?? 0;
  if (index === undefined || index >= size || size > ledgerSize) {
    const message = `id or index, and size: expected an entry below a size of at most ${ledgerSize}, got index ${index ?? 'none'} and size ${size}`;
    return invalidQuery(c, message);
  }
  const proof = (await ledger.inclusionProof(index, size)).map(toHex);
  const checkpoint = latest !== undefined && latest.size === size ? latest.note : null;
  return c.json({
    index,
    size,
    proof,
    ...(stored ? { id: stored.entry.id, leafHash: stored.leafHash } : {}),
    checkpoint,
  });
}

// RFC 9162 §2.1.4: a consistency proof between two tree sizes; `second` defaults to the latest signed size.
async function consistency(c: Context, ledger: ServerLedger) {
  const [latest, ledgerSize] = await Promise.all([ledger.latestCheckpoint(), ledger.size()]);
  const first = whole(c.req.query('first'));
  const second = whole(c.req.query('second')) ?? latest?.size;
  if (first === undefined || second === undefined || first > second || second > ledgerSize) {
    return invalidQuery(c, `first and second: expected whole numbers with first <= second <= ${ledgerSize}`);
  }
  const proof = (await ledger.consistencyProof(first, second)).map(toHex);
  const checkpoint = latest !== undefined && latest.size === second ? latest.note : null;
  return c.json({ first, second, proof, checkpoint });
}

function whole(value: string | undefined): number | undefined {
  return value !== undefined && /^\d{1,15}$/.test(value) ? Number(value) : undefined;
}

function notFound(c: Context, message: string) {
  return c.json({ error: 'not_found', message }, 404);
}

function invalidQuery(c: Context, message: string) {
  return c.json({ error: 'invalid_query', problems: [{ path: '', code: 'invalid_query', message }] }, 400);
}
