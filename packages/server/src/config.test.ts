import { CairnError } from '@cairn/core';
import { describe, expect, it } from 'vitest';
import { SERVER_DEFAULTS, loadServerConfig, readServerConfig } from './config.js';

const TOKEN = 'a-token-of-sixteen-or-more';

describe('loadServerConfig', () => {
  it('applies the documented defaults to an empty environment', () => {
    const config = loadServerConfig({});
    expect(config).toMatchObject({
      db: '.cairn/ledger.db',
      signingKeyFile: '.cairn/signing.key',
      host: '127.0.0.1',
      port: 7070,
      tokens: { ingest: [], read: [] },
      checkpoint: { everyEntries: 1000, everyMs: 5000, heartbeatMs: 60_000 },
      prefect: { enrich: false },
    });
    expect(config.origin).toBeUndefined();
    expect(config.hmacSecret).toBeUndefined();
    expect(config.maxBodyBytes).toBeUndefined();
    expect(config.checkpoint).toEqual(SERVER_DEFAULTS.checkpoint);
  });

  it('reads every variable', () => {
    const config = loadServerConfig({
      CAIRN_DB: 'postgres://cairn:pw@db.internal/cairn',
      CAIRN_SIGNING_KEY_FILE: '/etc/cairn/log.key',
      CAIRN_ORIGIN: 'cairn.example.com/decisions',
      CAIRN_PORT: '0',
      CAIRN_HOST: '0.0.0.0',
      CAIRN_INGEST_TOKEN: ` ${TOKEN}, second-token-0123456789 ,`,
      CAIRN_READ_TOKEN: 'read-token-0123456789',
      CAIRN_HMAC_SECRET: 'hmac-secret-0123456789',
      CAIRN_MAX_BODY_BYTES: '1048576',
      CAIRN_DB_BUSY_TIMEOUT_MS: '250',
      CAIRN_PREFECT_API_URL: 'http://prefect.internal:4200/api',
      CAIRN_PREFECT_API_KEY: 'pnu_key',
      CAIRN_PREFECT_UI_URL: 'http://prefect.internal:4200',
      CAIRN_AIRFLOW_URL: 'https://airflow.example.com',
      CAIRN_DAGSTER_URL: 'https://dagster.example.com/prod',
      CAIRN_TRIGGER_URL: 'https://cloud.trigger.dev',
      CAIRN_CHECKPOINT_EVERY_ENTRIES: '10',
      CAIRN_CHECKPOINT_EVERY_MS: '0',
      CAIRN_HEARTBEAT_MS: '1000',
    });
    expect(config).toEqual({
      db: 'postgres://cairn:pw@db.internal/cairn',
      signingKeyFile: '/etc/cairn/log.key',
      origin: 'cairn.example.com/decisions',
      host: '0.0.0.0',
      port: 0,
      tokens: { ingest: [TOKEN, 'second-token-0123456789'], read: ['read-token-0123456789'] },
      hmacSecret: 'hmac-secret-0123456789',
      maxBodyBytes: 1_048_576,
      busyTimeoutMs: 250,
      checkpoint: { everyEntries: 10, everyMs: 0, heartbeatMs: 1000 },
      prefect: {
        apiUrl: 'http://prefect.internal:4200/api',
        apiKey: 'pnu_key',
        uiUrl: 'http://prefect.internal:4200',
        enrich: true,
      },
      links: {
        airflow: 'https://airflow.example.com',
        dagster: 'https://dagster.example.com/prod',
        trigger: 'https://cloud.trigger.dev',
      },
    });
  });

  it('enriches Prefect events by default only when the Prefect API is configured, and can be told not to', () => {
    expect(
      loadServerConfig({ CAIRN_PREFECT_API_URL: 'http://p:4200/api', CAIRN_PREFECT_ENRICH: 'false' }).prefect
        .enrich,
    ).toBe(false);
    expect(readServerConfig({ CAIRN_PREFECT_ENRICH: 'true' }).ok).toBe(false);
  });

  const bad: [string, string, RegExp][] = [
    ['CAIRN_PORT', 'http', /^CAIRN_PORT: expected a whole number from 0 to 65535, got "http"$/],
    ['CAIRN_PORT', '70000', /^CAIRN_PORT: expected a whole number from 0 to 65535, got "70000"$/],
    ['CAIRN_MAX_BODY_BYTES', '-5', /^CAIRN_MAX_BODY_BYTES: expected a whole number/],
    [
      'CAIRN_CHECKPOINT_EVERY_ENTRIES',
      '0',
      /^CAIRN_CHECKPOINT_EVERY_ENTRIES: expected a whole number from 1/,
    ],
    ['CAIRN_CHECKPOINT_EVERY_MS', '1.5', /^CAIRN_CHECKPOINT_EVERY_MS: expected a whole number/],
    ['CAIRN_HEARTBEAT_MS', 'soon', /^CAIRN_HEARTBEAT_MS: expected a whole number/],
    ['CAIRN_DB_BUSY_TIMEOUT_MS', '1e3', /^CAIRN_DB_BUSY_TIMEOUT_MS: expected a whole number/],
    ['CAIRN_ORIGIN', 'my log', /^CAIRN_ORIGIN: expected a log name without spaces/],
    ['CAIRN_AIRFLOW_URL', 'airflow.example.com', /^CAIRN_AIRFLOW_URL: expected an absolute http/],
    ['CAIRN_PREFECT_API_URL', 'ftp://prefect', /^CAIRN_PREFECT_API_URL: expected an absolute http/],
    ['CAIRN_PREFECT_ENRICH', 'maybe', /^CAIRN_PREFECT_ENRICH: expected true or false, got "maybe"$/],
    ['CAIRN_INGEST_TOKEN', 'short', /^CAIRN_INGEST_TOKEN: expected at least 16 characters/],
    [
      'CAIRN_READ_TOKEN',
      'a token with spaces in it',
      /^CAIRN_READ_TOKEN: expected at least 16 characters .* with others among them$/,
    ],
    ['CAIRN_HMAC_SECRET', 'tiny', /^CAIRN_HMAC_SECRET: expected at least 16 characters, got 4$/],
  ];
  for (const [variable, value, message] of bad) {
    it(`refuses ${variable}=${JSON.stringify(value)} with one line naming the variable`, () => {
      const read = readServerConfig({ [variable]: value });
      expect(read.ok).toBe(false);
      if (read.ok) return;
      expect(read.problems).toHaveLength(1);
      expect(read.problems[0]!.path).toBe(variable);
      expect(read.problems[0]!.message).toMatch(message);
    });
  }

  it('never echoes a token or secret it refuses', () => {
    const read = readServerConfig({ CAIRN_INGEST_TOKEN: `${TOKEN},sEcReT1`, CAIRN_HMAC_SECRET: 'sEcReT2' });
    expect(read.ok).toBe(false);
    if (read.ok) return;
    const text = read.problems.map((p) => p.message).join('\n');
    expect(text).toContain('CAIRN_INGEST_TOKEN: token 2: expected at least 16 characters');
    expect(text).not.toMatch(/sEcReT/);
  });

  it('throws one CairnError listing every bad variable, one per line', () => {
    let thrown: unknown;
    try {
      loadServerConfig({ CAIRN_PORT: 'x', CAIRN_HEARTBEAT_MS: '-1', CAIRN_DAGSTER_URL: 'nope' });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(CairnError);
    expect((thrown as CairnError).code).toBe('config');
    expect((thrown as CairnError).message.split('\n').map((line) => line.split(':')[0])).toEqual([
      'CAIRN_PORT',
      'CAIRN_HEARTBEAT_MS',
      'CAIRN_DAGSTER_URL',
    ]);
  });
});
