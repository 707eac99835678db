import { toHex } from '@cairn/core';
import type { AppendResult, Entry } from '@cairn/core';
import type { Ledger, VerifyReport } from '@cairn/ledger';
import { expectPositionals } from '../args.js';
import { defineCommand } from '../command.js';
import { DEMO_RECEIPT_ID, demoEntries } from '../demo-entries.js';
import { EXIT } from '../io.js';
import { withLedger } from '../ledger-access.js';
import { count, formatLedgerReport } from '../report.js';

/** `cairn demo`: the whole flow on the configured ledger in one command. */
export const demo = defineCommand({
  name: 'demo',
  summary: 'seal a few realistic decisions, checkpoint, verify and print a receipt',
  usage: `Usage: cairn demo

Runs the whole flow on the configured ledger (default .cairn/ledger.db), creating the ledger and the
signing key when missing: seals eight realistic entries (a loan referred by an underwriting agent in
a Trigger.dev run and overridden by a senior underwriter, an insurance claim triaged in a Prefect flow,
a sepsis alert raised by an Airflow DAG, and run events from those runs and a Dagster job), signs a
checkpoint, verifies the whole ledger and prints the receipt of the loan decision.

The entries have fixed ids, so running the demo again appends nothing (they count as duplicates)
and signs no new checkpoint.

Examples:
  cairn demo
  CAIRN_DB=/tmp/demo.db CAIRN_SIGNING_KEY_FILE=/tmp/demo.key cairn demo`,
  options: {},
  async run({ positionals }, { io, config, command }) {
    expectPositionals(command, positionals, []);
    return withLedger(
      config,
      { signer: 'create', create: true },
      async ({ ledger, signer, keyCreated, location }) => {
        const out: string[] = [`Cairn demo: ledger ${location} (origin ${ledger.origin ?? 'not set'})`];
        out.push(
          `signing key ${config.keyFile}${keyCreated ? ' (created now)' : ''}; verifier key:`,
          `  ${signer!.verifierKey}`,
        );
        const entries = demoEntries();
        const results = await ledger.append(entries);
        const added = results.filter((r) => !r.duplicate).length;
        out.push(
          `sealed ${added} new entries (${results.length - added} already there), log size ${await ledger.size()}:`,
        );
        out.push(...entries.flatMap((entry, i) => describeEntry(entry, results[i]!)));
        out.push(await sealIfNeeded(ledger));
        const report = await ledger.verify();
        out.push(
          report.ok ? verifiedLine(report) : formatLedgerReport(report, location, ledger.origin).trimEnd(),
        );
        const receipt = await ledger.receipt(DEMO_RECEIPT_ID);
        const index = results[entries.findIndex((e) => e.id === DEMO_RECEIPT_ID)]!.index;
        out.push(
          `receipt (c2sp.org/tlog-proof@v1) of the loan decision ${DEMO_RECEIPT_ID}, index ${index}:`,
          '',
        );
        io.stdout(`${out.join('\n')}\n${receipt}\n`);
        io.stdout(`next: cairn verify · cairn prove ${DEMO_RECEIPT_ID} · cairn export --out evidence\n`);
        return report.ok ? EXIT.ok : EXIT.integrity;
      },
    );
  },
});

function describeEntry(entry: Entry, result: AppendResult): string[] {
  const head = `  #${String(result.index).padEnd(3)} ${entry.kind.padEnd(10)}`;
  switch (entry.kind) {
    case 'decision': {
      const d = entry.decision;
      const confidence = d.confidence === undefined ? '' : `, confidence ${d.confidence}`;
      const line = `${head} ${d.type} → ${d.chosen.label} (AI ${d.aiRole}${confidence}), ${entry.run.orchestrator} run`;
      return [line, `${' '.repeat(17)}${entry.run.url ?? entry.run.id}`];
    }
    case 'run_event': {
      const { run, runEvent } = entry;
      return [
        `${head} ${run.orchestrator} ${run.workflow?.name ?? run.workflow?.id ?? run.id}: ${runEvent.state} (${runEvent.status})`,
      ];
    }
    case 'oversight': {
      const { action, reviewer, newChoice } = entry.oversight;
      const to = newChoice === undefined ? '' : ` → ${newChoice.label}`;
      return [`${head} ${action} by ${reviewer.role ?? reviewer.id}${to}`];
    }
    default:
      return [`${head} ${entry.id}`];
  }
}

// A second run appends nothing: then the latest checkpoint already covers the log and none is signed.
async function sealIfNeeded(ledger: Ledger): Promise<string> {
  const size = await ledger.size();
  const latest = await ledger.latestCheckpoint();
  if (latest !== undefined && latest.size === size) {
    return `checkpoint: the latest (size ${size}, root ${toHex(latest.root).slice(0, 16)}…) already covers the log`;
  }
  await ledger.checkpoint();
  const signed = (await ledger.latestCheckpoint())!;
  return `checkpoint: signed size ${signed.size}, root ${toHex(signed.root).slice(0, 16)}…`;
}

function verifiedLine(report: VerifyReport): string {
  return `verify: ok, ${count(report.entriesChecked, 'entry', 'entries')} and ${count(report.checkpointsChecked, 'checkpoint')} checked`;
}
