// What `cairn serve` tells its user: where to point the browser, which ledger and key it runs on, which route
// families anyone can use; and the first-run demo, loaded through the server's own receivers.
import type { DemoProgress, DemoReport } from '@cairn/demo';
import type { RunningServer, ServerConfig } from '@cairn/server';
import { oneLine } from './files.js';
import type { CliIo } from './io.js';
import { count } from './report.js';

/** What the start-up lines describe. */
export type StartedServer = {
  readonly server: Pick<RunningServer, 'url' | 'port' | 'ledger'>;
  readonly config: ServerConfig;
  /** Entries in the ledger at start. */
  readonly size: number;
  readonly verifierKey: string;
  readonly keyCreated: boolean;
  readonly demo: boolean;
};

// A server bound to every interface is reached through the loopback address from this machine.
const WILDCARD = new Map([
  ['0.0.0.0', '127.0.0.1'],
  ['::', '[::1]'],
]);

/**
 * The address to open in a browser (and to send the demo to): the server's own, or loopback for a wildcard host.
 *
 * @example browserUrl({ url: 'http://0.0.0.0:7070', port: 7070 }, '0.0.0.0') === 'http://127.0.0.1:7070'
 */
export function browserUrl(server: Pick<RunningServer, 'url' | 'port'>, host: string): string {
  const loopback = WILDCARD.get(host);
  return loopback === undefined ? server.url : `http://${loopback}:${server.port}`;
}

function accessLine(family: 'ingest' | 'read', config: ServerConfig): string {
  const tokens = config.tokens[family].length;
  const what = family === 'ingest' ? 'ingest routes' : 'read routes and dashboard';
  const variable = family === 'ingest' ? 'CAIRN_INGEST_TOKEN' : 'CAIRN_READ_TOKEN';
  return tokens === 0
    ? `  ${family.padEnd(14)}open: the ${what} need no token (set ${variable} to require one)`
    : `  ${family.padEnd(14)}closed: the ${what} need one of ${count(tokens, 'bearer token')} (${variable})`;
}

/**
 * The lines printed once the server listens.
 *
 * @example io.stdout(startedLines({ server, config, size: 0, verifierKey, keyCreated: false, demo: false }));
 */
export function startedLines(started: StartedServer): string {
  const { server, config, size, verifierKey } = started;
  const ledger = server.ledger;
  const lines = [
    `Cairn is running: open ${browserUrl(server, config.host)}/`,
    `  ledger        ${ledger.store.location} (origin ${ledger.origin ?? 'not set'}, ${count(size, 'entry', 'entries')})`,
    `  signing key   ${config.signingKeyFile}${started.keyCreated ? ' (created now: back it up, keep it secret)' : ''}`,
    `  verifier key  ${verifierKey}`,
    accessLine('ingest', config),
    accessLine('read', config),
  ];
  if (size === 0 && !started.demo) {
    lines.push(
      "The ledger is empty: run 'cairn serve --demo' to load a demo of Airflow, Prefect, Dagster and Trigger.dev traffic through the real receivers.",
    );
  }
  lines.push('Press Ctrl-C to stop.');
  return lines.map((line) => `${line}\n`).join('');
}

/**
 * The lines printed once the demo is loaded: what was stored, the runs and decisions worth opening.
 *
 * @example io.stdout(demoLines(report, 'http://127.0.0.1:7070'));
 */
export function demoLines(report: DemoReport, base: string): string {
  const { total, highlights } = report;
  const lines = [
    `demo loaded (story day ${report.day}): ${count(total.sent, 'entry', 'entries')} sent, ${total.stored.toLocaleString('en-US')} stored, ${total.duplicates.toLocaleString('en-US')} already there`,
    '  runs:',
    ...report.runs.map(
      (run) =>
        `    ${run.orchestrator.padEnd(12)} ${run.workflow.padEnd(28)} ${base}/runs/${run.orchestrator}/${encodeURIComponent(run.runId)}`,
    ),
    '  worth a look:',
    ...[
      ['a human override', highlights.overriddenDecision],
      ['a contested decline', highlights.contestedDecision],
      ['a corrected decision', highlights.correctedDecision],
      ['a rapid-response page', highlights.rapidResponsePage],
    ].map(([what, id]) => `    ${what!.padEnd(24)} ${base}/decisions/${encodeURIComponent(id!)}`),
    `  drift: the agent ${highlights.driftingAgent} drifts after a model and policy rollout; see it with 'cairn drift'`,
  ];
  return lines.map((line) => `${line}\n`).join('');
}

// Drawn in place on a terminal (carriage return, erase line), ended when the last step is done.
function progressLine({ orchestrator, message, done, total }: DemoProgress): string {
  const line = oneLine(`demo ${done}/${total} ${orchestrator}: ${message}`, 100);
  return `\r\u001b[2K${line}${done >= total ? '\n' : ''}`;
}

/**
 * Loads the demo into the running server through its receivers, with a progress line on a terminal. Never
 * rejects: a failure is one line on stderr (none once the server is stopping, which is what failed it).
 *
 * @example const demo = loadDemoInto(server, config, io, () => stopping);
 */
export async function loadDemoInto(
  server: Pick<RunningServer, 'url' | 'port'>,
  config: ServerConfig,
  io: CliIo,
  stopping: () => boolean,
): Promise<void> {
  const base = browserUrl(server, config.host);
  io.stdout('loading the demo through the receivers…\n');
  try {
    // Loaded only for --demo: it brings the Trigger.dev SDK along.
    const { loadDemo } = await import('@cairn/demo');
    const report = await loadDemo({
      baseUrl: base,
      ingestToken: config.tokens.ingest[0],
      ...(io.interactive ? { onProgress: (p: DemoProgress) => io.stderr(progressLine(p)) } : {}),
    });
    if (!stopping()) io.stdout(demoLines(report, base));
  } catch (error) {
    if (stopping()) return;
    const message = error instanceof Error ? error.message : String(error);
    io.stderr(`cairn serve: the demo could not be loaded: ${oneLine(message, 500)}\n`);
  }
}
