import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import {
  consistencyFindings,
  findInconsistencies,
  notifyWebhook,
  renderDriftReport,
  runDriftAnalysis,
  sealFindings,
} from '@cairn/drift';
import type { DriftSeries, Finding, SealedEntry, WebhookResult } from '@cairn/drift';
import type { Ledger } from '@cairn/ledger';
import { expectPositionals } from '../args.js';
import { defineCommand } from '../command.js';
import { driftJson, driftSummary } from '../drift-summary.js';
import { DRIFT_PRODUCER, readDriftOptions } from '../drift-options.js';
import type { DriftOptions } from '../drift-options.js';
import { ioCode, writeTextFile } from '../files.js';
import { EXIT, UsageError } from '../io.js';
import type { CliIo } from '../io.js';
import { withLedger } from '../ledger-access.js';

/** What one analysis found, and what was done with it. */
export type DriftRun = {
  readonly location: string;
  readonly origin: string | undefined;
  readonly options: DriftOptions;
  readonly series: DriftSeries;
  readonly findings: readonly Finding[];
  readonly consistency?: { readonly examined: number; readonly skipped: number; readonly groups: number };
  readonly files: readonly string[];
  readonly sealed?: { readonly appended: number; readonly already: number; readonly firstSeq: number };
  readonly webhook?: WebhookResult;
};

/** `cairn drift`: drift and consistency findings over the ledger's decisions. */
export const drift = defineCommand({
  name: 'drift',
  summary: 'find drift and inconsistent decisions; write a report, optionally seal and send the findings',
  usage: `Usage: cairn drift [--since TIME] [--until TIME] [--window DURATION] [--alpha P]
                   [--fingerprint FIELD,FIELD...] [--out DIR] [--json] [--seal] [--webhook URL]

Reads the decisions in the ledger (those whose occurredAt lies in [--since, --until) when given)
and, per agent and decision type, cuts them into windows of --window (aligned to 00:00 UTC for
days). Each window is compared with the 4 windows before it: the mix of chosen options (PSI and a
chi-square test), the confidence distribution (Kolmogorov-Smirnov) and the override rate of
reviewed decisions (two-proportion z test), each at level --alpha; every first decision under a
new model, prompt, policy or agent version is reported too. With --fingerprint, decisions whose
given input fields are the same (text trimmed and lower-cased) but whose outcomes differ are
reported as inconsistent.

Writes the drift report, report.html (charts, tables, no script) and report.json
(cairn.drift-report/v1), into --out, and prints a summary. With --seal, appends each new finding
as an anomaly entry (producer ${DRIFT_PRODUCER}) referring to the entries behind it; a finding
sealed before is not sealed again. Appending does not sign: run 'cairn checkpoint' after. With
--webhook, POSTs the findings as JSON (none when there are none), signed with HMAC-SHA256 in the
x-cairn-signature header when CAIRN_WEBHOOK_SECRET is set.

Findings are statistical signals for a person to review, not errors: at level 0.01 about one
window in a hundred is flagged by chance on a stable stream. The exit code does not depend on
them: 0 whether drift was found or not, 2 for usage or I/O errors (a webhook not delivered).

Options:
  --since TIME         only decisions that occurred at or after TIME (RFC 3339 or a date)
  --until TIME         only decisions that occurred before TIME
  --window DURATION    window length: 1d (default), 6h, 30m, 1w, …
  --alpha P            significance level of each test, between 0 and 1 (default 0.01)
  --fingerprint FIELDS input fields compared for consistency, e.g. context.income,context.region
  --out DIR            where the report goes (default ./cairn-drift-<today>)
  --json               print the summary as JSON
  --seal               seal the findings in the ledger as anomaly entries
  --webhook URL        POST the findings to URL (CAIRN_WEBHOOK_SECRET signs them)

Examples:
  cairn drift
  cairn drift --since 2026-11-01 --window 1d --alpha 0.001 --seal
  cairn drift --fingerprint context.income,context.creditScore --out reports/drift
  CAIRN_WEBHOOK_SECRET=… cairn drift --seal --webhook https://alerts.example.com/cairn`,
  options: {
    since: { type: 'string' },
    until: { type: 'string' },
    window: { type: 'string' },
    alpha: { type: 'string' },
    fingerprint: { type: 'string' },
    out: { type: 'string' },
    json: { type: 'boolean' },
    seal: { type: 'boolean' },
    webhook: { type: 'string' },
  },
  async run({ values, positionals }, { io, config, command }) {
    expectPositionals(command, positionals, []);
    const options = readDriftOptions(values);
    const out = values.out ?? `cairn-drift-${new Date().toISOString().slice(0, 10)}`;
    const done = await withLedger(config, { signer: 'none', create: false }, async ({ ledger, location }) => {
      const analysed = await analyse(ledger, options);
      const files = await writeReport(io, out, analysed, { origin: ledger.origin, location, options });
      const sealed =
        values.seal === true ? await seal(ledger, analysed.findings, analysed.nextSeq) : undefined;
      return { ...analysed, files, location, origin: ledger.origin, options, ...(sealed && { sealed }) };
    });
    const webhook = await deliver(done.findings, options, io);
    const result: DriftRun = { ...done, ...(webhook && { webhook }) };
    io.stdout(
      values.json === true ? `${JSON.stringify(driftJson(result), null, 2)}\n` : driftSummary(result),
    );
    if (webhook !== undefined && !webhook.ok) {
      throw new UsageError(
        `--webhook: the findings were not delivered (${webhook.attempts} attempts): ${webhook.error ?? 'no answer'}`,
      );
    }
    return EXIT.ok;
  },
});

type Analysed = {
  readonly series: DriftSeries;
  readonly findings: readonly Finding[];
  readonly consistency?: DriftRun['consistency'];
  /** The next free seq of {@link DRIFT_PRODUCER}: one past the highest it has in the ledger. */
  readonly nextSeq: number;
};

// Both passes read the same entries: the ledger's size is fixed first, so entries a running server appends
// meanwhile are left for the next run.
async function analyse(ledger: Ledger, options: DriftOptions): Promise<Analysed> {
  const size = await ledger.size();
  const producer = { nextSeq: 0 };
  const { findings, series } = await runDriftAnalysis({
    entries: inPeriod(ledger, size, options, producer),
    config: { windowMs: options.windowMs, alpha: options.alpha },
  });
  if (options.fingerprint === undefined) return { series, findings, nextSeq: producer.nextSeq };
  const report = await findInconsistencies({
    entries: inPeriod(ledger, size, options, { nextSeq: 0 }),
    fingerprint: { fields: options.fingerprint },
  });
  return {
    series,
    findings: [...findings, ...consistencyFindings(report.groups)],
    consistency: { examined: report.examined, skipped: report.skipped, groups: report.groups.length },
    nextSeq: producer.nextSeq,
  };
}

// Streams the entries [0, size) once, yielding those in the period, and notes on the way the highest seq of the
// drift producer: the one pass a ledger needs for both (it has no index on producers).
async function* inPeriod(
  ledger: Ledger,
  size: number,
  { since = -Infinity, until = Infinity }: DriftOptions,
  producer: { nextSeq: number },
): AsyncGenerator<SealedEntry> {
  for await (const { index, entry } of ledger.entries({ from: 0, to: size })) {
    if (entry.producer.id === DRIFT_PRODUCER)
      producer.nextSeq = Math.max(producer.nextSeq, entry.producer.seq + 1);
    const at = Date.parse(entry.occurredAt);
    if (at >= since && at < until) yield { index, entry };
  }
}

async function writeReport(
  io: CliIo,
  out: string,
  { findings, series }: Analysed,
  meta: { origin: string | undefined; location: string; options: DriftOptions },
): Promise<string[]> {
  const { since, until } = meta.options;
  const { html, json } = renderDriftReport(findings, {
    series,
    source: {
      ledger: meta.location,
      ...(meta.origin === undefined ? {} : { origin: meta.origin }),
      entries: series.counts.entries,
      ...(since === undefined ? {} : { since: new Date(since).toISOString() }),
      ...(until === undefined ? {} : { until: new Date(until).toISOString() }),
    },
  });
  try {
    await mkdir(resolve(io.cwd, out), { recursive: true });
  } catch (error) {
    throw new UsageError(`--out ${out}: cannot be created (${ioCode(error)})`, { cause: error });
  }
  const files = [join(out, 'report.html'), join(out, 'report.json')];
  await writeTextFile(io, files[0]!, html, '--out');
  await writeTextFile(io, files[1]!, `${json}\n`, '--out');
  return files;
}

// Only findings not in the ledger yet are sealed, so the producer's seq stays gap-free: a finding sealed by an
// earlier run would come back as a duplicate and leave its new seq unused.
async function seal(
  ledger: Ledger,
  findings: readonly Finding[],
  seq: number,
): Promise<NonNullable<DriftRun['sealed']>> {
  const fresh: Finding[] = [];
  for (const finding of findings) if ((await ledger.get(finding.id)) === undefined) fresh.push(finding);
  const { appended } = await sealFindings({
    findings: fresh,
    writer: ledger,
    producerId: DRIFT_PRODUCER,
    seq,
  });
  return { appended: appended.length, already: findings.length - fresh.length, firstSeq: seq };
}

async function deliver(
  findings: readonly Finding[],
  options: DriftOptions,
  io: CliIo,
): Promise<WebhookResult | undefined> {
  if (options.webhook === undefined || findings.length === 0) return undefined;
  const secret = io.env.CAIRN_WEBHOOK_SECRET;
  return notifyWebhook(options.webhook, findings, secret === undefined || secret === '' ? {} : { secret });
}
