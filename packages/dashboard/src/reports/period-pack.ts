// The period evidence pack: the verifiable bundle (docs/evidence-bundle.md), the report in HTML and PDF, and the
// standard-tools verification script, in one directory:
//
//   <dir>/bundle/…            the evidence bundle, as exportBundle writes it
//   <dir>/report.html         the human-readable report
//   <dir>/report.pdf          the same report as PDF
//   <dir>/verify-bundle.sh    verification with coreutils, base64 and OpenSSL
import { copyFile, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { exportBundle, ledgerBundleSource, verifyBundle } from '@cairn/ledger';
import type { BundleManifest, Ledger } from '@cairn/ledger';
import { periodStats } from './bundle-stats.js';
import { evidenceReportPdf } from './evidence-pdf.js';
import type { EvidencePdf } from './evidence-pdf.js';
import { describeKeys, evidenceReportHtml } from './evidence-report.js';
import type { EvidenceReport } from './evidence-report.js';
import { periodRange } from './period-range.js';

/** Options of {@link periodEvidencePack}. */
export type PeriodPackOptions = {
  readonly ledger: Ledger;
  /** Start of the period, RFC 3339. */
  readonly from: string;
  /** End of the period (exclusive), RFC 3339. */
  readonly to: string;
  /** The directory to create; it must not exist or be empty. */
  readonly dir: string;
  readonly now?: () => Date;
};

/** What was written. */
export type PeriodPack = {
  readonly dir: string;
  readonly manifest: BundleManifest;
  readonly report: EvidenceReport;
  /** Pages of report.pdf, and where each part starts. */
  readonly pdf: Omit<EvidencePdf, 'pdf'>;
  /** Paths of the files written, relative to `dir`, bundle files excluded. */
  readonly files: readonly string[];
};

/** The file name of the standard-tools script in a pack. */
export const STANDARD_TOOLS_SCRIPT = 'verify-bundle.sh';

/**
 * Writes the evidence pack of the period [from, to): the bundle of the sealed entries that occurred in the period
 * (and those between them), verified once written, and the report in HTML and PDF with counts, the checkpoint, the keys, how to verify and the
 * requirement mapping.
 *
 * @example
 * const pack = await periodEvidencePack({ ledger, from: '2026-11-01T00:00:00Z', to: '2026-12-01T00:00:00Z', dir: 'evidence-2026-11' });
 * console.log(pack.report.verification.ok, pack.manifest.range);
 */
export async function periodEvidencePack(options: PeriodPackOptions): Promise<PeriodPack> {
  const { ledger, from, to, dir } = options;
  const now = options.now ?? (() => new Date());
  const range = await periodRange(ledger, from, to);
  const bundleDir = join(dir, 'bundle');
  const period = { from: new Date(from).toISOString(), to: new Date(to).toISOString() };
  const manifest = await exportBundle(ledgerBundleSource(ledger), {
    dir: bundleDir,
    first: range.first,
    end: range.end,
    period,
    now,
  });
  const verification = await verifyBundle(bundleDir);
  const report: EvidenceReport = {
    origin: manifest.origin,
    period,
    generatedAt: now().toISOString(),
    range: manifest.range,
    inPeriod: range.inPeriod,
    treeSize: manifest.treeSize,
    checkpointFile: manifest.checkpoint,
    checkpointNote: await readFile(join(bundleDir, manifest.checkpoint), 'utf8'),
    verifierKeys: describeKeys(await ledger.verifierKeys()),
    counts: { checkpoints: manifest.counts.checkpoints, byKind: manifest.counts.byKind },
    stats: await periodStats(join(bundleDir, 'leaves.jsonl')),
    verification: {
      ok: verification.ok,
      entriesChecked: verification.entriesChecked,
      checkpointsChecked: verification.checkpointsChecked,
      problems: verification.problems,
    },
    files: manifest.files,
  };
  const pdf = await evidenceReportPdf(report);
  await writeFile(join(dir, 'report.html'), evidenceReportHtml(report));
  await writeFile(join(dir, 'report.pdf'), pdf.pdf);
  await copyFile(new URL(`./${STANDARD_TOOLS_SCRIPT}`, import.meta.url), join(dir, STANDARD_TOOLS_SCRIPT));
  return {
    dir,
    manifest,
    report,
    pdf: { pages: pdf.pages, sections: pdf.sections },
    files: ['report.html', 'report.pdf', STANDARD_TOOLS_SCRIPT],
  };
}
