// `cairn report period`: the dashboard's period evidence pack (bundle, report in HTML and PDF, standard-tools
// script) written from the configured ledger, with the renderings --format asks for.
import { unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { PeriodPack } from '@cairn/dashboard';
import type { ReportFormat } from './commands/report.js';
import type { LedgerConfig } from './config.js';
import { writeTextFile } from './files.js';
import { EXIT, UsageError } from './io.js';
import type { CliIo, ExitCode } from './io.js';
import { withLedger } from './ledger-access.js';
import { count } from './report.js';

/** What a period report is made of. */
export type PeriodReportOptions = {
  readonly io: CliIo;
  readonly config: LedgerConfig;
  /** RFC 3339 UTC times of the period [since, until). */
  readonly since: string;
  readonly until: string;
  /** The directory as given, for messages, and resolved. */
  readonly out: string;
  readonly dir: string;
  readonly format: ReportFormat;
};

/**
 * Writes the evidence pack of the period and prints what it wrote. Exit code 1 when the bundle just written does
 * not verify: the ledger itself then has a problem, which `cairn verify` lists.
 *
 * @example return periodReport({ io, config, since, until, out: 'evidence', dir, format: 'all' });
 */
export async function periodReport(options: PeriodReportOptions): Promise<ExitCode> {
  const { io, config, since, until, dir, out } = options;
  // Loaded here: the report modules bring the PDF writer, which no other command needs.
  const { periodEvidencePack } = await import('@cairn/dashboard');
  const { pack, size } = await withLedger(config, { signer: 'none', create: false }, async ({ ledger }) => {
    if ((await ledger.latestCheckpoint()) === undefined)
      throw new UsageError(`the ledger has no checkpoint yet; run 'cairn checkpoint' first`);
    return {
      pack: await periodEvidencePack({ ledger, from: since, to: until, dir }),
      size: await ledger.size(),
    };
  });
  const files = await keepFormats(pack, options);
  io.stdout(summary(pack, files, out, size));
  return pack.report.verification.ok ? EXIT.ok : EXIT.integrity;
}

// The pack always renders both HTML and PDF (the PDF is laid out from the same report); what was not asked for
// is removed, and the report's data is written as JSON when asked.
async function keepFormats(
  pack: PeriodPack,
  { io, dir, out, format }: PeriodReportOptions,
): Promise<string[]> {
  const keep = (rendering: 'html' | 'pdf') => format === 'all' || format === rendering;
  const files: string[] = [];
  for (const rendering of ['html', 'pdf'] as const) {
    const name = `report.${rendering}`;
    if (keep(rendering)) files.push(name);
    else await unlink(join(dir, name));
  }
  if (format === 'all' || format === 'json') {
    await writeTextFile(io, join(out, 'report.json'), `${JSON.stringify(pack.report, null, 2)}\n`, '--out');
    files.push('report.json');
  }
  return files;
}

function summary(pack: PeriodPack, files: readonly string[], out: string, size: number): string {
  const { report, manifest } = pack;
  const { range } = manifest;
  const entries =
    range.count === 0
      ? 'no entry'
      : `${count(range.count, 'entry', 'entries')} (${report.inPeriod.toLocaleString('en-US')} in the period, index ${range.first}..${range.first + range.count - 1})`;
  const verdict = report.verification.ok
    ? `verified against the checkpoint of size ${manifest.treeSize}`
    : `NOT verified: ${count(report.verification.problems.length, 'problem')}, run 'cairn verify'`;
  const lines = [
    `evidence pack of ${report.period.from} to ${report.period.to}: ${entries}, ${verdict}`,
    `  ${join(out, 'bundle')}/  the evidence bundle; verify it with: cairn verify --bundle ${join(out, 'bundle')}`,
    ...files.map((file) =>
      file === 'report.pdf'
        ? `  ${join(out, file)}  (${count(pack.pdf.pages, 'page')})`
        : `  ${join(out, file)}`,
    ),
    `  ${join(out, 'verify-bundle.sh')}  the same checks with coreutils, base64 and OpenSSL`,
  ];
  if (size > manifest.treeSize) {
    const left = size - manifest.treeSize;
    lines.push(
      `note: ${count(left, 'entry', 'entries')} after the latest checkpoint ${left === 1 ? 'is' : 'are'} not in the pack; run 'cairn checkpoint' first to include them`,
    );
  }
  return lines.map((line) => `${line}\n`).join('');
}
