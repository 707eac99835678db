// Group commit on a real SQLite ledger, over HTTP: concurrent requests share transactions, and each caller still
// gets only its own results.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CairnError, createNoteSigner, generateSignerKey } from '@cairn/core';
import type { AppendResult, Entry } from '@cairn/core';
import { createLedger, openSqliteStore } from '@cairn/ledger';
import type { Ledger } from '@cairn/ledger';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServerApp } from './app.js';
import { groupCommit } from './group-commit.js';
import { ledgerPort } from './ledger-adapter.js';
import { serveApp } from './listen.js';
import type { Listening } from './listen.js';
import { INGEST, decisionEntry, postConcurrently } from './test-support/server.js';
import type { Loose } from './test-support/server.js';

let dir: string;
let ledger: Ledger;
let listening: Listening;
/** Every batch the ledger was asked to append, as the wrapping writer saw it. */
const transactions: (readonly Entry[])[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cairn-group-'));
  const signer = await createNoteSigner(await generateSignerKey('test.example/group'));
  ledger = await createLedger({
    store: openSqliteStore({ path: join(dir, 'ledger.db') }),
    signer,
    checkpoint: { everyEntries: 1000 },
  });
  const port = ledgerPort(ledger);
  // The ServerLedger with its append wrapped: the same ledger, with each transaction recorded.
  const counted = {
    ...port,
    append: (entries: readonly Entry[]) => {
      transactions.push(entries);
      return port.append(entries);
    },
  };
  const { app } = createServerApp({ ledger: counted, log: () => undefined });
  listening = await serveApp(app, { host: '127.0.0.1', port: 0 });
});

afterAll(async () => {
  await listening.close();
  await ledger.close();
  await rm(dir, { recursive: true, force: true });
});

async function post(body: unknown): Promise<{ status: number; json: Loose }> {
  const response = await fetch(`${listening.url}/v1/decisions`, {
    method: 'POST',
    headers: INGEST,
    body: JSON.stringify(body),
  });
  return { status: response.status, json: await response.json() };
}

describe('group commit over HTTP', () => {
  it('commits 40 concurrent requests from another process in fewer transactions than requests, each caller getting its own results', async () => {
    transactions.length = 0;
    const bodies = Array.from({ length: 40 }, (_, i) =>
      i % 4 === 0 ? [decisionEntry(), decisionEntry()] : decisionEntry(),
    );
    const answers = (await postConcurrently(listening.url, '/v1/decisions', bodies)).map(
      ({ status, body }) => ({ status, json: body }),
    );
    expect(transactions.length).toBeGreaterThan(0);
    expect(transactions.length).toBeLessThan(bodies.length);
    answers.forEach((answer, i) => {
      const sent = ([] as Loose[]).concat(bodies[i]);
      expect(answer.status).toBe(200);
      expect(answer.json.accepted.map((a: Loose) => a.id)).toEqual(sent.map((e) => e.id));
    });
    const indices = answers.flatMap((a) => a.json.accepted.map((r: Loose) => r.index));
    expect(new Set(indices).size).toBe(indices.length);
    for (const answer of answers) {
      for (const result of answer.json.accepted)
        expect((await ledger.get(result.id))?.index).toBe(result.index);
    }
  });

  it('answers two concurrent deliveries of one entry with one index, only one of them new', async () => {
    const entry = decisionEntry();
    const [a, b] = await Promise.all([post(entry), post(entry)]);
    const results = [a.json.accepted[0], b.json.accepted[0]];
    expect(results.map((r) => r.index)).toEqual([results[0].index, results[0].index]);
    expect(results.map((r) => r.duplicate).sort()).toEqual([false, true]);
  });
});

describe('groupCommit', () => {
  it('fails only the caller whose entry the ledger refuses, and commits its neighbours', async () => {
    const writer = groupCommit(ledger);
    const good = [decisionEntry(), decisionEntry()] as Entry[];
    const bad = { ...decisionEntry(), kind: 'nonsense' } as unknown as Entry;
    const outcomes = await Promise.allSettled([
      writer.append([good[0]!]),
      writer.append([bad]),
      writer.append([good[1]!]),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((outcomes[1] as PromiseRejectedResult).reason).toBeInstanceOf(CairnError);
    for (const entry of good) expect(await ledger.get(entry.id)).toBeDefined();
    expect(await ledger.get(bad.id)).toBeUndefined();
  });

  it('fails every caller of a group when storage fails for a while, acknowledging none of them', async () => {
    let failing = true;
    const flaky = {
      append: (entries: readonly Entry[]): Promise<readonly AppendResult[]> =>
        failing ? Promise.reject(new CairnError('unavailable', 'database locked')) : ledger.append(entries),
    };
    const writer = groupCommit(flaky);
    const entries = [decisionEntry(), decisionEntry()] as Entry[];
    const outcomes = await Promise.allSettled(entries.map((e) => writer.append([e])));
    expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected']);
    for (const entry of entries) expect(await ledger.get(entry.id)).toBeUndefined();
    failing = false;
    const retried = await Promise.all(entries.map((e) => writer.append([e])));
    expect(retried.map(([r]) => r!.id)).toEqual(entries.map((e) => e.id));
  });

  it('flush() resolves once every queued append is committed', async () => {
    const writer = groupCommit(ledger);
    const entries = Array.from({ length: 5 }, () => decisionEntry() as Entry);
    const pending = entries.map((e) => writer.append([e]));
    await writer.flush();
    for (const entry of entries) expect(await ledger.get(entry.id)).toBeDefined();
    await Promise.all(pending);
  });
});
