// Serving a Hono app over node:http with @hono/node-server, and stopping it the way a deployment expects: stop
// accepting, let requests in flight finish (each answers only after its entries are committed), then close.
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { createAdaptorServer } from '@hono/node-server';
import { CairnError } from '@cairn/core';
import type { Hono } from 'hono';

/** A listening HTTP server. */
export type Listening = {
  /** `http://<host>:<port>`, with the port actually bound. */
  readonly url: string;
  readonly host: string;
  readonly port: number;
  /** Stops accepting, waits for requests in flight (at most `graceMs`, then drops the connections), and resolves. */
  close(): Promise<void>;
};

/**
 * How long close() lets requests in flight finish before it drops their connections.
 *
 * @example await serveApp(app, { host, port, graceMs: DEFAULT_GRACE_MS });
 */
export const DEFAULT_GRACE_MS = 10_000;

function urlOf(host: string, port: number): string {
  const shown = host.includes(':') ? `[${host}]` : host;
  return `http://${shown}:${port}`;
}

function listenOn(server: Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const failed = (error: NodeJS.ErrnoException) => {
      const why =
        error.code === 'EADDRINUSE'
          ? 'is in use'
          : error.code === 'EACCES'
            ? 'is not allowed'
            : 'cannot be bound';
      reject(
        new CairnError('config', `CAIRN_HOST/CAIRN_PORT: ${urlOf(host, port)} ${why}`, { cause: error }),
      );
    };
    server.once('error', failed);
    server.listen(port, host, () => {
      server.off('error', failed);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

// How often a closing server drops keep-alive connections that have gone idle since close() was called.
const IDLE_SWEEP_MS = 25;

function closeGracefully(server: Server, graceMs: number): Promise<void> {
  return new Promise((resolve) => {
    const force = setTimeout(() => server.closeAllConnections(), graceMs);
    // Keep-alive connections with no request in flight would hold close() open until they time out, also those
    // whose last request finishes after close() began.
    const sweep = setInterval(() => server.closeIdleConnections(), IDLE_SWEEP_MS);
    force.unref();
    sweep.unref();
    server.close(() => {
      clearTimeout(force);
      clearInterval(sweep);
      resolve();
    });
    server.closeIdleConnections();
  });
}

/**
 * Serves `app` on `host`:`port` (port 0 picks a free one) and resolves once it is listening.
 *
 * @example const { url, close } = await serveApp(app, { host: '127.0.0.1', port: 0 });
 */
export async function serveApp(
  app: Hono,
  { host, port, graceMs = DEFAULT_GRACE_MS }: { host: string; port: number; graceMs?: number },
): Promise<Listening> {
  const server = createAdaptorServer({ fetch: app.fetch, hostname: host }) as Server;
  const bound = await listenOn(server, host, port);
  let closing: Promise<void> | undefined;
  return Object.freeze({
    url: urlOf(host, bound),
    host,
    port: bound,
    close: () => (closing ??= closeGracefully(server, graceMs)),
  });
}
