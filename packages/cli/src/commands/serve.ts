import { isValidKeyName } from '@cairn/core';
import type { Result } from '@cairn/core';
import type { RunningServer, ServerConfig } from '@cairn/server';
import { expectPositionals, integerOption } from '../args.js';
import { defineCommand } from '../command.js';
import type { CommandContext } from '../command.js';
import { EXIT, UsageError } from '../io.js';
import type { CliIo, ExitCode } from '../io.js';
import { loadSigner } from '../ledger-access.js';
import { loadDemoInto, startedLines } from '../serve-output.js';
import { readVerifierKeys } from '../verifier-keys.js';

/** `cairn serve`: the server, its dashboard, and the first-run demo. */
export const serve = defineCommand({
  name: 'serve',
  summary: 'start the Cairn server with its dashboard (and, with --demo, load a demo)',
  usage: `Usage: cairn serve [--port N] [--host ADDRESS] [--demo]

Starts the Cairn server on the configured ledger (default .cairn/ledger.db, created when missing,
with its signing key): the orchestrator receivers (Prefect, OpenLineage for Airflow and Dagster,
Airflow and Dagster hooks, POST /v1/decisions), the query API, /healthz, /metrics, and the web
dashboard with its reports at the URL it prints. It also prints the ledger, the verifier key to
publish, and which route families need a token.

With --demo, once the server listens, loads a demo through its real receivers: 30 days of loan
underwriting history with a drift after a model and policy rollout, then one night of Airflow,
Prefect, Dagster and Trigger.dev runs with the decisions of three agents, a human override, a
contest and a correction. Loading it again on the same day stores nothing new.

Runs until SIGINT (Ctrl-C) or SIGTERM, then stops accepting requests, lets those in flight finish,
signs a last checkpoint covering every entry and closes the ledger (exit code 0).

The dashboard's integrity panel checks each entry's receipt in the browser against the ledger's
published verifier keys. Those keys sit in the database the panel is checking: give your own copy
with --vkey or --keys and the panel trusts only those (it shows which source it used).

Options:
  --port N          the port, 0 for any free one     CAIRN_PORT   (7070)
  --host ADDRESS    the address to listen on         CAIRN_HOST   (127.0.0.1; 0.0.0.0 for every interface)
  --demo            load the demo once listening
  --vkey VKEY       a verifier key the dashboard trusts, e.g. example.com/log+1a2b3c4d+AX...; repeatable
  --keys FILE       a file of such keys, one per line (as 'cairn keygen --vkey' writes)

Every other setting comes from the environment as for the server: CAIRN_INGEST_TOKEN and
CAIRN_READ_TOKEN (comma-separated bearer tokens, 16 characters or more; without them the route
family is open), CAIRN_HMAC_SECRET, CAIRN_CHECKPOINT_EVERY_ENTRIES, CAIRN_CHECKPOINT_EVERY_MS,
CAIRN_HEARTBEAT_MS, CAIRN_MAX_BODY_BYTES, CAIRN_PREFECT_API_URL, CAIRN_AIRFLOW_URL, … (see
packages/server/README.md).

Examples:
  cairn serve --demo
  cairn serve --port 8080 --db /var/lib/cairn/ledger.db --key /etc/cairn/signing.key
  CAIRN_INGEST_TOKEN=$(openssl rand -hex 24) cairn serve --host 0.0.0.0`,
  options: {
    port: { type: 'string' },
    host: { type: 'string' },
    demo: { type: 'boolean' },
    vkey: { type: 'string', multiple: true },
    keys: { type: 'string' },
  },
  async run({ values, positionals }, ctx) {
    expectPositionals(ctx.command, positionals, []);
    // Loaded here, not at the top: the server and the dashboard are the heaviest modules, and every other
    // command starts faster without them.
    const [server, dashboard] = await Promise.all([import('@cairn/server'), import('@cairn/dashboard')]);
    const config = serverConfig(values, ctx, server.readServerConfig);
    const trusted = await readVerifierKeys(ctx, values.vkey ?? [], values.keys);
    const verifierKeys = trusted.length > 0 ? { verifierKeys: trusted.map((key) => key.text) } : {};
    // The CLI creates the key itself, as keygen and demo do, so every command names a new key alike.
    const { signer, keyCreated } = await loadSigner(ctx.config, 'create');
    const running = await server.startServer(config, {
      log: (line) => ctx.io.stderr(`cairn serve: ${line}\n`),
      extraRoutes: ({ ledger, port }) =>
        dashboard.dashboardRoutes({
          ledger: port,
          archive: ledger,
          readTokens: config.tokens.read,
          ...verifierKeys,
        }),
    });
    return serveUntilStopped(running, config, {
      ...ctx,
      verifierKey: signer!.verifierKey,
      keyCreated,
      demo: values.demo === true,
    });
  },
});

type ServeContext = CommandContext & {
  readonly verifierKey: string;
  readonly keyCreated: boolean;
  readonly demo: boolean;
};

// Flags win over the environment, which wins over the server's defaults: the flags are written over the
// variables they stand for, and the server's own reader checks everything together.
function serverConfig(
  values: { port?: string; host?: string; origin?: string },
  { io, config }: CommandContext,
  read: (env: Readonly<Record<string, string | undefined>>) => Result<ServerConfig>,
): ServerConfig {
  const port = integerOption('port', values.port, 0, 65_535);
  if (values.host !== undefined && values.host.trim() === '')
    throw new UsageError('--host: expected an address such as 127.0.0.1 or 0.0.0.0, got ""');
  if (values.origin !== undefined && !isValidKeyName(values.origin)) {
    throw new UsageError(
      '--origin: expected a log name without spaces or "+", such as example.com/decisions',
    );
  }
  const result = read({
    ...io.env,
    CAIRN_DB: config.db,
    CAIRN_SIGNING_KEY_FILE: config.keyFile,
    CAIRN_ORIGIN: config.origin,
    ...(port === undefined ? {} : { CAIRN_PORT: String(port) }),
    ...(values.host === undefined ? {} : { CAIRN_HOST: values.host }),
  });
  if (!result.ok)
    throw new UsageError(`invalid configuration: ${result.problems.map((p) => p.message).join('; ')}`);
  return result.value;
}

async function serveUntilStopped(
  server: RunningServer,
  config: ServerConfig,
  ctx: ServeContext,
): Promise<ExitCode> {
  const { io } = ctx;
  const stop = stopSignal(io);
  let stopping = false;
  try {
    const size = await server.ledger.size();
    io.stdout(startedLines({ ...ctx, server, config, size }));
    const demo = ctx.demo ? loadDemoInto(server, config, io, () => stopping) : Promise.resolve();
    const signal = await stop.signal;
    stopping = true;
    io.stdout(`stopping (${signal}): finishing requests in flight, signing a last checkpoint…\n`);
    await server.close();
    await demo;
  } finally {
    stop.cancel();
    await server.close();
  }
  io.stdout('stopped\n');
  return EXIT.ok;
}

// Resolves with the first stop signal and stops listening then, so a second Ctrl-C during a slow shutdown gets
// Node's default behaviour and ends the process.
function stopSignal(io: CliIo): { signal: Promise<'SIGINT' | 'SIGTERM'>; cancel(): void } {
  const signals = io.signals ?? process;
  let cancel = () => {};
  const signal = new Promise<'SIGINT' | 'SIGTERM'>((resolve) => {
    const onInt = () => done('SIGINT');
    const onTerm = () => done('SIGTERM');
    cancel = () => {
      signals.off('SIGINT', onInt);
      signals.off('SIGTERM', onTerm);
    };
    const done = (name: 'SIGINT' | 'SIGTERM') => {
      cancel();
      resolve(name);
    };
    signals.once('SIGINT', onInt);
    signals.once('SIGTERM', onTerm);
  });
  return { signal, cancel };
}
