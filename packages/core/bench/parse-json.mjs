// Microseconds per parse of one OpenLineage event (~5 KB, the body every Airflow receiver call parses): parseJson
// (native JSON.parse plus an I-JSON audit), the exhaustive reference parser it falls back to, and bare JSON.parse.
// Runs on the build: `pnpm --filter @cairn/core build && pnpm --filter @cairn/core bench`. The three are measured in
// interleaved rounds of the same run, so a busy machine slows all of them alike; the median round is printed.
import { readFileSync } from 'node:fs';
import { parseJson } from '../dist/index.js';
import { parseJsonReference } from '../dist/json.js';

const FIXTURE = '/work/shared/fixtures/openlineage/airflow3-task-complete.json';
const ROUNDS = 15;
const PARSES_PER_ROUND = 2_000;

const text = readFileSync(process.argv[2] ?? FIXTURE, 'utf8');
const candidates = {
  parseJson: (t) => parseJson(t),
  reference: (t) => parseJsonReference(t),
  'JSON.parse': (t) => JSON.parse(t),
};

// A benchmark of a parser that refuses the fixture would measure the wrong path.
for (const name of ['parseJson', 'reference']) {
  const result = candidates[name](text);
  if (!result.ok) throw new Error(`${name} refused the fixture: ${result.problems[0].message}`);
}

/** Microseconds per call of `parse` over one round. */
function round(parse) {
  const start = process.hrtime.bigint();
  for (let i = 0; i < PARSES_PER_ROUND; i++) parse(text);
  return Number(process.hrtime.bigint() - start) / 1_000 / PARSES_PER_ROUND;
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

const samples = Object.fromEntries(Object.keys(candidates).map((name) => [name, []]));
for (const parse of Object.values(candidates)) round(parse); // warm-up: let the JIT optimize all three first
for (let r = 0; r < ROUNDS; r++) {
  for (const [name, parse] of Object.entries(candidates)) samples[name].push(round(parse));
}

const base = median(samples['JSON.parse']);
console.log(`${text.length} characters, median of ${ROUNDS} rounds of ${PARSES_PER_ROUND} parses`);
for (const [name, values] of Object.entries(samples)) {
  const us = median(values);
  console.log(
    `${name.padEnd(12)} ${us.toFixed(1).padStart(7)} µs/parse  ${(us / base).toFixed(2)}× JSON.parse`,
  );
}
