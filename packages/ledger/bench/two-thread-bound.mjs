// How close does a two-thread split of a sealed append, stripped to its core, come to issue #3's target (sealed
// ≥ 0.5 × a raw insert of the same bytes) on this machine? An experiment, not the ledger's code path. On the built
// package: node packages/ledger/bench/two-thread-bound.mjs
// The main thread does what must happen where the entry objects live (validateEntry, the RFC 8785 text by
// JSON.stringify, its UTF-8 bytes, the leaf hash, the query columns) and posts each chunk of 100 as one transferred
// buffer plus flat arrays; a worker inserts the ledger's rows (two-thread-bound-worker.mjs). Left out, so the figure
// is a ceiling: the idempotency look-up, the runs table, entry_refs, the signed checkpoint, Kysely, error handling.
// Rounds alternate with the raw insert and report each ratio, since this VM's speed moves by ±25% between runs.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { leafHash, validateEntry } from '@cairn/core';
import { openSqliteStore } from '@cairn/ledger';
import { COLUMN_NAMES, entryColumns, runIdRows } from '../dist/columns.js';
import { decisionObject } from './generate.mjs';
import { rawInsertMs } from './raw-insert.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const APPEND = Number(process.env.CAIRN_BENCH_APPEND ?? 20_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const BATCH = 1000;
const CHUNK = 100;
const work = mkdtempSync(join(tmpdir(), 'cairn-split-'));

// What append does before its transaction, for one chunk, in the form the worker reads (see its insertChunk).
function chunkOf(entries) {
  const texts = [];
  const columns = [];
  const runIds = [];
  for (const input of entries) {
    const checked = validateEntry(input, { canonicalOrder: true });
    if (!checked.ok) throw new Error(`generated entry ${input.id} is invalid`);
    texts.push(JSON.stringify(checked.value));
    const c = entryColumns(checked.value);
    for (const name of COLUMN_NAMES) columns.push(c[name]);
    const ids = runIdRows(checked.value);
    runIds.push(ids.length);
    for (const { name, value } of ids) runIds.push(name, value);
  }
  // A UTF-16 code unit takes at most 3 bytes of UTF-8.
  const bytes = Buffer.allocUnsafeSlow(3 * texts.reduce((sum, text) => sum + text.length, 0));
  const ends = new Int32Array(entries.length);
  const hashes = new Uint8Array(entries.length * 32);
  let end = 0;
  texts.forEach((text, i) => {
    const start = end;
    end += bytes.write(text, end);
    ends[i] = end;
    hashes.set(leafHash(bytes.subarray(start, end)), i * 32);
  });
  return { bytes: bytes.buffer, ends, hashes, columns, runIds };
}

async function split(rows) {
  const path = join(work, `split-${Math.random().toString(36).slice(2)}.db`);
  const store = openSqliteStore({ path });
  await store.migrate();
  await store.close();
  const worker = new Worker(join(here, 'two-thread-bound-worker.mjs'), { workerData: { path, rows } });
  await new Promise((resolve) => worker.once('online', resolve));
  const entries = Array.from({ length: APPEND }, (_, i) => decisionObject(i));
  let mainMs = 0;
  let reply;
  const start = performance.now();
  for (let n = 0; n < APPEND; n += BATCH) {
    const t0 = performance.now();
    worker.postMessage('begin');
    for (let c = n; c < n + BATCH; c += CHUNK) {
      const chunk = chunkOf(entries.slice(c, c + CHUNK));
      worker.postMessage(chunk, [chunk.bytes, chunk.ends.buffer, chunk.hashes.buffer]);
    }
    worker.postMessage('commit');
    mainMs += performance.now() - t0;
    // An append is acknowledged after its COMMIT: the next batch starts then, as ledger-bench's callers do.
    reply = await new Promise((resolve) => worker.once('message', resolve));
  }
  const ms = performance.now() - start;
  await worker.terminate();
  if (reply.size !== APPEND) throw new Error(`the worker stored ${reply.size} of ${APPEND} entries`);
  return {
    usPerEntry: (ms * 1000) / APPEND,
    mainBusyUs: (mainMs * 1000) / APPEND,
    workerBusyUs: (reply.busyMs * 1000) / APPEND,
  };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
// One round first that is not reported: compiled code, not V8's warm-up, is what a ceiling should measure.
await split('all');
const rounds = [];
for (let k = 0; k < ROUNDS; k++) {
  const rawUs =
    (rawInsertMs({ path: join(work, `raw-${k}.db`), count: APPEND, batch: BATCH, synchronous: 'full' }) *
      1000) /
    APPEND;
  const all = await split('all');
  const lean = await split('entries only');
  rounds.push({ rawUs, all, lean, allRatio: rawUs / all.usPerEntry, leanRatio: rawUs / lean.usPerEntry });
}
rmSync(work, { recursive: true, force: true });

const f = (x) => x.toFixed(1);
const table = [
  [
    'round',
    'raw µs',
    'split µs',
    'main busy',
    'worker busy',
    'ratio',
    'entries-only µs',
    'main',
    'worker',
    'ratio',
  ],
  ...rounds.map((r, k) => [
    String(k + 1),
    f(r.rawUs),
    f(r.all.usPerEntry),
    f(r.all.mainBusyUs),
    f(r.all.workerBusyUs),
    r.allRatio.toFixed(3),
    f(r.lean.usPerEntry),
    f(r.lean.mainBusyUs),
    f(r.lean.workerBusyUs),
    r.leanRatio.toFixed(3),
  ]),
];
const widths = table[0].map((_, c) => Math.max(...table.map((row) => row[c].length)));
console.log(`two-thread split, ${APPEND.toLocaleString('en-US')} entries in batches of ${BATCH}, per entry:`);
for (const row of table) console.log(row.map((cell, c) => cell.padStart(widths[c])).join('  '));
const summary = {
  medianRatio: Number(median(rounds.map((r) => r.allRatio)).toFixed(3)),
  medianEntriesOnlyRatio: Number(median(rounds.map((r) => r.leanRatio)).toFixed(3)),
  // The target leaves 2 raw inserts' time per entry: the main thread's share alone, against that.
  medianMainBusyOverRaw: Number(median(rounds.map((r) => r.lean.mainBusyUs / r.rawUs)).toFixed(2)),
};
console.log(
  `median ratio ${summary.medianRatio} (all rows), ${summary.medianEntriesOnlyRatio} (entry rows only); target 0.5`,
);
console.log(
  `main thread alone, entry rows only: ${summary.medianMainBusyOverRaw} x a raw insert's time per entry (0.5 allows 2)`,
);
const out = join(here, '..', '..', '..', 'bench-results');
mkdirSync(out, { recursive: true });
writeFileSync(
  join(out, 'two-thread-bound.json'),
  `${JSON.stringify({ append: APPEND, batch: BATCH, chunk: CHUNK, rounds, ...summary }, null, 2)}\n`,
);
console.log(`wrote ${join(out, 'two-thread-bound.json')}`);
