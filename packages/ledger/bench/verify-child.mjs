// Verifies the ledger at argv[2] in a fresh process, so its peak RSS is verify's alone, and prints one JSON line.
import { createLedger, openSqliteStore, terminalProgress } from '@cairn/ledger';

const [path, verifierKey] = process.argv.slice(2);
const ledger = await createLedger({ store: openSqliteStore({ path }) });
const start = performance.now();
const cpuStart = process.cpuUsage();
const report = await ledger.verify({ verifiers: [verifierKey], onProgress: terminalProgress() });
const ms = performance.now() - start;
const cpu = process.cpuUsage(cpuStart);
await ledger.close();
process.stdout.write(
  `${JSON.stringify({
    ms: Math.round(ms),
    cpuMs: Math.round((cpu.user + cpu.system) / 1000),
    ok: report.ok,
    size: report.size,
    checkpointsChecked: report.checkpointsChecked,
    problems: report.problems.slice(0, 5),
    maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  })}\n`,
);
