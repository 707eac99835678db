// The server's configuration from the environment (docs/architecture.md, "Server routes": CAIRN_DB,
// CAIRN_SIGNING_KEY_FILE, CAIRN_ORIGIN, CAIRN_PORT, CAIRN_INGEST_TOKEN, CAIRN_READ_TOKEN, and the rest below).
import { CairnError, fail, isValidKeyName, ok, problem } from '@cairn/core';
import type { Result } from '@cairn/core';
import { envReader } from './env.js';
import type { Env, EnvReader } from './env.js';

/** When the ledger signs checkpoints (see `CheckpointPolicy` of @cairn/ledger); 0 switches a timer off. */
export type ServerCheckpointPolicy = {
  readonly everyEntries: number;
  readonly everyMs: number;
  readonly heartbeatMs: number;
};

/** Everything `startServer` needs, as {@link loadServerConfig} reads it from the environment. */
export type ServerConfig = {
  /** `CAIRN_DB`: an SQLite file path (or `sqlite:` / `file:` URL) or a `postgres://` URL. */
  readonly db: string;
  /** `CAIRN_SIGNING_KEY_FILE`: the Ed25519 signer key, created (mode 0600) on first start. */
  readonly signingKeyFile: string;
  /** `CAIRN_ORIGIN`: the log's identity in its checkpoints; by default the signing key's name. */
  readonly origin?: string | undefined;
  readonly host: string;
  /** 0 picks a free port. */
  readonly port: number;
  readonly tokens: { readonly ingest: readonly string[]; readonly read: readonly string[] };
  readonly hmacSecret?: string | undefined;
  readonly maxBodyBytes?: number | undefined;
  /** How long an SQLite write waits for another process's lock before the request answers 503. */
  readonly busyTimeoutMs: number;
  readonly checkpoint: ServerCheckpointPolicy;
  readonly prefect: {
    readonly apiUrl?: string | undefined;
    readonly apiKey?: string | undefined;
    readonly uiUrl?: string | undefined;
    /** Read each event's flow run from the Prefect API to fill what the event lacks. */
    readonly enrich: boolean;
  };
  /** UI base URLs for deep links into the orchestrators. */
  readonly links: {
    readonly airflow?: string | undefined;
    readonly dagster?: string | undefined;
    readonly trigger?: string | undefined;
  };
};

/**
 * The defaults of every optional variable.
 *
 * @example SERVER_DEFAULTS.port === 7070
 */
export const SERVER_DEFAULTS = Object.freeze({
  db: '.cairn/ledger.db',
  signingKeyFile: '.cairn/signing.key',
  host: '127.0.0.1',
  port: 7070,
  busyTimeoutMs: 5_000,
  checkpoint: Object.freeze({ everyEntries: 1_000, everyMs: 5_000, heartbeatMs: 60_000 }),
});

/**
 * Tokens and the HMAC secret must be at least this long: shorter ones can be guessed online.
 *
 * @example const token = randomBytes(24).toString('hex'); // 48 characters, above MIN_SECRET_LENGTH
 */
export const MIN_SECRET_LENGTH = 16;

const DAY_MS = 86_400_000;

function readOrigin(read: EnvReader): string | undefined {
  const origin = read.text('CAIRN_ORIGIN');
  if (origin === undefined || isValidKeyName(origin)) return origin;
  read.problems.push(
    problem(
      'CAIRN_ORIGIN',
      'invalid_origin',
      'CAIRN_ORIGIN: expected a log name without spaces or "+", such as example.com/decisions',
    ),
  );
  return undefined;
}

function readCheckpoint(read: EnvReader): ServerCheckpointPolicy {
  const d = SERVER_DEFAULTS.checkpoint;
  return {
    everyEntries: read.integer('CAIRN_CHECKPOINT_EVERY_ENTRIES', { min: 1, max: 10_000_000 }, d.everyEntries),
    everyMs: read.integer('CAIRN_CHECKPOINT_EVERY_MS', { min: 0, max: DAY_MS }, d.everyMs),
    heartbeatMs: read.integer('CAIRN_HEARTBEAT_MS', { min: 0, max: DAY_MS }, d.heartbeatMs),
  };
}

function readPrefect(read: EnvReader): ServerConfig['prefect'] {
  const apiUrl = read.url('CAIRN_PREFECT_API_URL');
  return {
    apiUrl,
    apiKey: read.text('CAIRN_PREFECT_API_KEY'),
    uiUrl: read.url('CAIRN_PREFECT_UI_URL'),
    enrich: read.flag('CAIRN_PREFECT_ENRICH', apiUrl !== undefined),
  };
}

/**
 * Reads the server's configuration from `env`, reporting every bad variable (one problem each, named by the
 * variable, never echoing a secret).
 *
 * @example
 * const config = readServerConfig(process.env);
 * if (!config.ok) for (const p of config.problems) console.error(p.message);
 */
export function readServerConfig(env: Env): Result<ServerConfig> {
  const read = envReader(env);
  const config: ServerConfig = {
    db: read.text('CAIRN_DB') ?? SERVER_DEFAULTS.db,
    signingKeyFile: read.text('CAIRN_SIGNING_KEY_FILE') ?? SERVER_DEFAULTS.signingKeyFile,
    origin: readOrigin(read),
    host: read.text('CAIRN_HOST') ?? SERVER_DEFAULTS.host,
    port: read.integer('CAIRN_PORT', { min: 0, max: 65_535 }, SERVER_DEFAULTS.port),
    tokens: {
      ingest: read.tokens('CAIRN_INGEST_TOKEN', MIN_SECRET_LENGTH),
      read: read.tokens('CAIRN_READ_TOKEN', MIN_SECRET_LENGTH),
    },
    hmacSecret: read.secret('CAIRN_HMAC_SECRET', MIN_SECRET_LENGTH),
    maxBodyBytes: read.optionalInteger('CAIRN_MAX_BODY_BYTES', { min: 1_024, max: 1_073_741_824 }),
    busyTimeoutMs: read.integer(
      'CAIRN_DB_BUSY_TIMEOUT_MS',
      { min: 0, max: 600_000 },
      SERVER_DEFAULTS.busyTimeoutMs,
    ),
    checkpoint: readCheckpoint(read),
    prefect: readPrefect(read),
    links: {
      airflow: read.url('CAIRN_AIRFLOW_URL'),
      dagster: read.url('CAIRN_DAGSTER_URL'),
      trigger: read.url('CAIRN_TRIGGER_URL'),
    },
  };
  if (config.prefect.enrich && config.prefect.apiUrl === undefined) {
    read.problems.push(
      problem(
        'CAIRN_PREFECT_ENRICH',
        'missing_api',
        'CAIRN_PREFECT_ENRICH: enrichment needs CAIRN_PREFECT_API_URL',
      ),
    );
  }
  return read.problems.length === 0 ? ok(Object.freeze(config)) : fail(read.problems);
}

/**
 * Reads the server's configuration from `env` (default `process.env`). Throws CairnError('config') whose message
 * has one line per bad variable, e.g. `CAIRN_PORT: expected a whole number from 0 to 65535, got "http"`.
 *
 * @example
 * const server = await startServer(loadServerConfig(process.env));
 */
export function loadServerConfig(env: Env = process.env): ServerConfig {
  const config = readServerConfig(env);
  if (config.ok) return config.value;
  throw new CairnError('config', config.problems.map((p) => p.message).join('\n'));
}
