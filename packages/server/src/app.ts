import { Hono } from 'hono';
import type { Context, MiddlewareHandler, Next } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { requireBearer } from './auth.js';
import { counting } from './counting.js';
import { groupCommit } from './group-commit.js';
import type { GroupWriter } from './group-commit.js';
import { requireBodySignature } from './hmac.js';
import { errorResponse } from './http-errors.js';
import { DEFAULT_DECISIONS_MAX_BYTES, decisionRoutes } from './ingest.js';
import type { ServerLedger } from './ledger-port.js';
import { createServerMetrics } from './metrics.js';
import type { ServerMetrics } from './metrics.js';
import { queryRoutes } from './query.js';
import { receiverRoutes } from './receivers.js';
import type { ReceiverOptions } from './receivers.js';
import { unavailableOnStorageFailure } from './storage-errors.js';

/** Options of {@link createServerApp}. */
export type ServerAppOptions = {
  readonly ledger: ServerLedger;
  /** Bearer tokens per route family; a family without tokens is open (for local use only: startServer warns). */
  readonly tokens?: { readonly ingest?: readonly string[]; readonly read?: readonly string[] };
  /** When set, ingest requests must carry `x-cairn-signature: sha256=<HMAC-SHA256 of the body>`. */
  readonly hmacSecret?: string;
  /** Largest request body, on the wire and once decompressed (default 4 MiB; the hooks keep their own smaller
   * defaults unless this is set); larger ones answer 413. */
  readonly maxBodyBytes?: number;
  /** Orchestrator-specific options (UI base URLs, Prefect API). */
  readonly receivers?: ReceiverOptions;
  /** Extra routes mounted last, such as the dashboard. */
  readonly extraRoutes?: Hono;
  /** Most entries in one grouped ledger transaction (default 1000). */
  readonly maxEntriesPerCommit?: number;
  /** Where server-side errors are reported (default: stderr). */
  readonly log?: (message: string) => void;
};

/** What {@link createServerApp} returns: the app, its metrics, and the grouping writer (flush it on shutdown). */
export type ServerApp = { readonly app: Hono; readonly metrics: ServerMetrics; readonly writer: GroupWriter };

/**
 * The ingest routes, as metric labels; any other path under an ingest prefix is labelled `other`.
 *
 * @example INGEST_ROUTES.includes('/api/v1/lineage') === true
 */
export const INGEST_ROUTES = [
  '/v1/decisions',
  '/hooks/prefect',
  '/api/v1/lineage',
  '/hooks/airflow',
  '/hooks/dagster',
] as const;
const INGEST_PREFIXES = ['/v1/decisions', '/hooks/*', '/api/v1/lineage'] as const;

/**
 * The Cairn server as a Hono app: receivers, query API, health and metrics. Embeddable in a team's own Node server
 * (`app.fetch`), or started by `cairn serve` / `startServer`.
 *
 * @example
 * const { app } = createServerApp({ ledger: ledgerPort(ledger), tokens: { ingest: [token] } });
 */
export function createServerApp(options: ServerAppOptions): ServerApp {
  const log = options.log ?? ((message: string) => console.error(`cairn: ${message}`));
  const { ledger } = options;
  const metrics = createServerMetrics({
    ledgerSize: () => ledger.size(),
    lastCheckpointAt: async () => (await ledger.latestCheckpoint())?.createdAt,
  });
  const writer = groupCommit(unavailableOnStorageFailure(ledger), {
    ...(options.maxEntriesPerCommit === undefined ? {} : { maxEntries: options.maxEntriesPerCommit }),
    onCommit: ({ entries }) => {
      metrics.commits.inc();
      metrics.commitEntries.observe(entries);
    },
  });
  const app = new Hono();
  app.onError((error, c) => errorResponse(c, error, log));
  app.get('/healthz', async (c) => c.json({ ok: true, origin: ledger.origin, size: await ledger.size() }));
  guardRead(app, options.tokens?.read ?? []);
  app.get('/metrics', async (c) =>
    c.text(await metrics.registry.metrics(), 200, { 'content-type': metrics.registry.contentType }),
  );
  guardIngest(app, options, metrics);
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_DECISIONS_MAX_BYTES;
  app.route('/', decisionRoutes({ writer: counting(writer, metrics, '/v1/decisions'), maxBodyBytes }));
  const receiverMax = options.maxBodyBytes === undefined ? {} : { maxBodyBytes: options.maxBodyBytes };
  app.route('/', receiverRoutes({ writer, metrics, options: { ...receiverMax, ...options.receivers } }));
  app.route('/', queryRoutes({ ledger }));
  if (options.extraRoutes !== undefined) app.route('/', options.extraRoutes);
  return { app, metrics, writer };
}

// The read family: every /v1 route but the ingest POST, whatever the method (Hono answers HEAD with the GET
// handler, so a GET-only guard would leave HEAD open), and /metrics.
function guardRead(app: Hono, tokens: readonly string[]): void {
  if (tokens.length === 0) return;
  const guard = requireBearer(tokens);
  const readFamily: MiddlewareHandler = (c, next) =>
    c.req.method === 'POST' && c.req.path === '/v1/decisions' ? next() : guard(c, next);
  app.use('/v1/*', readFamily);
  app.use('/metrics', guard);
}

function routeLabel(path: string): string {
  return (INGEST_ROUTES as readonly string[]).includes(path) ? path : 'other';
}

function measured(metrics: ServerMetrics) {
  return async (c: Context, next: Next) => {
    const started = performance.now();
    await next();
    const route = routeLabel(c.req.path);
    metrics.requests.inc({ route, status: String(c.res.status) });
    metrics.ingestSeconds.observe({ route }, (performance.now() - started) / 1000);
  };
}

function guardIngest(app: Hono, options: ServerAppOptions, metrics: ServerMetrics): void {
  const tokens = options.tokens?.ingest ?? [];
  const maxSize = options.maxBodyBytes ?? DEFAULT_DECISIONS_MAX_BYTES;
  for (const path of INGEST_PREFIXES) {
    app.use(path, measured(metrics));
    if (tokens.length > 0) app.use(path, requireBearer(tokens));
    app.use(path, limitBodies(maxSize, options.hmacSecret !== undefined));
    if (options.hmacSecret !== undefined) app.use(path, requireBodySignature(options.hmacSecret));
  }
}

/**
 * 413 for a body over `maxSize`. Every ingest route reads its body through readBody, which streams it with its
 * own limit, so when nothing else reads the body first a look at the declared length is all this layer needs.
 * Hono's bodyLimit asks for `c.req.raw.body` even then, and under @hono/node-server that builds the whole web
 * Request (a tenth of the server's time per request). The HMAC check reads a clone whole before any route: then
 * Hono's bodyLimit caps that read while it streams. A GET on an ingest path reads nothing and falls through to 404.
 */
function limitBodies(maxSize: number, bodyReadFirst: boolean): MiddlewareHandler {
  const onError = (c: Context) => c.json({ error: 'payload_too_large', limit: maxSize }, 413);
  if (bodyReadFirst) return bodyLimit({ maxSize, onError });
  return async (c, next) => {
    // RFC 9112 §6.3: with Transfer-Encoding, Content-Length is ignored; the route's streaming limit applies.
    if (c.req.header('transfer-encoding') === undefined) {
      const declared = Number(c.req.header('content-length') ?? '0');
      if (declared > maxSize) return onError(c);
    }
    await next();
  };
}
