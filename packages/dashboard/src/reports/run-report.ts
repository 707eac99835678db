// `cairn report`: the three reports written to a directory, from a ledger opened by the CLI.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isCairnError } from '@cairn/core';
import type { Ledger } from '@cairn/ledger';
import { explainDecision } from './explain-decision.js';
import { MAX_SUBJECT_ENTRIES, gatherDecision, gatherSubject } from './gather.js';
import type { PersonSource } from './gather.js';
import { periodEvidencePack } from './period-pack.js';
import { subjectAccessExport } from './subject-access.js';

/** The kinds of report and the options of each. */
export type ReportOptions = {
  /** Explanation of one decision for the person concerned: `explanation-<id>.html` and `.json`. */
  readonly explanation: { readonly ledger: Ledger; readonly id: string; readonly dir: string };
  /** Access export for one data subject: `subject-access-<ref>.html` and `.json`. */
  readonly 'subject-access': { readonly ledger: Ledger; readonly subjectRef: string; readonly dir: string };
  /** Period evidence pack: `bundle/`, `report.html`, `report.pdf`, `verify-bundle.sh` in `dir`. */
  readonly period: {
    readonly ledger: Ledger;
    readonly from: string;
    readonly to: string;
    readonly dir: string;
  };
};

/** A kind of report. */
export type ReportKind = keyof ReportOptions;

/** What a report wrote. */
export type ReportOutput = {
  readonly dir: string;
  readonly files: readonly string[];
  readonly summary: string;
};

/**
 * A file-name-safe form of an id: entry ids and subject references may hold `/`, `:` and `@`.
 *
 * @example safeFileName('hmac:7d1f/x') === 'hmac_7d1f_x'
 */
export function safeFileName(id: string): string {
  return id.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 120);
}

/**
 * The per-person reads of a ledger. A receipt that cannot be made yet (no checkpoint covers the entry and the
 * ledger has no signer) is left out rather than failing the whole export.
 *
 * @example const source = ledgerPersonSource(ledger);
 */
export function ledgerPersonSource(ledger: Ledger): PersonSource {
  return {
    get: (id) => ledger.get(id),
    entriesReferring: (id) => ledger.query.entriesByRef(id),
    subjectEntries: (ref) => ledger.query.subjectEntries(ref, { limit: MAX_SUBJECT_ENTRIES }),
    receipt: (id) =>
      ledger.receipt(id).catch((error: unknown) => {
        if (isCairnError(error, 'unavailable')) return undefined;
        throw error;
      }),
  };
}

const countEntries = (n: number) => `${n} ${n === 1 ? 'entry' : 'entries'}`;

async function write(dir: string, files: Record<string, string>): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  for (const [name, content] of Object.entries(files)) await writeFile(join(dir, name), content);
  return Object.keys(files);
}

/**
 * Writes one report into `options.dir` and says what it wrote. Throws CairnError('not_found') for an unknown
 * decision id, CairnError('invalid_argument') for a bad period.
 *
 * @example
 * const out = await runReport('period', { ledger, from: '2026-11-01T00:00:00Z', to: '2026-12-01T00:00:00Z', dir: 'evidence-2026-11' });
 * console.log(out.summary);
 */
export async function runReport<K extends ReportKind>(
  kind: K,
  options: ReportOptions[K],
): Promise<ReportOutput> {
  if (kind === 'explanation') {
    const { ledger, id, dir } = options as ReportOptions['explanation'];
    const { stored, linked } = await gatherDecision(ledgerPersonSource(ledger), id);
    const { html, json } = explainDecision(stored, linked);
    const base = `explanation-${safeFileName(id)}`;
    const files = await write(dir, {
      [`${base}.html`]: html,
      [`${base}.json`]: `${JSON.stringify(json, null, 2)}\n`,
    });
    return {
      dir,
      files,
      summary: `explanation of decision ${id.slice(0, 128)} written to ${join(dir, base)}.html and .json`,
    };
  }
  if (kind === 'subject-access') {
    const { ledger, subjectRef, dir } = options as ReportOptions['subject-access'];
    const { entries, receipts } = await gatherSubject(ledgerPersonSource(ledger), subjectRef);
    const { html, json } = subjectAccessExport({
      subjectRef,
      origin: ledger.origin ?? '',
      entries,
      receipts,
    });
    const base = `subject-access-${safeFileName(subjectRef)}`;
    const files = await write(dir, {
      [`${base}.html`]: html,
      [`${base}.json`]: `${JSON.stringify(json, null, 2)}\n`,
    });
    return {
      dir,
      files,
      summary: `${countEntries(entries.length)} about the subject written to ${join(dir, base)}.html and .json`,
    };
  }
  const { ledger, from, to, dir } = options as ReportOptions['period'];
  const pack = await periodEvidencePack({ ledger, from, to, dir });
  const verdict = pack.report.verification.ok ? 'verified' : 'NOT verified';
  return {
    dir,
    files: ['bundle', ...pack.files],
    summary: `evidence pack of ${countEntries(pack.manifest.range.count)} (${verdict} against the checkpoint of size ${pack.manifest.treeSize}) written to ${dir}`,
  };
}
