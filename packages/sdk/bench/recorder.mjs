// pnpm --filter @cairn/sdk bench (after a build): the blocking cost of recorder.decision() as the caller sees
// it, p50 and p99 over 100,000 calls, and sustained decisions per second, through the in-process ledger sink
// (SQLite), the HTTP sink (a local server in another process) and the HTTP sink behind the durable spool.
// Writes bench-results/sdk.json at the repository root.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { createNoteSigner, generateSignerKey } from '@cairn/core';
import { createLedger, openSqliteStore } from '@cairn/ledger';
import { createRecorder, httpSink, ledgerSink, spooledSink } from '../dist/index.js';

const CALLS = Number(process.env.BENCH_CALLS ?? 100_000);
const SUSTAINED = Number(process.env.BENCH_SUSTAINED ?? 100_000);
const YIELD_EVERY = 100; // agent code awaits between decisions; the pump runs in those gaps
// Sustained rate is what the sink keeps up with, so the loop waits for a receipt every WINDOW decisions: at most
// WINDOW entries are ever in flight, well under maxQueue, and none is refused for a full queue.
const WINDOW = 5_000;
const root = new URL('../../../', import.meta.url).pathname;
const work = mkdtempSync(join(tmpdir(), 'cairn-sdk-bench-'));

function decision(n) {
  return {
    type: 'loan.underwriting',
    context: {
      applicationId: `app-${n}`,
      income: 52_000 + (n % 1000),
      requested: 15_000,
      region: 'EU',
      segment: 'retail',
    },
    alternatives: [
      { label: 'approve', score: 0.82, reason: 'income covers repayment 3.4 times' },
      { label: 'refer', score: 0.15, reason: 'thin credit file' },
      { label: 'decline', score: 0.03 },
    ],
    chosen: { label: 'approve' },
    reasoning: {
      text: 'Debt-to-income 0.21 is below the 0.35 policy limit; no adverse records.',
      source: 'model',
    },
    confidence: 0.82,
  };
}

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function blockingCost(recorder) {
  const samples = new Float64Array(CALLS);
  let refused = 0;
  for (let n = 0; n < CALLS; n++) {
    const start = process.hrtime.bigint();
    const result = recorder.decision(decision(n));
    samples[n] = Number(process.hrtime.bigint() - start) / 1e6;
    if (!result.ok) refused += 1;
    if (n % WINDOW === WINDOW - 1 && result.ok) await result.sealed;
    else if (n % YIELD_EVERY === YIELD_EVERY - 1) await yieldToLoop();
  }
  await recorder.flush();
  const sorted = samples.sort();
  return {
    p50Ms: percentile(sorted, 50),
    p99Ms: percentile(sorted, 99),
    p999Ms: percentile(sorted, 99.9),
    maxMs: sorted[sorted.length - 1],
    refused,
  };
}

async function sustained(recorder) {
  const start = performance.now();
  let last;
  for (let n = 0; n < SUSTAINED; n++) {
    last = recorder.decision(decision(n));
    if (!last.ok) throw new Error(`decision ${n} was refused: ${JSON.stringify(last.problems)}`);
    if (n % WINDOW === WINDOW - 1) await last.sealed;
    else if (n % YIELD_EVERY === YIELD_EVERY - 1) await yieldToLoop();
  }
  const sealed = await last.sealed;
  if (!sealed.ok) throw new Error(`the last decision was not sealed: ${JSON.stringify(sealed.problems)}`);
  return {
    decisions: SUSTAINED,
    seconds: (performance.now() - start) / 1000,
    perSecond: Math.round(SUSTAINED / ((performance.now() - start) / 1000)),
  };
}

async function ledgerScenario(name, writeThread = false) {
  const ledger = await createLedger({
    store: openSqliteStore({ path: join(work, `${name}.db`), writeThread }),
    signer: await createNoteSigner(await generateSignerKey('bench.example/cairn')),
  });
  return { sink: ledgerSink(ledger), close: () => ledger.close() };
}

async function startServer() {
  const proc = spawn(process.execPath, [new URL('./receiver.mjs', import.meta.url).pathname], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise((resolve) =>
    proc.stdout.once('data', (d) => resolve(Number(String(d).trim()))),
  );
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () => new Promise((resolve) => (proc.once('exit', resolve), proc.kill('SIGTERM'))),
  };
}

async function run(label, makeSink) {
  const results = {};
  for (const phase of ['blocking', 'sustained']) {
    const { sink, close } = await makeSink(`${label}-${phase}`);
    const recorder = createRecorder({
      sink,
      agent: { id: 'bench-agent' },
      defaults: { run: { orchestrator: 'other', id: 'bench' }, aiRole: 'advisory' },
      logger: false,
      maxQueue: 50_000,
      otel: false,
    });
    results[phase] = phase === 'blocking' ? await blockingCost(recorder) : await sustained(recorder);
    await recorder.close();
    await close?.();
  }
  return {
    sink: label,
    ...results.blocking,
    sustainedPerSecond: results.sustained.perSecond,
    sustainedSeconds: results.sustained.seconds,
  };
}

// A sink that stores nothing and answers at once: what is left is the recorder's own cost, the floor of every row.
function nullSink() {
  return {
    async write(entries) {
      return entries.map((e, index) => ({ id: e.id, index, leafHash: '00'.repeat(32), duplicate: false }));
    },
  };
}

const server = await startServer();
const rows = [];
try {
  rows.push(await run('no sink work (recorder alone)', async () => ({ sink: nullSink() })));
  rows.push(await run('in-process ledger (SQLite)', (name) => ledgerScenario(name)));
  // The same ledger with its appends on a worker thread (`writeThread`): SQLite's work and fsync leave the caller's loop.
  rows.push(await run('in-process ledger (SQLite, write thread)', (name) => ledgerScenario(name, true)));
  rows.push(await run('http', async () => ({ sink: httpSink({ url: server.url }) })));
  rows.push(
    await run('http + spool (fsync)', async (name) => {
      const dir = join(work, name);
      return { sink: spooledSink({ sink: httpSink({ url: server.url }), dir }) };
    }),
  );
} finally {
  await server.stop();
  rmSync(work, { recursive: true, force: true });
}

const fmt = (ms) => `${(ms * 1000).toFixed(1)} µs`;
console.log(
  `recorder.decision() blocking cost over ${CALLS.toLocaleString('en')} calls; sustained over ${SUSTAINED.toLocaleString('en')} (target p99 < 100 µs)`,
);
console.table(
  Object.fromEntries(
    rows.map((r) => [
      r.sink,
      {
        p50: fmt(r.p50Ms),
        p99: fmt(r.p99Ms),
        'p99.9': fmt(r.p999Ms),
        max: fmt(r.maxMs),
        refused: r.refused,
        'sustained/s': r.sustainedPerSecond.toLocaleString('en'),
      },
    ]),
  ),
);
const out = {
  calls: CALLS,
  sustainedCalls: SUSTAINED,
  node: process.version,
  date: new Date().toISOString(),
  targetP99Ms: 0.1,
  rows,
  // The recorder-alone row is a reference, not a sink.
  p99UnderTarget: rows.slice(1).every((r) => r.p99Ms < 0.1),
};
mkdirSync(join(root, 'bench-results'), { recursive: true });
writeFileSync(join(root, 'bench-results', 'sdk.json'), `${JSON.stringify(out, null, 2)}\n`);
console.log(`wrote ${join(root, 'bench-results', 'sdk.json')}`);
