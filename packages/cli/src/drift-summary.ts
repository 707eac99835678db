// What `cairn drift` prints: a short human summary, or the same as JSON with the findings in the compact form the
// webhook sends (at most 100 entry references each).
import { webhookPayload } from '@cairn/drift';
import type { Finding } from '@cairn/drift';
import type { DriftRun } from './commands/drift.js';
import { DRIFT_PRODUCER } from './drift-options.js';
import { oneLine } from './files.js';
import { count } from './report.js';

/** Findings listed one per line; the rest are counted and left to the report. */
const LISTED = 20;

const UNITS: readonly [number, string][] = [
  [604_800_000, 'w'],
  [86_400_000, 'd'],
  [3_600_000, 'h'],
  [60_000, 'm'],
  [1_000, 's'],
];

/** `1d`, `6h`, `90m`, `1500ms`: the largest unit that divides the duration. @example duration(86_400_000) === '1d' */
export function duration(ms: number): string {
  const [unit, name] = UNITS.find(([u]) => ms % u === 0) ?? [1, 'ms'];
  return `${ms / unit}${name}`;
}

function byDetector(findings: readonly Finding[]): string {
  const counts = new Map<string, number>();
  for (const f of findings) counts.set(f.detector, (counts.get(f.detector) ?? 0) + 1);
  return [...counts].map(([detector, n]) => `${n} ${detector}`).join(', ');
}

function findingLines(findings: readonly Finding[]): string[] {
  if (findings.length === 0) return ['no findings'];
  const lines = [`${count(findings.length, 'finding')}: ${byDetector(findings)}`];
  for (const f of findings.slice(0, LISTED))
    lines.push(`  ${f.severity.padEnd(8)} ${f.detector.padEnd(14)} ${oneLine(f.summary, 200)}`);
  if (findings.length > LISTED) lines.push(`  … and ${findings.length - LISTED} more in the report`);
  return lines;
}

function sealLine(sealed: NonNullable<DriftRun['sealed']>): string {
  const already = sealed.already === 0 ? '' : ` (${sealed.already} sealed before)`;
  if (sealed.appended === 0) return `sealed: no new anomaly entry${already}`;
  const seqs =
    sealed.appended === 1
      ? `seq ${sealed.firstSeq}`
      : `seq ${sealed.firstSeq}..${sealed.firstSeq + sealed.appended - 1}`;
  return `sealed: ${count(sealed.appended, 'anomaly entry', 'anomaly entries')} as producer ${DRIFT_PRODUCER} ${seqs}${already}; run 'cairn checkpoint' to sign them`;
}

function webhookLine(run: DriftRun): string | undefined {
  if (run.options.webhook === undefined) return undefined;
  const { webhook } = run;
  if (webhook === undefined) return 'webhook: nothing sent (no findings)';
  return webhook.ok
    ? `webhook: delivered ${count(run.findings.length, 'finding')} (HTTP ${webhook.status})`
    : undefined;
}

/**
 * The human summary.
 *
 * @example io.stdout(driftSummary(run));
 */
export function driftSummary(run: DriftRun): string {
  const { counts } = run.series;
  const lines = [
    `read ${count(counts.entries, 'entry', 'entries')} of the ledger ${run.location}${run.origin === undefined ? '' : ` (origin ${run.origin})`}: ${count(counts.decisions, 'decision')}, ${count(counts.oversight, 'oversight entry', 'oversight entries')}`,
    `windows of ${duration(run.options.windowMs)}, each against the ${baselineText(run)}, alpha ${run.options.alpha}`,
    ...findingLines(run.findings),
  ];
  if (run.consistency !== undefined) {
    const { examined, skipped, groups } = run.consistency;
    lines.push(
      `consistency on ${run.options.fingerprint!.join(', ')}: ${count(groups, 'group')} of decisions with the same inputs and different outcomes among ${count(examined, 'decision')} (${skipped.toLocaleString('en-US')} without every field)`,
    );
  }
  lines.push(`report: ${run.files.join(' and ')}`);
  if (run.sealed !== undefined) lines.push(sealLine(run.sealed));
  const webhook = webhookLine(run);
  if (webhook !== undefined) lines.push(webhook);
  return lines.map((line) => `${line}\n`).join('');
}

function baselineText(run: DriftRun): string {
  const { baseline } = run.series;
  return baseline.kind === 'preceding'
    ? `${baseline.windows} windows before it`
    : `baseline ${baseline.from}..${baseline.to}`;
}

/**
 * The summary as JSON.
 *
 * @example io.stdout(`${JSON.stringify(driftJson(run), null, 2)}\n`);
 */
export function driftJson(run: DriftRun) {
  const { options } = run;
  return {
    ledger: run.location,
    origin: run.origin ?? null,
    since: options.since === undefined ? null : new Date(options.since).toISOString(),
    until: options.until === undefined ? null : new Date(options.until).toISOString(),
    windowMs: options.windowMs,
    alpha: options.alpha,
    counts: run.series.counts,
    findings: webhookPayload(run.findings).findings,
    consistency: run.consistency === undefined ? null : { fields: options.fingerprint, ...run.consistency },
    report: { html: run.files[0], json: run.files[1] },
    sealed: run.sealed ?? null,
    webhook: options.webhook === undefined ? null : (run.webhook ?? { sent: false }),
  };
}
