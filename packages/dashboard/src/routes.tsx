// The dashboard as Hono routes, mounted by the Cairn server after its own (createServerApp's `extraRoutes`).
// Server-rendered HTML; JavaScript only for the integrity panel, which must run in the browser to mean anything.
import { Hono } from 'hono';
import { requireReadToken } from './access.js';
import { apiRoutes } from './api-routes.js';
import { driftRoutes } from './drift-routes.js';
import type { DriftRouteOptions } from './drift-routes.js';
import type { DashboardArchive, DashboardPort } from './ledger.js';
import { DecisionPage } from './pages/decision-page.js';
import { ErrorPage } from './pages/error-page.js';
import { CHECKPOINT_PAGE_SIZE, LedgerPage } from './pages/ledger-page.js';
import type { LedgerView } from './pages/ledger-page.js';
import { RunPage } from './pages/run-page.js';
import { RunsPage, runFilterOf } from './pages/runs-page.js';
import { SUBJECT_PAGE_SIZE, SearchPage, searchRedirect } from './pages/search-page.js';
import type { SearchResults } from './pages/search-page.js';
import { reportRoutes } from './report-routes.js';
import { guarded, page } from './respond.js';
import { createVerificationTracker } from './verification.js';
import type { VerificationTracker } from './verification.js';

/** Options of {@link dashboardRoutes}. */
export type DashboardOptions = {
  /** The server's ledger port (`ServerLedger` of @cairn/server). */
  readonly ledger: DashboardPort;
  /** The ledger itself (`Ledger` of @cairn/ledger), for the checkpoint history, verification and evidence bundles. */
  readonly archive: DashboardArchive;
  /** The server's read tokens: when any is set, every page asks for one (Basic password or bearer). */
  readonly readTokens?: readonly string[];
  /**
   * The verifier keys the integrity panel trusts, known from outside the database (the server's own signer and
   * those it rotated from). Default: the keys the ledger database publishes, which whoever can write the database
   * could extend.
   */
  readonly verifierKeys?: readonly string[];
  /** Bounds of the drift page's analysis (default: at most 200,000 entries, reused for 60 s). */
  readonly drift?: DriftRouteOptions;
};

/** The paths the read tokens guard: everything but the stylesheet and the script. */
const GUARDED_PATHS = [
  '/',
  '/search',
  '/runs/*',
  '/decisions/*',
  '/drift',
  '/drift/*',
  '/ledger',
  '/ledger/*',
  '/reports',
  '/reports/*',
  '/dashboard-api/*',
];

function whole(value: string | undefined): number | undefined {
  return value !== undefined && /^\d{1,15}$/.test(value) ? Number(value) : undefined;
}

async function search(options: DashboardOptions, query: string): Promise<SearchResults> {
  const [entry, runs, subject] = await Promise.all([
    options.ledger.get(query),
    options.ledger.findRuns(query),
    options.ledger.subjectEntries(query),
  ]);
  return {
    query,
    entry,
    runs,
    subjectEntries: subject.slice(0, SUBJECT_PAGE_SIZE),
    more: subject.length > SUBJECT_PAGE_SIZE,
  };
}

async function ledgerView(
  options: DashboardOptions,
  tracker: VerificationTracker,
  before: number | undefined,
): Promise<LedgerView> {
  const { ledger, archive } = options;
  const [size, latest, verifierKeys] = await Promise.all([
    ledger.size(),
    archive.latestCheckpoint(),
    ledger.verifierKeys(),
  ]);
  const end = Math.min(before ?? Infinity, (latest?.seq ?? -1) + 1);
  const from = Math.max(0, end - CHECKPOINT_PAGE_SIZE);
  const checkpoints = end <= 0 ? [] : (await archive.checkpoints({ from, limit: end - from })).reverse();
  return {
    origin: ledger.origin,
    size,
    latest,
    verifierKeys,
    checkpoints,
    ...(from > 0 ? { olderBefore: from } : {}),
    verification: tracker.state(),
  };
}

function pageRoutes(app: Hono, options: DashboardOptions, tracker: VerificationTracker): void {
  const { ledger } = options;
  // guarded: a bad cursor is the user's mistake (an edited URL), not the server's.
  app.get('/', (c) =>
    guarded(c, async () => {
      const q = (name: string) => c.req.query(name) ?? '';
      const query = {
        orchestrator: q('orchestrator'),
        status: q('status'),
        type: q('type'),
        from: q('from'),
        to: q('to'),
        cursor: q('cursor'),
      };
      const { filter, problems } = runFilterOf(query);
      const { runs, nextCursor } = await ledger.listRuns(filter);
      return page(c, <RunsPage query={query} runs={runs} nextCursor={nextCursor} problems={problems} />);
    }),
  );
  app.get('/search', async (c) => {
    const query = (c.req.query('q') ?? '').trim();
    if (query === '') return c.redirect('/', 303);
    const results = await search(options, query);
    const target = searchRedirect(results);
    return target === undefined ? page(c, <SearchPage results={results} />) : c.redirect(target, 303);
  });
  app.get('/runs/:orchestrator/:runId', async (c) => {
    const { orchestrator, runId } = c.req.param();
    const entries = await ledger.runEntries(orchestrator, runId);
    if (entries.length === 0)
      return page(
        c,
        <ErrorPage
          title="Run not found"
          message={`No ${orchestrator} run ${runId.slice(0, 128)} is in the ledger.`}
        />,
        404,
      );
    return page(
      c,
      <RunPage
        orchestrator={orchestrator}
        runId={runId}
        entries={entries}
        page={whole(c.req.query('page')) ?? 0}
      />,
    );
  });
  app.get('/decisions/:id', async (c) => {
    const id = c.req.param('id');
    const stored = await ledger.get(id);
    if (stored === undefined)
      return page(
        c,
        <ErrorPage
          title="Entry not found"
          message={`No entry with id ${id.slice(0, 128)} is in the ledger.`}
        />,
        404,
      );
    return page(c, <DecisionPage stored={stored} linked={await ledger.entriesReferring(id)} />);
  });
  app.get('/ledger', async (c) =>
    page(c, <LedgerPage view={await ledgerView(options, tracker, whole(c.req.query('before')))} />),
  );
  app.post('/ledger/verify', (c) => {
    tracker.start();
    return c.redirect('/ledger', 303);
  });
}

/**
 * The web dashboard: runs across orchestrators, run timelines, decisions with an in-browser integrity check, the
 * ledger's checkpoints and keys, and the reports. Mount it last, as `createServerApp({ extraRoutes })`.
 *
 * @example
 * const { app } = createServerApp({ ledger: ledgerPort(ledger), extraRoutes: dashboardRoutes({ ledger: ledgerPort(ledger), archive: ledger }) });
 */
export function dashboardRoutes(options: DashboardOptions): Hono {
  const tracker = createVerificationTracker(options.archive);
  const app = new Hono();
  const guard = requireReadToken(options.readTokens ?? []);
  for (const path of GUARDED_PATHS) app.use(path, guard);
  pageRoutes(app, options, tracker);
  app.route('/', apiRoutes({ ledger: options.ledger, verifierKeys: options.verifierKeys }));
  app.route('/', reportRoutes(options));
  app.route('/', driftRoutes({ archive: options.archive, drift: options.drift }));
  return app;
}
