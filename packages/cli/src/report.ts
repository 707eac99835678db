// Human summaries of verification reports: a first line that says ok or FAILED with the counts, then every
// problem kept, one per line.
import type { Problem } from '@cairn/core';
import type { BundleReport, VerifyReport } from '@cairn/ledger';

/** `1 entry`, `1,204 entries`. @example count(2, 'checkpoint') === '2 checkpoints' */
export const count = (n: number, one: string, many = `${one}s`): string =>
  `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

function problemLines(problems: readonly Problem[], total: number): string {
  const lines = problems.map((p) => `  - ${p.message}\n`).join('');
  const more =
    total > problems.length ? `  … and ${count(total - problems.length, 'more problem')} not listed\n` : '';
  return lines + more;
}

/**
 * The summary of `ledger.verify`.
 *
 * @example io.stdout(formatLedgerReport(report, '.cairn/ledger.db', ledger.origin));
 */
export function formatLedgerReport(
  report: VerifyReport,
  location: string,
  origin: string | undefined,
): string {
  const what = `${count(report.entriesChecked, 'entry', 'entries')} and ${count(report.checkpointsChecked, 'checkpoint')} checked`;
  const where = `ledger ${location}${origin === undefined ? '' : ` (origin ${origin})`}`;
  if (!report.ok) {
    return `FAILED: ${count(report.problemCount, 'problem')} found in ${where}; ${what}\n${problemLines(report.problems, report.problemCount)}`;
  }
  const unsealed =
    report.unsealed > 0
      ? `note: ${count(report.unsealed, 'entry', 'entries')} after the latest checkpoint ${report.unsealed === 1 ? 'is' : 'are'} not signed yet; run 'cairn checkpoint'\n`
      : '';
  return `ok: ${where}; ${what}\n${unsealed}`;
}

/**
 * The summary of `verifyBundle`.
 *
 * @example io.stdout(formatBundleReport(report, './evidence'));
 */
export function formatBundleReport(report: BundleReport, dir: string): string {
  const range =
    report.range === undefined
      ? ''
      : report.range.count === 0
        ? `, an empty range at index ${report.range.first}`
        : `, entries ${report.range.first}..${report.range.first + report.range.count - 1}`;
  const tree = report.treeSize === undefined ? '' : ` of a tree of ${report.treeSize}`;
  const origin = report.origin === undefined ? '' : ` (origin ${report.origin})`;
  const what = `${count(report.entriesChecked, 'entry', 'entries')} and ${count(report.checkpointsChecked, 'checkpoint')} checked`;
  const head = `bundle ${dir}${origin}${range}${tree}; ${what}`;
  if (report.ok) return `ok: ${head}\n`;
  return `FAILED: ${count(report.problems.length, 'problem')} found in ${head}\n${problemLines(report.problems, report.problems.length)}`;
}
