import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { CairnError } from '@cairn/core';
import { httpSink, spooledSink } from '@cairn/sdk';
import type { Sink } from '@cairn/sdk';
import type { CairnTriggerOptions } from '@cairn/trigger';

/** The agent whose decisions this project records. */
export const UNDERWRITER_AGENT = {
  id: 'loan-underwriter',
  name: 'Consumer loan underwriting agent',
  version: '1.0.0',
};

/**
 * How this project registers Cairn, whatever the sink: trigger/init.ts passes the HTTP sink, tests a ledger.
 *
 * @example registerCairn(cairnOptions(ledgerSink(ledger), { cairnUrl: 'http://localhost:8080' }));
 */
export function cairnOptions(sink: Sink, env: { readonly cairnUrl?: string } = {}): CairnTriggerOptions {
  return {
    sink,
    agent: UNDERWRITER_AGENT,
    cairnUrl: env.cairnUrl,
    defaults: { retention: { class: 'eu-ai-act-6m' }, tags: ['eu-ai-act:art12'] },
  };
}

/**
 * The sink for deployed tasks: a Cairn server (`CAIRN_URL`, `CAIRN_INGEST_TOKEN`) behind a local spool, so an
 * outage of Cairn loses nothing. The spool lives in a directory of its own per worker process, because a spool
 * admits one process at a time and `trigger dev` runs several.
 *
 * @example const sink = cairnSinkFromEnv(process.env);
 */
export function cairnSinkFromEnv(env: Readonly<Record<string, string | undefined>>): Sink {
  const url = env['CAIRN_URL'];
  if (url === undefined || url === '')
    throw new CairnError('config', 'CAIRN_URL: expected the URL of the Cairn server, got nothing');
  const dir = join(env['CAIRN_SPOOL_DIR'] ?? join(tmpdir(), 'cairn-spool'), String(process.pid));
  return spooledSink({ sink: httpSink({ url, token: env['CAIRN_INGEST_TOKEN'] }), dir });
}
