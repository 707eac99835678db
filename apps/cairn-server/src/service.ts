// The deployable Cairn server as one function: read the environment, start, and stop gracefully on SIGTERM or
// SIGINT (what Kubernetes, systemd and Docker send), so every acknowledged entry is committed and covered by a
// last signed checkpoint before the process exits.
import { isCairnError } from '@cairn/core';
import { loadServerConfig, startServer } from '@cairn/server';
import type { RunningServer } from '@cairn/server';

/** Where the service hears stop signals: `process`, or any emitter in tests. */
export type SignalSource = {
  once(signal: 'SIGTERM' | 'SIGINT', listener: () => void): unknown;
  off(signal: 'SIGTERM' | 'SIGINT', listener: () => void): unknown;
};

/** Options of {@link runService}. */
export type ServiceOptions = {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly signals: SignalSource;
  /** One line of operator output (default: stderr). */
  readonly log?: (line: string) => void;
};

/** A started service: the server, and a promise that settles once a signal has stopped it. */
export type RunningService = { readonly server: RunningServer; readonly stopped: Promise<void> };

/**
 * Starts the server from `env` and stops it on the first SIGTERM or SIGINT. Throws CairnError('config') with one
 * line per bad variable when the environment is wrong.
 *
 * @example const { stopped } = await runService({ env: process.env, signals: process });
 */
export async function runService({
  env,
  signals,
  log = (line) => process.stderr.write(`cairn: ${line}\n`),
}: ServiceOptions): Promise<RunningService> {
  const server = await startServer(loadServerConfig(env), { log });
  log(`listening on ${server.url} (ledger origin ${server.ledger.origin ?? 'unset'})`);
  const stopped = new Promise<void>((resolve, reject) => {
    const stop = () => {
      signals.off('SIGTERM', stop);
      signals.off('SIGINT', stop);
      log('stopping: finishing requests in flight, sealing a last checkpoint');
      server.close().then(resolve, reject);
    };
    signals.once('SIGTERM', stop);
    signals.once('SIGINT', stop);
  });
  return { server, stopped };
}

/**
 * The process's exit code for an error that stopped the service: 78 (EX_CONFIG of sysexits.h) for a bad
 * configuration, which a supervisor should not restart in a loop, 1 otherwise.
 *
 * @example process.exitCode = exitCodeFor(error);
 */
export function exitCodeFor(error: unknown): number {
  return isCairnError(error, 'config') || isCairnError(error, 'invalid_key') ? 78 : 1;
}
