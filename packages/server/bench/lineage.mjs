// pnpm --filter @cairn/server bench (after a build): requests per second and p99 latency of POST /api/v1/lineage
// with a realistic Airflow OpenLineage event (shared/fixtures/openlineage/airflow3-task-complete.json, a fresh
// runId per request so every request seals a new entry), against a bare Hono handler that parses the same JSON
// and answers 200, in the same run. Each server runs in its own process; this process is the load generator:
// BENCH_CONNECTIONS keep-alive connections on 127.0.0.1 for BENCH_SECONDS after a warm-up, bounded in time and in
// count. The Cairn server uses SQLite in WAL mode with synchronous=FULL (the ledger's default: every commit is
// fsynced before any response of its group is sent) and group commit. Writes bench-results/server.json.
// BENCH_CHILD_FLAGS passes Node flags to both servers, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof" to profile them.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
// Bare and Cairn alternate for ROUNDS rounds and the medians are reported: the machine is shared, and its load
// moves more between two runs than the difference being measured.
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 2);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const MAX_REQUESTS = 5_000_000; // a hard bound besides the clock
const TARGET_RATIO = 0.5;
const TOKEN = 'bench-ingest-token-0123456789';
const here = fileURLToPath(new URL('.', import.meta.url));
const root = fileURLToPath(new URL('../../../', import.meta.url));
const FIXTURE = join(root, '..', 'shared', 'fixtures', 'openlineage', 'airflow3-task-complete.json');

// --- the servers, each in a child process -------------------------------------------------------------------

async function serveBare() {
  const { Hono } = await import('hono');
  const { serve } = await import('@hono/node-server');
  const app = new Hono();
  app.post('/api/v1/lineage', async (c) => {
    await c.req.json();
    return c.json({ ok: true });
  });
  const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, (info) => {
    process.stdout.write(`http://127.0.0.1:${info.port}\n`);
  });
  process.once('SIGTERM', () => server.close(() => process.exit(0)));
}

async function serveCairn(dir) {
  const { loadServerConfig, startServer } = await import('../dist/index.js');
  const config = loadServerConfig({
    CAIRN_DB: join(dir, 'ledger.db'),
    CAIRN_SIGNING_KEY_FILE: join(dir, 'signing.key'),
    CAIRN_ORIGIN: 'bench.example/cairn',
    CAIRN_PORT: '0',
    CAIRN_INGEST_TOKEN: TOKEN,
  });
  const server = await startServer(config, { log: () => undefined });
  process.stdout.write(`${server.url}\n`);
  process.once('SIGTERM', () => void server.close().then(() => process.exit(0)));
}

// --- the load generator -------------------------------------------------------------------------------------

function bodyMaker() {
  const event = JSON.parse(readFileSync(FIXTURE, 'utf8'));
  const marker = '00000000-0000-7000-8000-MARKERMARKER';
  event.run.runId = marker;
  const [before, after] = JSON.stringify(event).split(marker);
  let n = 0;
  // A fresh OpenLineage runId per request: the entry id derives from it, so no request is a duplicate.
  return () => `${before}01a01e9c-fd7b-7677-a18e-${(n++).toString(16).padStart(12, '0')}${after}`;
}

function post(agent, url, body, token) {
  return new Promise((resolve) => {
    const headers = { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) };
    if (token !== undefined) headers.authorization = `Bearer ${token}`;
    const request = http.request(url, { agent, method: 'POST', headers }, (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode));
    });
    request.on('error', () => resolve(0));
    request.end(body);
  });
}

async function load(url, token) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONNECTIONS });
  const next = bodyMaker();
  const target = new URL('/api/v1/lineage', url);
  const latencies = [];
  let ok = 0;
  let errors = 0;
  let sent = 0;
  const warmEnd = performance.now() + WARMUP_SECONDS * 1000;
  const end = warmEnd + SECONDS * 1000;
  const worker = async () => {
    while (sent < MAX_REQUESTS) {
      const started = performance.now();
      if (started >= end) return;
      sent += 1;
      const status = await post(agent, target, next(), token);
      const finished = performance.now();
      if (status === 200) ok += 1;
      else errors += 1;
      if (started >= warmEnd && finished <= end) latencies.push(finished - started);
    }
  };
  await Promise.all(Array.from({ length: CONNECTIONS }, worker));
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const at = (q) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? NaN;
  return {
    measured: latencies.length,
    rps: latencies.length / SECONDS,
    p50Ms: at(0.5),
    p99Ms: at(0.99),
    ok,
    errors,
  };
}

async function withServer(kind, dir, run) {
  const child = spawn(
    process.execPath,
    [
      ...(process.env.BENCH_CHILD_FLAGS ?? '').split(' ').filter(Boolean),
      join(here, 'lineage.mjs'),
      '--serve',
      kind,
      dir ?? '',
    ],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const [url] = await once(createInterface({ input: child.stdout }), 'line');
  try {
    return await run(url);
  } finally {
    child.kill('SIGTERM');
    await once(child, 'exit');
  }
}

function get(url, path) {
  return new Promise((resolve, reject) => {
    http
      .get(new URL(path, url), (response) => {
        let text = '';
        response.on('data', (part) => (text += part));
        response.on('end', () => resolve(text));
      })
      .on('error', reject);
  });
}

function metric(text, name) {
  return Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1]);
}

async function runCairn(url) {
  const result = await load(url, TOKEN);
  const health = JSON.parse(await get(url, '/healthz'));
  const metrics = await get(url, '/metrics');
  const perCommit =
    metric(metrics, 'cairn_ledger_commit_entries_sum') / metric(metrics, 'cairn_ledger_commit_entries_count');
  return { ...result, ledgerSize: health.size, entriesPerCommit: perCommit };
}

async function main() {
  const base = process.env.BENCH_DIR ?? tmpdir();
  const rounds = [];
  for (let round = 0; round < ROUNDS; round++) {
    const bare = await withServer('bare', undefined, (url) => load(url, undefined));
    const dir = mkdtempSync(join(base, 'cairn-server-bench-'));
    try {
      const cairn = await withServer('cairn', dir, runCairn);
      rounds.push({ bare, cairn, ratio: cairn.rps / bare.rps });
      console.log(
        `round ${round + 1}/${ROUNDS}: bare ${Math.round(bare.rps)}/s, cairn ${Math.round(cairn.rps)}/s, ratio ${round2(cairn.rps / bare.rps)}`,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  report(rounds, base);
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function summary(results) {
  return {
    requestsPerSecond: Math.round(median(results.map((r) => r.rps))),
    p50Ms: round2(median(results.map((r) => r.p50Ms))),
    p99Ms: round2(median(results.map((r) => r.p99Ms))),
    errors: results.reduce((n, r) => n + r.errors, 0),
  };
}

function report(rounds, base) {
  const cairns = rounds.map((r) => r.cairn);
  const ratio = median(rounds.map((r) => r.ratio));
  const durable = cairns.every((c) => c.ledgerSize === c.ok);
  const errors = rounds.reduce((n, r) => n + r.bare.errors + r.cairn.errors, 0);
  const rows = [
    { target: 'bare Hono handler (JSON.parse, 200)', ...summary(rounds.map((r) => r.bare)) },
    {
      target: 'Cairn server (SQLite FULL, group commit)',
      ...summary(cairns),
      entriesPerCommit: round2(median(cairns.map((c) => c.entriesPerCommit))),
    },
  ];
  console.table(rows);
  console.log(
    `ratio ${round2(ratio)} (median of ${rounds.length} rounds; target >= ${TARGET_RATIO}); every 200 sealed: ${durable}`,
  );
  const result = {
    node: process.version,
    date: new Date().toISOString(),
    endpoint: 'POST /api/v1/lineage',
    event: 'shared/fixtures/openlineage/airflow3-task-complete.json with a fresh run.runId per request',
    connections: CONNECTIONS,
    seconds: SECONDS,
    warmupSeconds: WARMUP_SECONDS,
    rounds: rounds.length,
    durability: `SQLite WAL, synchronous=FULL (fsync at every COMMIT), each response after its group's COMMIT; database under ${base}`,
    rows,
    roundRatios: rounds.map((r) => round2(r.ratio)),
    ratio: round2(ratio),
    targetRatio: TARGET_RATIO,
    meetsTarget: ratio >= TARGET_RATIO,
    everyAcknowledgedEventSealed: durable,
  };
  mkdirSync(join(root, 'bench-results'), { recursive: true });
  writeFileSync(join(root, 'bench-results', 'server.json'), `${JSON.stringify(result, null, 2)}\n`);
  if (!durable || errors > 0) process.exitCode = 1;
}

function round2(x) {
  return Math.round(x * 100) / 100;
}

const serveIndex = process.argv.indexOf('--serve');
if (serveIndex === -1) await main();
else if (process.argv[serveIndex + 1] === 'bare') await serveBare();
else await serveCairn(process.argv[serveIndex + 2]);
