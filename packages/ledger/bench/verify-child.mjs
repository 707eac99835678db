// Verifies the ledger at argv[2] in a fresh process, so its peak RSS is verify's alone, and prints one JSON line.
// An optional third argument sets `threads` (default: verify's own choice).
import { createLedger, openSqliteStore, terminalProgress } from '@cairn/ledger';

const [path, verifierKey, threadsArg] = process.argv.slice(2);
const threads = threadsArg === undefined ? undefined : Number(threadsArg);
const ledger = await createLedger({ store: openSqliteStore({ path }) });
const start = performance.now();
const cpuStart = process.cpuUsage();
const report = await ledger.verify({
  verifiers: [verifierKey],
  onProgress: terminalProgress(),
  ...(threads === undefined ? {} : { threads }),
});
const ms = performance.now() - start;
const cpu = process.cpuUsage(cpuStart);
await ledger.close();
process.stdout.write(
  `${JSON.stringify({
    ms: Math.round(ms),
    cpuMs: Math.round((cpu.user + cpu.system) / 1000),
    ok: report.ok,
    threads: threads ?? 'default',
    size: report.size,
    checkpointsChecked: report.checkpointsChecked,
    problems: report.problems.slice(0, 5),
    maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  })}\n`,
);
