import { createHmac } from 'node:crypto';
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { Finding } from './finding.js';
import { notifyWebhook, signBody } from './webhook.js';

type Received = { headers: IncomingMessage['headers']; body: string };

const servers: ReturnType<typeof createServer>[] = [];

/** A real HTTP server on 127.0.0.1 answering each request with the next status of `statuses` (the last repeats). */
async function serve(
  statuses: readonly number[],
  hang = false,
): Promise<{ url: string; received: Received[] }> {
  const received: Received[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      if (hang) return;
      res.statusCode = statuses[Math.min(received.length - 1, statuses.length - 1)]!;
      res.end();
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/drift?token=secret-token`,
    received,
  };
}

afterEach(async () => {
  await Promise.all(
    servers.splice(0).map(
      (s) =>
        new Promise<void>((resolve) => {
          s.closeAllConnections();
          s.close(() => resolve());
        }),
    ),
  );
});

const finding: Finding = {
  id: 'drift:mix:0123',
  detector: 'mix',
  severity: 'critical',
  agentId: 'underwriter',
  decisionType: 'loan.underwriting',
  summary: 'Chosen-option mix shifted.',
  statistic: { name: 'psi', value: 0.31, threshold: 0.1 },
  window: { from: '2026-01-17T00:00:00.000Z', to: '2026-01-18T00:00:00.000Z' },
  entries: Array.from({ length: 130 }, (_, i) => ({ id: `dec-${i}`, index: i })),
  occurredAt: '2026-01-17T23:59:00.000Z',
  details: {},
};

describe('notifyWebhook', () => {
  it('posts the findings with an HMAC-SHA256 signature that node:crypto verifies', async () => {
    const { url, received } = await serve([204]);
    const result = await notifyWebhook(url, [finding], { secret: 'whsec-1' });
    expect(result).toEqual({ ok: true, attempts: 1, status: 204 });
    const [request] = received;
    const expected = `sha256=${createHmac('sha256', 'whsec-1').update(request!.body).digest('hex')}`;
    expect(request!.headers['x-cairn-signature']).toBe(expected);
    expect(request!.headers['content-type']).toBe('application/json');
    const payload = JSON.parse(request!.body);
    expect(payload).toMatchObject({ type: 'cairn.drift.findings', count: 1 });
    expect(payload.findings[0]).toMatchObject({ id: finding.id, severity: 'critical', entryCount: 130 });
    expect(payload.findings[0].entries.length).toBe(100);
  });

  it('sends no signature header without a secret', async () => {
    const { url, received } = await serve([200]);
    await notifyWebhook(url, [finding]);
    expect(received[0]!.headers['x-cairn-signature']).toBeUndefined();
  });

  it('retries a 503 and a 429 with backoff, then succeeds', async () => {
    const { url, received } = await serve([503, 429, 200]);
    const result = await notifyWebhook(url, [finding], { backoffMs: 1 });
    expect(result).toEqual({ ok: true, attempts: 3, status: 200 });
    expect(new Set(received.map((r) => r.body)).size).toBe(1);
  });

  it('gives up after the configured retries and reports the last status without throwing', async () => {
    const { url, received } = await serve([500]);
    const result = await notifyWebhook(url, [finding], { retries: 2, backoffMs: 1 });
    expect(result).toEqual({ ok: false, attempts: 3, status: 500, error: 'the endpoint answered HTTP 500' });
    expect(received.length).toBe(3);
  });

  it('does not retry a 400: the request itself is wrong', async () => {
    const { url, received } = await serve([400]);
    const result = await notifyWebhook(url, [finding], { backoffMs: 1 });
    expect(result.attempts).toBe(1);
    expect(received.length).toBe(1);
  });

  it('reports a refused connection and a timeout without echoing the URL or its token', async () => {
    const closed = await serve([200]);
    await new Promise<void>((resolve) => servers.pop()!.close(() => resolve()));
    const refused = await notifyWebhook(closed.url, [finding], { retries: 1, backoffMs: 1 });
    expect(refused).toMatchObject({ ok: false, attempts: 2 });
    expect(refused.error).toMatch(/^the request failed: /);
    const hanging = await serve([200], true);
    const timedOut = await notifyWebhook(hanging.url, [finding], { retries: 0, timeoutMs: 50 });
    expect(timedOut).toMatchObject({ ok: false, attempts: 1, error: 'the request failed: TimeoutError' });
    expect(JSON.stringify([refused, timedOut])).not.toContain('secret-token');
  });

  it('refuses a URL that is not http or https before sending anything', async () => {
    expect(await notifyWebhook('file:///etc/passwd', [finding])).toEqual({
      ok: false,
      attempts: 0,
      error: 'url: expected an http or https URL',
    });
    expect(await notifyWebhook('not a url', [finding])).toMatchObject({ ok: false, attempts: 0 });
  });
});

describe('signBody', () => {
  it('matches node:crypto’s HMAC-SHA256 for any secret and body', async () => {
    for (const [secret, body] of [
      ['k', ''],
      ['s3cret', '{"a":1}'],
      ['ключ', 'ünïcode ✓'],
    ] as const) {
      expect(await signBody(secret, body)).toBe(
        `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`,
      );
    }
  });
});
