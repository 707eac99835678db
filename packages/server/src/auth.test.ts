import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureBytes } from '../../openlineage/src/test-support/fixtures.js';
import { SIGNATURE_HEADER, signBody } from './hmac.js';
import {
  INGEST,
  INGEST_TOKEN,
  READ,
  READ_TOKEN,
  decisionEntry,
  startTestServer,
} from './test-support/server.js';
import type { TestServer } from './test-support/server.js';

const SECOND_INGEST = 'second-ingest-token-abcdefghij';
const SECRET = 'hmac-secret-0123456789abcdef';

const INGEST_ROUTES = [
  '/v1/decisions',
  '/hooks/prefect',
  '/api/v1/lineage',
  '/hooks/airflow',
  '/hooks/dagster',
];
const READ_ROUTES = [
  '/v1/runs?id=x',
  '/v1/runs/airflow/x',
  '/v1/decisions/x',
  '/v1/checkpoint',
  '/v1/proofs/inclusion?index=0',
  '/v1/proofs/consistency?first=0',
  '/v1/verifier-keys',
  '/metrics',
];

function bearer(token: string, contentType = true): Record<string, string> {
  return { authorization: `Bearer ${token}`, ...(contentType ? { 'content-type': 'application/json' } : {}) };
}

describe('bearer tokens per route family', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ CAIRN_INGEST_TOKEN: `${INGEST_TOKEN}, ${SECOND_INGEST}` });
  });
  afterAll(async () => {
    await server.stop();
  });

  const wrong: [string, Record<string, string>][] = [
    ['no header', { 'content-type': 'application/json' }],
    ['a wrong token', bearer('wrong-token-0123456789abcdef')],
    ['a token one character short', bearer(INGEST_TOKEN.slice(0, -1))],
    ['the read token', bearer(READ_TOKEN)],
    ['another scheme', { authorization: `Basic ${INGEST_TOKEN}` }],
    ['an empty bearer', { authorization: 'Bearer ' }],
  ];

  for (const [what, headers] of wrong) {
    it(`answers every ingest route with the same bare 401 for ${what}, storing nothing`, async () => {
      for (const path of INGEST_ROUTES) {
        const posted = await server.postJson(path, decisionEntry(), headers);
        expect({ path, status: posted.status, body: posted.json }).toEqual({
          path,
          status: 401,
          body: { error: 'unauthorized' },
        });
        expect(posted.headers.get('www-authenticate')).toBe('Bearer realm="cairn"');
      }
      expect((await server.get('/healthz')).json.size).toBe(0);
    });
  }

  it('accepts every token of a comma-separated list, and the scheme in any case', async () => {
    expect((await server.postJson('/v1/decisions', decisionEntry(), bearer(SECOND_INGEST))).status).toBe(200);
    expect(
      (await server.postJson('/v1/decisions', decisionEntry(), { authorization: `bearer ${INGEST_TOKEN}` }))
        .status,
    ).toBe(200);
  });

  it('guards every read route, HEAD included, with the read token and not the ingest token', async () => {
    for (const path of READ_ROUTES) {
      for (const headers of [{}, bearer(INGEST_TOKEN, false)]) {
        expect({ path, status: (await server.get(path, headers)).status }).toEqual({ path, status: 401 });
      }
      const head = await fetch(`${server.url}${path}`, { method: 'HEAD' });
      expect({ path, status: head.status }).toEqual({ path, status: 401 });
      expect({ path, unauthorized: (await server.get(path, READ)).status === 401 }).toEqual({
        path,
        unauthorized: false,
      });
    }
  });

  it('leaves /healthz open for probes', async () => {
    const health = await server.get('/healthz', {});
    expect(health.status).toBe(200);
    expect(health.json.ok).toBe(true);
  });
});

describe('HMAC body signatures', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ CAIRN_HMAC_SECRET: SECRET });
  });
  afterAll(async () => {
    await server.stop();
  });

  it('accepts a body signed with the secret and refuses it unsigned, wrongly signed or signed for other bytes', async () => {
    const body = JSON.stringify(decisionEntry());
    const signed = { ...INGEST, [SIGNATURE_HEADER]: signBody(SECRET, body) };
    expect((await server.post('/v1/decisions', body, { ...INGEST })).status).toBe(401);
    expect(
      (
        await server.post('/v1/decisions', body, {
          ...INGEST,
          [SIGNATURE_HEADER]: signBody('another-secret-0123456789', body),
        })
      ).status,
    ).toBe(401);
    expect((await server.post('/v1/decisions', `${body} `, signed)).status).toBe(401);
    expect(
      (await server.post('/v1/decisions', body, { ...INGEST, [SIGNATURE_HEADER]: 'sha256=zz' })).status,
    ).toBe(401);
    expect((await server.get('/healthz')).json.size).toBe(0);
    expect((await server.post('/v1/decisions', body, signed)).status).toBe(200);
  });

  it('signs the bytes on the wire, so a gzip body is signed compressed', async () => {
    const zipped = gzipSync(fixtureBytes('openlineage', 'airflow3-task-start.json'));
    const headers = { ...INGEST, 'content-encoding': 'gzip', [SIGNATURE_HEADER]: signBody(SECRET, zipped) };
    expect((await server.post('/api/v1/lineage', zipped, headers)).status).toBe(200);
  });

  it('still requires the bearer token when the signature is right', async () => {
    const body = JSON.stringify(decisionEntry());
    const posted = await server.post('/v1/decisions', body, {
      'content-type': 'application/json',
      [SIGNATURE_HEADER]: signBody(SECRET, body),
    });
    expect(posted.status).toBe(401);
  });
});
