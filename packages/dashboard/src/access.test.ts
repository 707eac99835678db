import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hono } from 'hono';
import { createNoteSigner, fromBase64, generateSignerKey } from '@cairn/core';
import { checkIntegrity } from './browser/integrity-checks.js';
import { CONTESTED_DECISION_ID } from './test-support/fixtures.js';
import { TEST_ORIGIN, scenarioLedger } from './test-support/ledger.js';
import type { TestLedger } from './test-support/ledger.js';
import { serverApp } from './test-support/server.js';

const TOKEN = 'read-token-0123456789abcdef';
const basic = (user: string, password: string) =>
  `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

describe('the dashboard with read tokens', () => {
  let test: TestLedger;
  let app: Hono;
  beforeAll(async () => {
    test = await scenarioLedger();
    app = serverApp(test, { readTokens: [TOKEN] });
  });
  afterAll(() => test.close());

  it('asks the browser for the token with a Basic challenge on every page, download and evidence request', async () => {
    for (const path of [
      '/',
      '/search?q=x',
      '/runs/airflow/x',
      `/decisions/${CONTESTED_DECISION_ID}`,
      '/ledger',
      '/reports',
      '/reports/explanation.html?id=x',
      `/dashboard-api/entries/${CONTESTED_DECISION_ID}/evidence`,
    ]) {
      const res = await app.request(path);
      expect(res.status, path).toBe(401);
      expect(res.headers.get('www-authenticate'), path).toBe(
        'Basic realm="Cairn dashboard", charset="UTF-8"',
      );
    }
    expect((await app.request('/ledger/verify', { method: 'POST' })).status).toBe(401);
  });

  it('lets in the token as a Basic password under any user name, or as a bearer', async () => {
    expect((await app.request('/', { headers: { authorization: basic('auditor', TOKEN) } })).status).toBe(
      200,
    );
    expect((await app.request('/ledger', { headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(
      200,
    );
  });

  it('refuses a wrong token, a token without a user separator and another scheme alike', async () => {
    for (const authorization of [
      basic('auditor', 'wrong'),
      `Basic ${Buffer.from(TOKEN).toString('base64')}`,
      `Token ${TOKEN}`,
      'Bearer wrong',
    ]) {
      expect((await app.request('/', { headers: { authorization } })).status, authorization).toBe(401);
    }
  });

  it('serves the stylesheet and script without a token: they hold no ledger data', async () => {
    expect((await app.request('/dashboard-assets/style.css')).status).toBe(200);
  });
});

describe('the integrity panel with verifier keys configured on the server', () => {
  let test: TestLedger;
  beforeAll(async () => void (test = await scenarioLedger()));
  afterAll(() => test.close());

  const evidence = async (keys: readonly string[]) => {
    const res = await serverApp(test, { verifierKeys: keys }).request(
      `/dashboard-api/entries/${CONTESTED_DECISION_ID}/evidence`,
    );
    const body = (await res.json()) as Parameters<typeof checkIntegrity>[0] & {
      leaf: string;
      keySource: string;
    };
    return { ...body, leaf: fromBase64(body.leaf)! };
  };

  it('checks against the configured key, not the database list, and says so', async () => {
    const input = await evidence([test.signer.verifierKey]);
    expect(input.keySource).toBe('configured');
    const report = await checkIntegrity(input);
    expect(report.ok).toBe(true);
    expect(report.checks.find((c) => c.name === 'keys')!.label).toBe(
      'The verifier keys configured on the server are valid',
    );
  });

  it('fails the signature when the ledger was signed by a key the server does not trust', async () => {
    const other = await createNoteSigner(await generateSignerKey(TEST_ORIGIN));
    const report = await checkIntegrity(await evidence([other.verifierKey]));
    expect(report.checks.filter((c) => !c.ok).map((c) => c.name)).toEqual(['signature', 'receipt-verifier']);
  });
});
