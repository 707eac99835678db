// The report downloads of the dashboard: the same reports `cairn report` writes.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { Hono } from 'hono';
import type { Context } from 'hono';
import { CairnError } from '@cairn/core';
import type { DashboardArchive, DashboardPort } from './ledger.js';
import { REPORT_PATHS, ReportsPage } from './pages/reports-page.js';
import { explainDecision } from './reports/explain-decision.js';
import { gatherDecision, gatherSubject } from './reports/gather.js';
import type { PersonSource } from './reports/gather.js';
import { periodEvidencePack } from './reports/period-pack.js';
import { safeFileName } from './reports/run-report.js';
import { subjectAccessExport } from './reports/subject-access.js';
import { tarGz } from './reports/tar.js';
import { download, guarded, page } from './respond.js';

function required(c: Context, name: string): string {
  const value = c.req.query(name)?.trim() ?? '';
  if (value === '') throw new CairnError('invalid_argument', `${name}: expected a value, got nothing`);
  return value;
}

/** A date from the form (`2026-11-01`) is midnight UTC; a full RFC 3339 time is taken as is. */
function periodBound(c: Context, name: 'from' | 'to'): string {
  const value = required(c, name);
  return /^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00.000Z` : value;
}

/** Writes the period pack of the request into a new scratch directory; the caller removes `scratch`. */
async function buildPack(archive: DashboardArchive, c: Context): Promise<{ scratch: string; dir: string }> {
  const scratch = await mkdtemp(join(tmpdir(), 'cairn-pack-'));
  const dir = join(scratch, 'pack');
  try {
    await periodEvidencePack({
      ledger: archive,
      from: periodBound(c, 'from'),
      to: periodBound(c, 'to'),
      dir,
    });
    return { scratch, dir };
  } catch (error) {
    await rm(scratch, { recursive: true, force: true });
    throw error;
  }
}

/**
 * The `/reports` page and its downloads.
 *
 * @example app.route('/', reportRoutes({ ledger, archive }));
 */
export function reportRoutes(options: { ledger: DashboardPort; archive: DashboardArchive }): Hono {
  const { ledger, archive } = options;
  const source: PersonSource = {
    get: (id) => ledger.get(id),
    entriesReferring: (id) => ledger.entriesReferring(id),
    subjectEntries: (ref) => ledger.subjectEntries(ref),
    receipt: (id) => ledger.receipt(id),
  };
  const app = new Hono();
  app.get('/reports', (c) => page(c, <ReportsPage now={new Date()} />));
  for (const format of ['html', 'json'] as const) {
    app.get(format === 'html' ? REPORT_PATHS.explanationHtml : REPORT_PATHS.explanationJson, (c) =>
      guarded(c, async () => {
        const id = required(c, 'id');
        const { stored, linked } = await gatherDecision(source, id);
        const { html, json } = explainDecision(stored, linked);
        const name = `explanation-${safeFileName(id)}.${format}`;
        return format === 'html'
          ? download(c, html, name, 'text/html; charset=utf-8')
          : download(c, JSON.stringify(json, null, 2), name, 'application/json');
      }),
    );
    app.get(format === 'html' ? REPORT_PATHS.subjectHtml : REPORT_PATHS.subjectJson, (c) =>
      guarded(c, async () => {
        const subjectRef = required(c, 'ref');
        const { entries, receipts } = await gatherSubject(source, subjectRef);
        const { html, json } = subjectAccessExport({ subjectRef, origin: ledger.origin, entries, receipts });
        const name = `subject-access-${safeFileName(subjectRef)}.${format}`;
        return format === 'html'
          ? download(c, html, name, 'text/html; charset=utf-8')
          : download(c, JSON.stringify(json, null, 2), name, 'application/json');
      }),
    );
  }
  app.get(REPORT_PATHS.periodPdf, (c) =>
    guarded(c, async () => {
      const { scratch, dir } = await buildPack(archive, c);
      try {
        return download(
          c,
          await readFile(join(dir, 'report.pdf')),
          'cairn-evidence-report.pdf',
          'application/pdf',
        );
      } finally {
        await rm(scratch, { recursive: true, force: true });
      }
    }),
  );
  app.get(REPORT_PATHS.periodPack, (c) =>
    guarded(c, async () => {
      const { scratch, dir } = await buildPack(archive, c);
      const top = `cairn-evidence-${safeFileName(required(c, 'from'))}_${safeFileName(required(c, 'to'))}`;
      // The archive streams from the scratch directory, removed once the last byte is read (or the client leaves).
      const stream = tarGz(dir, top);
      stream.once('close', () => void rm(scratch, { recursive: true, force: true }));
      return download(c, Readable.toWeb(stream) as ReadableStream, `${top}.tar.gz`, 'application/gzip');
    }),
  );
  return app;
}
