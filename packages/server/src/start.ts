// Starting the whole server from a ServerConfig: open the ledger (signer key, store, checkpoint policy), compose
// the app, listen, and on close shut down in the order that loses nothing.
import { createLedger, openStoreFromUrl } from '@cairn/ledger';
import type { Ledger } from '@cairn/ledger';
import type { Hono } from 'hono';
import { createServerApp } from './app.js';
import type { ServerApp } from './app.js';
import type { ServerConfig } from './config.js';
import { ledgerPort } from './ledger-adapter.js';
import type { ServerLedger } from './ledger-port.js';
import { serveApp } from './listen.js';
import { openSigner, prepareSqliteDirectory } from './signer.js';

/** What the extra routes (the dashboard) may build on. */
export type ExtraRoutesContext = {
  readonly ledger: Ledger;
  readonly port: ServerLedger;
  readonly config: ServerConfig;
};

/** Options of {@link startServer} that are code, not configuration. */
export type StartOptions = {
  /** Writes one line of operator information (default: stderr, prefixed `cairn: `). */
  readonly log?: (line: string) => void;
  /** Routes mounted after the API, e.g. `({ ledger, port }) => dashboardRoutes({ ledger: port, archive: ledger })`. */
  readonly extraRoutes?: (context: ExtraRoutesContext) => Hono | undefined;
  /** How long close() lets requests in flight finish (default 10 s). */
  readonly graceMs?: number;
};

/** A running server. */
export type RunningServer = {
  /** `http://<host>:<port>` with the port actually bound. */
  readonly url: string;
  readonly port: number;
  readonly ledger: Ledger;
  readonly app: ServerApp;
  /** Stops accepting, lets requests in flight finish, commits what is queued, signs a last checkpoint, closes the ledger. */
  close(): Promise<void>;
};

const LOOPBACK = /^(?:127\.\d+\.\d+\.\d+|::1|localhost)$/;

function warnOpenFamilies(config: ServerConfig, log: (line: string) => void): void {
  const exposed = !LOOPBACK.test(config.host);
  for (const [family, variable] of [
    ['ingest', 'CAIRN_INGEST_TOKEN'],
    ['read', 'CAIRN_READ_TOKEN'],
  ] as const) {
    if (config.tokens[family].length > 0) continue;
    const where = exposed
      ? ` and ${config.host} is not a loopback address: anyone who reaches this port can use them`
      : '';
    log(`warning: the ${family} routes need no token (${variable} is unset)${where}`);
  }
}

async function openLedger(config: ServerConfig, log: (line: string) => void): Promise<Ledger> {
  const signer = await openSigner(config, log);
  await prepareSqliteDirectory(config.db);
  const store = await openStoreFromUrl(config.db, { busyTimeoutMs: config.busyTimeoutMs });
  const { everyEntries, everyMs, heartbeatMs } = config.checkpoint;
  try {
    return await createLedger({
      store,
      signer,
      origin: config.origin ?? signer.name,
      checkpoint: {
        everyEntries,
        ...(everyMs > 0 ? { everyMs } : {}),
        ...(heartbeatMs > 0 ? { heartbeatMs } : {}),
      },
      onError: (error) =>
        log(`scheduled checkpoint failed: ${error instanceof Error ? error.message : String(error)}`),
    });
  } catch (error) {
    await store.close().catch(() => undefined);
    throw error;
  }
}

function composeApp(
  config: ServerConfig,
  ledger: Ledger,
  options: StartOptions,
  log: (line: string) => void,
): ServerApp {
  const port = ledgerPort(ledger);
  const { prefect, links } = config;
  return createServerApp({
    ledger: port,
    tokens: config.tokens,
    ...(config.hmacSecret === undefined ? {} : { hmacSecret: config.hmacSecret }),
    ...(config.maxBodyBytes === undefined ? {} : { maxBodyBytes: config.maxBodyBytes }),
    receivers: {
      prefect: {
        apiUrl: prefect.apiUrl,
        apiKey: prefect.apiKey,
        uiUrl: prefect.uiUrl,
        enrich: prefect.enrich,
        onError: (e) => log(`prefect enrichment failed: ${String(e)}`),
      },
      airflow: { baseUrl: links.airflow },
      dagster: { baseUrl: links.dagster },
    },
    extraRoutes: options.extraRoutes?.({ ledger, port, config }),
    log,
  });
}

// Shutdown order: no new requests, requests in flight answered (their entries committed), the group-commit queue
// drained, a checkpoint covering every entry (so every acknowledged entry has a receipt under the last signed
// tree), then the ledger closed.
async function shutDown(
  listening: { close(): Promise<void> },
  app: ServerApp,
  ledger: Ledger,
  log: (line: string) => void,
): Promise<void> {
  await listening.close();
  await app.writer.flush();
  try {
    const [size, latest] = await Promise.all([ledger.size(), ledger.latestCheckpoint()]);
    if (size > (latest?.size ?? 0)) await ledger.checkpoint();
  } catch (error) {
    // The database may be what failed; closing must still release everything. The next start signs it.
    log(`could not sign a last checkpoint: ${error instanceof Error ? error.message : String(error)}`);
  }
  await ledger.close();
}

/**
 * Opens the ledger `config` names (creating the signing key on first start, and saying where on stderr) and
 * serves the Cairn API on `config.host`:`config.port`. `cairn serve` and apps/cairn-server call it.
 *
 * @example
 * const server = await startServer(loadServerConfig(process.env));
 * process.once('SIGTERM', () => void server.close());
 */
export async function startServer(config: ServerConfig, options: StartOptions = {}): Promise<RunningServer> {
  const log = options.log ?? ((line: string) => process.stderr.write(`cairn: ${line}\n`));
  const ledger = await openLedger(config, log);
  let app: ServerApp;
  let listening: Awaited<ReturnType<typeof serveApp>>;
  try {
    app = composeApp(config, ledger, options, log);
    listening = await serveApp(app.app, {
      host: config.host,
      port: config.port,
      ...(options.graceMs === undefined ? {} : { graceMs: options.graceMs }),
    });
  } catch (error) {
    await ledger.close().catch(() => undefined);
    throw error;
  }
  warnOpenFamilies(config, log);
  let closing: Promise<void> | undefined;
  return Object.freeze({
    url: listening.url,
    port: listening.port,
    ledger,
    app,
    close: () => (closing ??= shutDown(listening, app, ledger, log)),
  });
}
