// Ledger benchmark, run on the built package (`pnpm --filter @cairn/ledger build` first):
//   node packages/ledger/bench/ledger-bench.mjs
// Measures the figures on SQLite: sealed batched append of ~1.6 KB decisions against a raw better-sqlite3
// insert of the same bytes (and the ledger's own rows inserted with nothing around them, the floor of its schema),
// unbatched append latency (one entry per awaited call, synchronous FULL), verify of a
// 1,000,000-entry ledger (time and peak RSS, in a fresh process) against `sha256sum` over the same stored bytes,
// and inclusion-proof latency at that size. Prints a table and writes bench-results/ledger.json.
// CAIRN_BENCH_SIZE (default 1000000) and CAIRN_BENCH_APPEND (default 20000) scale it down for a quick look.
import { execFileSync } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { canonicalize, createCompactRange, createNoteSigner, generateSignerKey } from '@cairn/core';
import { createLedger, openSqliteStore } from '@cairn/ledger';
import { appendRows } from '../dist/append.js';
import { COLUMN_NAMES } from '../dist/columns.js';
import { signInTransaction } from '../dist/checkpoints.js';
import { Frontier, currentSize } from '../dist/frontier.js';
import { prepareValid } from '../dist/prepare.js';
import { canonicalDecision, decisionObject, generateLedger } from './generate.mjs';
import { rawInsertMs } from './raw-insert.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const SIZE = Number(process.env.CAIRN_BENCH_SIZE ?? 1_000_000);
const APPEND = Number(process.env.CAIRN_BENCH_APPEND ?? 20_000);
const BATCH = 1000;
const work = mkdtempSync(join(tmpdir(), 'cairn-bench-'));
const signer = await createNoteSigner(await generateSignerKey('bench.example/ledger'));

function perSecond(count, ms) {
  return Math.round((count / ms) * 1000);
}

// The generator writes keys in RFC 8785 order, so its JSON.stringify is the canonical form: checked here.
for (const i of [0, 1, 999]) {
  if (JSON.stringify(canonicalDecision(i)) !== canonicalize(canonicalDecision(i)))
    throw new Error('generator is not canonical');
}

async function sealedAppend(synchronous) {
  const path = join(work, `append-${synchronous}.db`);
  const ledger = await createLedger({ store: openSqliteStore({ path, synchronous }), signer });
  const entries = Array.from({ length: APPEND }, (_, i) => decisionObject(i));
  const cpu = process.cpuUsage();
  const start = performance.now();
  for (let n = 0; n < APPEND; n += BATCH) await ledger.append(entries.slice(n, n + BATCH));
  const ms = performance.now() - start;
  const used = process.cpuUsage(cpu);
  await ledger.close();
  // CPU of every thread of the process (V8's GC helpers included), per entry: spread perfectly over all cores, this
  // work could go no faster than cpuUsPerEntry / cores per entry.
  return { perSecond: perSecond(APPEND, ms), cpuUsPerEntry: round1((used.user + used.system) / APPEND) };
}

function round1(x) {
  return Math.round(x * 10) / 10;
}

// Sealing alone: entries validated and canonicalised beforehand, then rows, tree nodes and a signed checkpoint
// per batch, as append does inside its transaction.
async function sealingOnly(synchronous) {
  const store = openSqliteStore({ path: join(work, `sealing-${synchronous}.db`), synchronous });
  await store.migrate();
  const prepared = Array.from({ length: APPEND }, (_, i) => prepareValid(decisionObject(i)));
  const frontier = new Frontier();
  const start = performance.now();
  for (let n = 0; n < APPEND; n += BATCH) {
    const range = await store.write(async (trx) => {
      const r = await frontier.take(await currentSize(trx), trx);
      await appendRows(trx, store, r, prepared.slice(n, n + BATCH));
      await signInTransaction(trx, { range: r, signer, origin: signer.name, now: new Date() });
      return r;
    });
    frontier.put(range);
  }
  const ms = performance.now() - start;
  await store.close();
  return perSecond(APPEND, ms);
}

// The floor of sealing in this schema: the same entry rows (query columns, unique id, run index), run-id rows and
// tree nodes append writes, inserted through prepared better-sqlite3 statements with no JavaScript around them
// (no validation, canonical bytes, hashing, row objects or Kysely; rows are built before the clock starts).
async function ledgerRowsOnly(synchronous) {
  const path = join(work, `rows-${synchronous}.db`);
  const store = openSqliteStore({ path, synchronous });
  await store.migrate();
  await store.close();
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${synchronous}`);
  const entryColumns = ['idx', 'bytes', 'leaf_hash', ...COLUMN_NAMES];
  const insertEntry = db.prepare(
    `insert into entries (${entryColumns.join(', ')}) values (${entryColumns.map(() => '?').join(', ')})`,
  );
  const insertRunId = db.prepare('insert into run_ids (idx, name, value) values (?, ?, ?)');
  const insertNode = db.prepare('insert into tree_nodes (level, idx, hash) values (?, ?, ?)');
  const range = createCompactRange();
  const rows = Array.from({ length: APPEND }, (_, i) => {
    const p = prepareValid(decisionObject(i));
    const nodes = range.append(p.leafHash).filter((n) => n.level > 0);
    return {
      entry: [i, Buffer.from(p.bytes), Buffer.from(p.leafHash), ...COLUMN_NAMES.map((c) => p.columns[c])],
      runIds: p.runIds.map((r) => [i, r.name, r.value]),
      nodes: nodes.map((n) => [n.level, n.index, Buffer.from(n.hash)]),
    };
  });
  const batch = db.transaction((slice) => {
    for (const row of slice) {
      insertEntry.run(row.entry);
      for (const r of row.runIds) insertRunId.run(r);
      for (const n of row.nodes) insertNode.run(n);
    }
  });
  const start = performance.now();
  for (let n = 0; n < APPEND; n += BATCH) batch.immediate(rows.slice(n, n + BATCH));
  const ms = performance.now() - start;
  db.close();
  return perSecond(APPEND, ms);
}

function rawInsert(synchronous) {
  const ms = rawInsertMs({
    path: join(work, `raw-${synchronous}.db`),
    count: APPEND,
    batch: BATCH,
    synchronous,
  });
  return perSecond(APPEND, ms);
}

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

// One entry per call, each awaited: what a producer that does not batch sees (synchronous FULL: an fsync each).
async function unbatchedAppendLatency(count = 2000) {
  const ledger = await createLedger({
    store: openSqliteStore({ path: join(work, 'unbatched.db'), synchronous: 'full' }),
    signer,
  });
  const timings = [];
  for (let i = 0; i < count; i++) {
    const entry = decisionObject(i);
    const start = performance.now();
    await ledger.append(entry);
    timings.push(performance.now() - start);
  }
  await ledger.close();
  timings.sort((a, b) => a - b);
  return { count, p50: percentile(timings, 50), p99: percentile(timings, 99) };
}

// The floor verify is compared with: sha256sum over the same stored bytes, written once to one file (streamed
// row by row, so memory stays flat) and hashed by coreutils.
function sha256sumOf(path) {
  const out = join(work, 'entries.bin');
  const fd = openSync(out, 'w');
  const db = new Database(path, { readonly: true });
  let bytes = 0;
  for (const [chunk] of db.prepare('select bytes from entries order by idx').raw(true).iterate()) {
    writeSync(fd, chunk);
    bytes += chunk.length;
  }
  db.close();
  closeSync(fd);
  const start = performance.now();
  execFileSync('sha256sum', [out], { encoding: 'utf8' });
  const ms = performance.now() - start;
  rmSync(out);
  return { bytes, ms: Math.round(ms), mbPerSecond: Math.round(bytes / 1e6 / (ms / 1000)) };
}

async function proofLatency(path) {
  const ledger = await createLedger({ store: openSqliteStore({ path }) });
  const size = await ledger.size();
  const timings = [];
  for (let k = 0; k < 2000; k++) {
    const index = Math.floor(Math.random() * size);
    const start = performance.now();
    await ledger.inclusionProof(index, size);
    timings.push(performance.now() - start);
  }
  await ledger.close();
  timings.sort((a, b) => a - b);
  return { p50: percentile(timings, 50), p99: percentile(timings, 99) };
}

const results = {
  machine: {
    node: process.version,
    cpus: (await import('node:os')).cpus().length,
    loadAverage: (await import('node:os')).loadavg(),
  },
  batch: BATCH,
};
results.entryBytes = Buffer.byteLength(JSON.stringify(canonicalDecision(0)));
for (const synchronous of ['full', 'normal']) {
  const sealed = await sealedAppend(synchronous);
  results[`append_${synchronous}`] = {
    sealedAppendPerSecond: sealed.perSecond,
    sealedCpuUsPerEntry: sealed.cpuUsPerEntry,
    sealingOnlyPerSecond: await sealingOnly(synchronous),
    ledgerRowsOnlyPerSecond: await ledgerRowsOnly(synchronous),
    rawInsertPerSecond: rawInsert(synchronous),
  };
  const r = results[`append_${synchronous}`];
  r.sealedRatio = Number((r.sealedAppendPerSecond / r.rawInsertPerSecond).toFixed(3));
  r.sealingOnlyRatio = Number((r.sealingOnlyPerSecond / r.rawInsertPerSecond).toFixed(3));
  r.ledgerRowsOnlyRatio = Number((r.ledgerRowsOnlyPerSecond / r.rawInsertPerSecond).toFixed(3));
  // The best ratio sealing's CPU work allows on this machine: all of it on every core at once, nothing waiting.
  r.cpuCeilingRatio = Number(
    ((results.machine.cpus * 1e6) / r.sealedCpuUsPerEntry / r.rawInsertPerSecond).toFixed(3),
  );
}

results.unbatchedAppend = await unbatchedAppendLatency();

const bigPath = join(work, 'big.db');
const generated = await generateLedger({ path: bigPath, size: SIZE, signer });
results.generate = generated;
const verify = JSON.parse(
  execFileSync(process.execPath, [join(here, 'verify-child.mjs'), bigPath, signer.verifierKey], {
    encoding: 'utf8',
  }),
);
results.verify = verify;
results.sha256sum = sha256sumOf(bigPath);
verify.recordsPerSecond = perSecond(verify.size, verify.ms);
verify.mbPerSecond = Math.round(results.sha256sum.bytes / 1e6 / (verify.ms / 1000));
results.proof = await proofLatency(bigPath);
rmSync(work, { recursive: true, force: true });

const rows = [
  ['entry size', `${results.entryBytes} bytes`],
  ['sealed append (FULL)', `${results.append_full.sealedAppendPerSecond}/s`],
  [
    'sealed CPU per entry (FULL)',
    `${results.append_full.sealedCpuUsPerEntry} µs, all threads (ceiling on ${results.machine.cpus} cores: ${results.append_full.cpuCeilingRatio} x raw)`,
  ],
  ['sealing only (FULL)', `${results.append_full.sealingOnlyPerSecond}/s`],
  [
    'ledger rows only (FULL)',
    `${results.append_full.ledgerRowsOnlyPerSecond}/s = ${results.append_full.ledgerRowsOnlyRatio} x raw (no JS around them)`,
  ],
  ['raw insert (FULL)', `${results.append_full.rawInsertPerSecond}/s`],
  [
    'sealed / raw (FULL)',
    `${results.append_full.sealedRatio} (sealing only ${results.append_full.sealingOnlyRatio}; target >= 0.5)`,
  ],
  ['sealed append (NORMAL)', `${results.append_normal.sealedAppendPerSecond}/s`],
  ['raw insert (NORMAL)', `${results.append_normal.rawInsertPerSecond}/s`],
  [
    'sealed / raw (NORMAL)',
    `${results.append_normal.sealedRatio} (sealing only ${results.append_normal.sealingOnlyRatio})`,
  ],
  [
    `verify ${SIZE.toLocaleString('en-US')} entries`,
    `${(verify.ms / 1000).toFixed(1)} s (CPU ${(verify.cpuMs / 1000).toFixed(1)} s), ok=${verify.ok} (target < 20 s)`,
  ],
  ['verify peak RSS', `${verify.maxRssMb} MB (target < 256 MB)`],
  [
    'verify throughput',
    `${verify.recordsPerSecond}/s, ${verify.mbPerSecond} MB/s of stored bytes (threads: ${verify.threads})`,
  ],
  [
    'sha256sum, same bytes',
    `${(results.sha256sum.ms / 1000).toFixed(1)} s, ${results.sha256sum.mbPerSecond} MB/s (${Math.round(results.sha256sum.bytes / 1e6)} MB)`,
  ],
  [
    'unbatched append (FULL)',
    `p50 ${results.unbatchedAppend.p50.toFixed(2)} ms, p99 ${results.unbatchedAppend.p99.toFixed(2)} ms (${results.unbatchedAppend.count} calls)`,
  ],
  [
    `inclusion proof at ${SIZE.toLocaleString('en-US')}`,
    `p50 ${results.proof.p50.toFixed(2)} ms, p99 ${results.proof.p99.toFixed(2)} ms (target p99 < 5 ms)`,
  ],
];
const width = Math.max(...rows.map(([k]) => k.length));
for (const [k, v] of rows) console.log(`${k.padEnd(width)}  ${v}`);
const out = join(here, '..', '..', '..', 'bench-results');
mkdirSync(out, { recursive: true });
writeFileSync(join(out, 'ledger.json'), `${JSON.stringify(results, null, 2)}\n`);
console.log(`wrote ${join(out, 'ledger.json')}`);
