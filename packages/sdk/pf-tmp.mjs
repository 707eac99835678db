import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { createNoteSigner, generateSignerKey } from '@cairn/core';
import { createLedger, openSqliteStore } from '@cairn/ledger';
import { createRecorder, ledgerSink } from './dist/index.js';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
function decision(n) {
  return {
    type: 'loan.underwriting',
    context: { applicationId: `app-${n}`, income: 52_000 + (n % 1000), requested: 15_000, region: 'EU', segment: 'retail' },
    alternatives: [
      { label: 'approve', score: 0.82, reason: 'income covers repayment 3.4 times' },
      { label: 'refer', score: 0.15, reason: 'thin credit file' },
      { label: 'decline', score: 0.03 },
    ],
    chosen: { label: 'approve' },
    reasoning: { text: 'Debt-to-income 0.21 is below the 0.35 policy limit; no adverse records.', source: 'model' },
    confidence: 0.82,
  };
}
const ledger = await createLedger({ store: openSqliteStore({ path: join(mkdtempSync(join(tmpdir(), 'p-')), 'a.db') }), signer: await createNoteSigner(await generateSignerKey('bench.example/cairn')) });
const recorder = createRecorder({ sink: ledgerSink(ledger), agent: { id: 'bench-agent' }, defaults: { run: { orchestrator: 'other', id: 'bench' }, aiRole: 'advisory' }, logger: false, maxQueue: 50_000, otel: false });
let faults = 0; const N = Number(process.env.N ?? 100000); const post = [], other = [];
const samples = new Float64Array(N);
let inCall = 0;
for (let n = 0; n < N; n++) {
  const f0 = n % 100 === 0 ? process.resourceUsage().minorPageFault : 0;
  const s = process.hrtime.bigint();
  const r = recorder.decision(decision(n));
  samples[n] = Number(process.hrtime.bigint() - s) / 1e3;
  if (n % 100 === 0) { faults += process.resourceUsage().minorPageFault - f0; }
  (n % 100 === 0 ? post : other).push(samples[n]);
  if (n % 5000 === 4999) await r.sealed; else if (n % 100 === 99) await yieldToLoop();
}
await recorder.close(); await ledger.close();
const first = samples.slice(0, 2000).sort(); const rest = samples.slice(2000).sort(); console.log("first2000 p50", first[1000].toFixed(1), "p90", first[1800].toFixed(1), "rest p99", rest[rest.length*0.99|0].toFixed(1)); const big = []; for (let i = 0; i < N; i++) if (samples[i] > 50) big.push(i); console.log("over50:", big.length, "in first 2000:", big.filter(i => i < 2000).length, "i%100==0:", big.filter(i => i % 100 === 0).length, "sample", big.slice(0, 40).join(","));
console.log("faults in post-yield calls", faults);
post.sort((a,b)=>a-b); other.sort((a,b)=>a-b); console.log("post-yield p50", post[post.length/2|0].toFixed(1), "p90", post[post.length*0.9|0].toFixed(1), " others p50", other[other.length/2|0].toFixed(1), "p99", other[other.length*0.99|0].toFixed(1), "p99.5", other[other.length*0.995|0].toFixed(1));
samples.sort();
console.log('p50', samples[N/2|0].toFixed(1), 'p99', samples[N*0.99|0].toFixed(1), 'p99.9', samples[N*0.999|0].toFixed(1));
