// The dashboard's own assets and the evidence its browser script verifies. Served beside the pages (not under
// /v1, which may require a bearer token the browser does not hold).
import { Hono } from 'hono';
import type { Context } from 'hono';
import { CairnError, isCairnError, toBase64 } from '@cairn/core';
import { integrityScript } from './browser/bundle.js';
import type { DashboardPort } from './ledger.js';
import { INTEGRITY_SCRIPT_PATH } from './pages/decision-page.js';
import { DASHBOARD_CSS } from './pages/styles.js';
import { SECURITY_HEADERS, download } from './respond.js';

function json(c: Context, body: unknown, status: 200 | 404 | 409 = 200): Response {
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) c.header(name, value);
  c.header('cache-control', 'no-store');
  return c.json(body, status);
}

// The stored bytes, not a re-serialisation of the parsed entry: only they show a row edited behind the ledger.
async function storedBytes(ledger: DashboardPort, id: string): Promise<Uint8Array | undefined> {
  if (ledger.leafBytes === undefined)
    throw new CairnError(
      'unavailable',
      "the server's ledger port does not serve stored leaf bytes (leafBytes)",
    );
  return ledger.leafBytes(id);
}

function missing(c: Context, id: string): Response {
  return json(c, { error: 'not_found', message: `no entry with id ${id.slice(0, 128)} in the ledger` }, 404);
}

/**
 * Routes under `/dashboard-assets` and `/dashboard-api`.
 *
 * @example app.route('/', apiRoutes({ ledger: ledgerPort(ledger) }));
 */
export function apiRoutes(options: {
  ledger: DashboardPort;
  verifierKeys?: readonly string[] | undefined;
}): Hono {
  const { ledger } = options;
  const keys = async () =>
    options.verifierKeys === undefined
      ? { verifierKeys: await ledger.verifierKeys(), keySource: 'ledger' as const }
      : { verifierKeys: options.verifierKeys, keySource: 'configured' as const };
  const app = new Hono();
  app.get('/dashboard-assets/style.css', (c) =>
    c.body(DASHBOARD_CSS, 200, { 'content-type': 'text/css; charset=utf-8', 'cache-control': 'max-age=300' }),
  );
  app.get(INTEGRITY_SCRIPT_PATH, async (c) =>
    c.body(await integrityScript(), 200, {
      'content-type': 'text/javascript; charset=utf-8',
      'cache-control': 'max-age=300',
    }),
  );
  // Everything the integrity panel checks, in one answer: the receipt, the exact stored bytes, the leaf hash the
  // index recorded, and the published keys. The browser trusts none of it: it verifies.
  app.get('/dashboard-api/entries/:id/evidence', async (c) => {
    const id = c.req.param('id');
    try {
      const [indexed, bytes] = await Promise.all([ledger.get(id), storedBytes(ledger, id)]);
      if (indexed === undefined || bytes === undefined) return missing(c, id);
      const receipt = await ledger.receipt(id);
      if (receipt === undefined)
        throw new CairnError(
          'unavailable',
          `entry ${indexed.index} is not covered by a signed checkpoint yet`,
        );
      const evidence = {
        entryId: id,
        receipt,
        leaf: toBase64(bytes),
        recordedLeafHash: indexed.leafHash,
        origin: ledger.origin,
      };
      return json(c, { ...evidence, ...(await keys()) });
    } catch (error) {
      // Nothing to check yet is not a failed check: the panel says so instead of turning red.
      if (isCairnError(error, 'unavailable'))
        return json(c, { error: 'unavailable', message: error.message }, 409);
      throw error;
    }
  });
  app.get('/dashboard-api/entries/:id/receipt', async (c) => {
    const id = c.req.param('id');
    const receipt = await ledger.receipt(id);
    return receipt === undefined
      ? missing(c, id)
      : download(c, receipt, `receipt-${id}.txt`, 'text/plain; charset=utf-8');
  });
  app.get('/dashboard-api/entries/:id/leaf', async (c) => {
    const id = c.req.param('id');
    const bytes = await storedBytes(ledger, id);
    return bytes === undefined
      ? missing(c, id)
      : download(c, bytes, `leaf-${id}.json`, 'application/octet-stream');
  });
  app.get('/dashboard-api/checkpoint', async (c) => {
    const latest = await ledger.latestCheckpoint();
    if (latest === undefined)
      return json(c, { error: 'not_found', message: 'no checkpoint has been signed yet' }, 404);
    return download(c, latest.note, 'checkpoint.txt', 'text/plain; charset=utf-8');
  });
  return app;
}
