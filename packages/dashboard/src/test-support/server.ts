// The real Cairn server app with the dashboard mounted, on a real SQLite ledger, listening on a free port.
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { Hono } from 'hono';
import { dashboardRoutes } from '../routes.js';
import type { DashboardOptions } from '../routes.js';
import { createServerApp, ledgerPort } from '@cairn/server';
import type { TestLedger } from './ledger.js';

/** A running server. */
export type TestServer = { readonly app: Hono; readonly url: string; close(): Promise<void> };

/**
 * The server app of @cairn/server over `test.ledger`, with the dashboard as its extra routes.
 *
 * @example const { app } = serverApp(test); const res = await app.request('/');
 */
export function serverApp(
  test: TestLedger,
  options: Omit<DashboardOptions, 'ledger' | 'archive'> = {},
): Hono {
  const port = ledgerPort(test.ledger);
  return createServerApp({
    ledger: port,
    extraRoutes: dashboardRoutes({ ledger: port, archive: test.ledger, ...options }),
    log: () => {},
  }).app;
}

/**
 * Starts the server app on 127.0.0.1 and a free port.
 *
 * @example const server = await startServer(test); await fetch(`${server.url}/`);
 */
export async function startServer(test: TestLedger): Promise<TestServer> {
  const app = serverApp(test);
  const { server, address } = await new Promise<{ server: ReturnType<typeof serve>; address: AddressInfo }>(
    (resolve) => {
      const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, (info) =>
        resolve({ server, address: info }),
      );
    },
  );
  return {
    app,
    url: `http://127.0.0.1:${address.port}`,
    close: () =>
      new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}
