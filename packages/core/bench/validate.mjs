// Microseconds per validateEntry call on valid input, p50 and p99 over 100,000 calls each, for the realistic
// decision and run event of src/test-support/examples.ts, per entry of validateEntries on batches of 100, and for
// the full check that skips the fast path (the road every invalid entry takes), as a same-run reference.
// Runs on the build: `pnpm --filter @cairn/core build && pnpm --filter @cairn/core bench`. The examples are not
// part of dist, so they are bundled from source with esbuild (a root dev dependency); everything timed is dist.
// BENCH_CALLS scales it down for a quick look.
import { build } from 'esbuild';
import { validateEntries, validateEntry } from '../dist/index.js';
import { validateEntryWithoutFastPath } from '../dist/schema/validate.js';

const CALLS = Number(process.env.BENCH_CALLS ?? 100_000);
const WARMUP = 10_000;
const BATCH = 100;
/** Distinct input objects, cycled, so no call sees the object the previous one saw. */
const INPUTS = 64;

async function loadExamples() {
  const out = await build({
    entryPoints: [new URL('../src/test-support/examples.ts', import.meta.url).pathname],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'node',
    conditions: ['@cairn/source'],
    logLevel: 'silent',
  });
  const code = out.outputFiles[0].text;
  return import(`data:text/javascript;base64,${Buffer.from(code).toString('base64')}`);
}

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** Times `calls` single calls of `fn`, `per` entries each; every call must succeed, or the failure path is timed. */
function measure(label, make, fn, calls, per = 1) {
  const inputs = Array.from({ length: INPUTS }, () => make());
  for (let i = 0; i < WARMUP / per; i++) {
    if (!fn(inputs[i % INPUTS]).ok) throw new Error(`${label}: the input is not valid`);
  }
  const samples = new Float64Array(calls);
  for (let i = 0; i < calls; i++) {
    const input = inputs[i % INPUTS];
    const start = process.hrtime.bigint();
    const result = fn(input);
    samples[i] = Number(process.hrtime.bigint() - start) / 1_000 / per;
    if (!result.ok) throw new Error(`${label}: the input is not valid`);
  }
  samples.sort();
  const mean = samples.reduce((a, b) => a + b, 0) / calls;
  return { label, calls, p50: percentile(samples, 50), p99: percentile(samples, 99), mean };
}

const { exampleDecision, exampleRunEvent } = await loadExamples();
const batch = () => Array.from({ length: BATCH }, () => exampleDecision());
const rows = [
  measure('validateEntry(exampleDecision())', exampleDecision, validateEntry, CALLS),
  measure('validateEntry(exampleRunEvent())', exampleRunEvent, validateEntry, CALLS),
  measure(`validateEntries(${BATCH} decisions), per entry`, batch, validateEntries, CALLS / BATCH, BATCH),
  measure(
    'full check (no fast path), exampleDecision()',
    exampleDecision,
    validateEntryWithoutFastPath,
    CALLS,
  ),
  measure(
    'full check (no fast path), exampleRunEvent()',
    exampleRunEvent,
    validateEntryWithoutFastPath,
    CALLS,
  ),
];

const cell = (n) => n.toFixed(1).padStart(8);
console.log(
  `${'validate (µs per entry)'.padEnd(48)}${'calls'.padStart(8)}${'p50'.padStart(8)}${'p99'.padStart(8)}${'mean'.padStart(8)}`,
);
for (const r of rows) {
  console.log(
    `${r.label.padEnd(48)}${String(r.calls).padStart(8)}${cell(r.p50)}${cell(r.p99)}${cell(r.mean)}`,
  );
}
