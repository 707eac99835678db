// The dashboard's routes inside the real server app, on a real SQLite ledger, through HTTP requests.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLedger, openSqliteStore } from '@cairn/ledger';
import { createServerApp, ledgerPort } from '@cairn/server';
import { dashboardRoutes } from './routes.js';
import { utf8 } from '@cairn/core';
import { checkIntegrity } from './browser/integrity-checks.js';
import {
  AIRFLOW_RUN_ID,
  CONTESTED_DECISION_ID,
  OPENLINEAGE_RUN_ID,
  SUBJECT_REF,
} from './test-support/fixtures.js';
import { TEST_ORIGIN, openTestLedger, scenarioLedger } from './test-support/ledger.js';
import type { TestLedger } from './test-support/ledger.js';
import { serverApp } from './test-support/server.js';
import type { Hono } from 'hono';

const airflowRunPath = `/runs/airflow/${encodeURIComponent(AIRFLOW_RUN_ID)}`;

describe('the dashboard pages', () => {
  let test: TestLedger;
  let app: Hono;
  const get = async (path: string) => {
    const res = await app.request(path);
    return { res, text: await res.text() };
  };

  beforeAll(async () => {
    test = await scenarioLedger();
    app = serverApp(test);
  });
  afterAll(() => test.close());

  it('lists the runs of every orchestrator, most recently active first, behind a strict content security policy', async () => {
    const { res, text } = await get('/');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'; script-src 'self'");
    const order = [
      'cor-',
      AIRFLOW_RUN_ID,
      'run_cm4q2x8a70001bl3kf9d2h7s',
      'e3755d32-cec5-42ca-9bcd-af236e308ba6',
    ]
      .slice(1)
      .map((id) => text.indexOf(id));
    expect(order.every((at) => at > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  it('filters runs by orchestrator, status and decision type', async () => {
    expect((await get('/?orchestrator=airflow')).text).not.toContain('run_cm4q2x8a70001bl3kf9d2h7s');
    const failed = (await get('/?status=failed')).text;
    expect(failed).toContain('e3755d32-cec5-42ca-9bcd-af236e308ba6');
    expect(failed).not.toContain(AIRFLOW_RUN_ID);
    const typed = (await get('/?type=credit.limit_increase')).text;
    expect(typed).toContain(AIRFLOW_RUN_ID);
    expect(typed).not.toContain('e3755d32');
    expect((await get('/?from=2026-11-23T00:00')).text).not.toContain('e3755d32');
  });

  it('says which filter it could not apply and why', async () => {
    const { text } = await get('/?orchestrator=jenkins&from=yesterday');
    expect(text).toContain(
      'orchestrator: expected one of trigger.dev, prefect, airflow, dagster, other, got &quot;jenkins&quot;',
    );
    expect(text).toContain('from: expected a UTC date and time like 2026-11-23T10:00');
  });

  it('resolves a search by Airflow dag_run_id, OpenLineage run id and record id to the one thing found', async () => {
    for (const q of [AIRFLOW_RUN_ID, OPENLINEAGE_RUN_ID]) {
      const res = await app.request(`/search?q=${encodeURIComponent(q)}`);
      expect(res.status).toBe(303);
      expect(res.headers.get('location')).toBe(airflowRunPath);
    }
    const byRecord = await app.request(`/search?q=${CONTESTED_DECISION_ID}`);
    expect(byRecord.headers.get('location')).toBe(`/decisions/${CONTESTED_DECISION_ID}`);
  });

  it('lists the entries of a subject reference with the links to its access export', async () => {
    const { text } = await get(`/search?q=${encodeURIComponent(SUBJECT_REF)}`);
    expect(text.match(/<tr><td class="num">\d+<\/td>/g)).toHaveLength(4);
    expect(text).toContain(`/reports/subject.json?ref=${encodeURIComponent(SUBJECT_REF)}`);
    expect((await get('/search?q=no-such-id')).text).toContain(
      'Nothing in the ledger has this run id, record id or subject reference.',
    );
  });

  it('shows a run as one timeline of orchestrator events and decisions, in time order, with the link to Airflow', async () => {
    const { text } = await get(airflowRunPath);
    const items = [...text.matchAll(/<li class="(run_event|decision)">/g)].map((m) => m[1]);
    expect(items).toEqual(['run_event', 'decision', 'decision', 'run_event']);
    expect(text).toContain(
      'href="https://airflow.example.com/dags/credit_limit_review/grid?dag_run_id=scheduled__2026-11-23T10%3A00%3A00%2B00%3A00"',
    );
    expect(text).toContain('Open this run in Airflow');
    expect((await get('/runs/airflow/nope')).res.status).toBe(404);
  });

  it('shows a decision with its context, alternatives, choice, versions, follow-ups and integrity panel', async () => {
    const { text } = await get(`/decisions/${CONTESTED_DECISION_ID}`);
    for (const part of [
      'Context snapshot',
      'missedPayments12m',
      'missed payments exceed the policy limit of 1',
      'not chosen',
      'claude-sonnet-4-5',
      'credit-policy',
      'Payment history checked',
      'Two of the missed payments were bank errors.',
      'decision.context.missedPayments12m',
      'data-integrity',
      '/dashboard-assets/integrity.js',
    ]) {
      expect(text, part).toContain(part);
    }
    expect((await get('/decisions/nope')).res.status).toBe(404);
  });

  it('serves the evidence the integrity panel needs, which verifies', async () => {
    const res = await app.request(`/dashboard-api/entries/${CONTESTED_DECISION_ID}/evidence`);
    const evidence = (await res.json()) as {
      leaf: string;
      entryId: string;
      receipt: string;
      recordedLeafHash: string;
      verifierKeys: string[];
      origin: string;
    };
    const { fromBase64 } = await import('@cairn/core');
    const report = await checkIntegrity({ ...evidence, leaf: fromBase64(evidence.leaf)! });
    expect(report.checks.filter((c) => !c.ok)).toEqual([]);
  });

  it('serves the integrity script as JavaScript from the server itself', async () => {
    const res = await app.request('/dashboard-assets/integrity.js');
    expect(res.headers.get('content-type')).toContain('text/javascript');
    expect(await res.text()).toContain('data-integrity');
  });

  it('shows the ledger: size, checkpoints over time, verifier keys, and a full verification on request', async () => {
    const { text } = await get('/ledger');
    expect(text).toContain('<dt>Entries</dt><dd>9</dd>');
    expect(text.match(/<tr><td class="num">\d+<\/td><td class="num">\d+<\/td>/g)).toHaveLength(3);
    expect(text).toContain(test.signer.verifierKey);
    expect(text).toContain('<title id="chart-title">Tree size over time</title>');
    expect(text).toContain('No full verification has run since the server started.');
    const started = await app.request('/ledger/verify', { method: 'POST' });
    expect(started.status).toBe(303);
    let page = '';
    for (let i = 0; i < 100 && !page.includes('data-verification'); i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      page = (await get('/ledger')).text;
    }
    expect(page).toContain('data-verification="ok"');
    expect(page).toContain('9 entries and 3 checkpoints checked');
  });

  it('escapes what a record says instead of running it', async () => {
    const hostile = await openTestLedger();
    const { creditDecision } = await import('./test-support/fixtures.js');
    const entry = creditDecision({
      id: 'dec-hostile',
      seq: 0,
      at: '2026-11-23T10:00:00.000Z',
      subject: 'hmac:bb',
      adverse: false,
    });
    entry.decision.reasoning = { text: '<script>alert(1)</script>', source: 'model' };
    await hostile.ledger.append(entry);
    const text = await (await serverApp(hostile).request('/decisions/dec-hostile')).text();
    await hostile.close();
    expect(text).not.toContain('<script>alert(1)</script>');
    expect(text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });
});

describe('the run list on many runs', () => {
  let test: TestLedger;
  let app: Hono;
  beforeAll(async () => {
    test = await openTestLedger();
    const entries = Array.from({ length: 120 }, (_, i) => ({
      v: 1 as const,
      kind: 'run_event' as const,
      id: `evt-${i}`,
      occurredAt: new Date(Date.UTC(2026, 10, 1) + i * 60_000).toISOString(),
      recordedAt: new Date(Date.UTC(2026, 10, 1) + i * 60_000).toISOString(),
      producer: { id: 'dagster-receiver', seq: i },
      run: { orchestrator: 'dagster' as const, id: `run-${String(i).padStart(3, '0')}` },
      runEvent: {
        status: 'succeeded' as const,
        state: 'RUN_SUCCESS',
        source: { eventId: `e${i}`, payloadDigest: `sha256:${'ef'.repeat(32)}` },
      },
    }));
    await test.ledger.append(entries);
    app = serverApp(test);
  });
  afterAll(() => test.close());

  it('pages by cursor, 50 runs a page, each run once, until the last page', async () => {
    const seen: string[] = [];
    let path = '/';
    for (let pageNo = 0; pageNo < 5 && path !== ''; pageNo++) {
      const text = await (await app.request(path)).text();
      seen.push(...[...text.matchAll(/>(run-\d{3})<\/a>/g)].map((m) => m[1]!));
      path = text.match(/<a href="(\/\?[^"]*)" rel="next">/)?.[1]?.replace(/&amp;/g, '&') ?? '';
    }
    expect(seen).toHaveLength(120);
    expect(new Set(seen).size).toBe(120);
    expect(seen[0]).toBe('run-119');
  });

  it('answers an edited cursor with a readable bad-request page', async () => {
    const res = await app.request(
      `/?cursor=${encodeURIComponent(Buffer.from(utf8('["x"]')).toString('base64'))}`,
    );
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('cursor: expected a cursor returned by listRuns');
  });
});

describe('the integrity evidence of an entry no checkpoint covers', () => {
  it('answers 409 with the reason, so the panel says "not checked" rather than "failed"', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cairn-unsigned-'));
    const ledger = await createLedger({
      store: openSqliteStore({ path: join(dir, 'db') }),
      origin: TEST_ORIGIN,
    });
    const { creditDecision } = await import('./test-support/fixtures.js');
    await ledger.append(
      creditDecision({
        id: 'dec-unsealed',
        seq: 0,
        at: '2026-11-23T10:00:00.000Z',
        subject: 'hmac:cc',
        adverse: false,
      }),
    );
    const port = ledgerPort(ledger);
    const { app } = createServerApp({
      ledger: port,
      extraRoutes: dashboardRoutes({ ledger: port, archive: ledger }),
      log: () => {},
    });
    const res = await app.request('/dashboard-api/entries/dec-unsealed/evidence');
    await ledger.close();
    await rm(dir, { recursive: true, force: true });
    expect(res.status).toBe(409);
    expect(await res.json()).toEqual({
      error: 'unavailable',
      message: 'entry 0 is not covered by a checkpoint yet',
    });
  });
});
