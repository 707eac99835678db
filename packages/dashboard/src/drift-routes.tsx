// `/drift` and the drift report downloads: the analysis of @cairn/drift over the period the query names, cached
// per (since, until, window) so reloading the page does not read the ledger again.
import { Hono } from 'hono';
import type { Context } from 'hono';
import { renderDriftReport } from '@cairn/drift';
import { driftQuery } from './drift/drift-query.js';
import { createDriftCache } from './drift/period-drift.js';
import type { DriftSource, PeriodDrift } from './drift/period-drift.js';
import { DRIFT_REPORT_PATHS, DriftPage } from './pages/drift-page.js';
import { download, guarded, page } from './respond.js';

/** Bounds of the drift analysis; the defaults suit a page served on every request. */
export type DriftRouteOptions = {
  /** Most entries one analysis reads (default 200,000): a larger period is cut to its most recent entries. */
  readonly maxEntries?: number;
  /** How long an analysis is reused for the same query, in milliseconds (default 60,000). */
  readonly cacheMs?: number;
};

function report(drift: PeriodDrift, origin: string | undefined) {
  const { since, until } = drift.query;
  return renderDriftReport(drift.findings, {
    series: drift.series,
    generatedAt: drift.analysedAt,
    source: {
      ...(origin !== undefined && { origin }),
      since: new Date(since).toISOString(),
      until: new Date(until).toISOString(),
      'entries in period': drift.inPeriod,
      'entries analysed': drift.analysed,
    },
  });
}

function reportName(drift: PeriodDrift, extension: string): string {
  const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  return `cairn-drift-${day(drift.query.since)}_${day(drift.query.until)}.${extension}`;
}

/**
 * The drift page and its report downloads (HTML and JSON), over the ledger itself.
 *
 * @example app.route('/', driftRoutes({ archive: ledger }));
 */
export function driftRoutes(options: {
  archive: DriftSource & { readonly origin: string | undefined };
  drift?: DriftRouteOptions | undefined;
}): Hono {
  const { archive } = options;
  const cache = createDriftCache(archive, {
    ...(options.drift?.maxEntries !== undefined && { maxEntries: options.drift.maxEntries }),
    ...(options.drift?.cacheMs !== undefined && { ttlMs: options.drift.cacheMs }),
  });
  const analyse = (c: Context) => cache.analyse(driftQuery(c.req.query(), new Date()));
  const app = new Hono();
  app.get('/drift', (c) => guarded(c, async () => page(c, <DriftPage drift={await analyse(c)} />)));
  app.get(DRIFT_REPORT_PATHS.html, (c) =>
    guarded(c, async () => {
      const drift = await analyse(c);
      return download(
        c,
        report(drift, archive.origin).html,
        reportName(drift, 'html'),
        'text/html; charset=utf-8',
      );
    }),
  );
  app.get(DRIFT_REPORT_PATHS.json, (c) =>
    guarded(c, async () => {
      const drift = await analyse(c);
      return download(c, report(drift, archive.origin).json, reportName(drift, 'json'), 'application/json');
    }),
  );
  return app;
}
