// Raising findings through a webhook: one JSON POST, signed with HMAC-SHA256 when a secret is set, retried with
// exponential backoff on network errors, timeouts, 408, 429 and 5xx. It never throws into the caller: a failed
// alert must not stop the analysis that found it, so the result says what happened.

import { isHttpUrl, toHex } from '@cairn/core';
import type { Finding } from './finding.js';
import { MAX_REFS } from './anomaly.js';

/** How to deliver. */
export type WebhookOptions = {
  /** Shared secret for `x-cairn-signature: sha256=<hex HMAC-SHA256 of the body>`. */
  readonly secret?: string;
  /** Retries after the first attempt; default 3. */
  readonly retries?: number;
  /** First backoff in milliseconds, doubled each retry; default 500. */
  readonly backoffMs?: number;
  /** Per-attempt timeout in milliseconds; default 10,000. */
  readonly timeoutMs?: number;
};

/** What happened: never an exception. Messages never echo the URL (it may carry a token) or the secret. */
export type WebhookResult = {
  readonly ok: boolean;
  readonly attempts: number;
  /** The last HTTP status, when a response came. */
  readonly status?: number;
  readonly error?: string;
};

/**
 * The body sent: compact findings, each with at most 100 entry references and the full count.
 *
 * @example
 * webhookPayload(findings).count === findings.length
 */
export function webhookPayload(findings: readonly Finding[], sentAt: Date = new Date()) {
  return {
    type: 'cairn.drift.findings',
    sentAt: sentAt.toISOString(),
    count: findings.length,
    findings: findings.map((f) => ({
      id: f.id,
      detector: f.detector,
      severity: f.severity,
      agentId: f.agentId,
      decisionType: f.decisionType,
      summary: f.summary,
      occurredAt: f.occurredAt,
      ...(f.statistic && { statistic: f.statistic }),
      ...(f.test && { test: f.test }),
      ...(f.window && { window: f.window }),
      ...(f.baseline && {
        baseline: { from: f.baseline.from, to: f.baseline.to, entries: f.baseline.entries.count },
      }),
      entries: f.entries.slice(0, MAX_REFS),
      entryCount: f.entries.length,
    })),
  };
}

/**
 * HMAC-SHA256 of `body` under `secret`, as the header value `sha256=<hex>` (the form GitHub uses). Web Crypto
 * keeps this free of `node:*` imports.
 *
 * @example
 * await signBody('s3cret', '{"a":1}') // 'sha256=…'
 */
export async function signBody(secret: string, body: string): Promise<string> {
  // A fresh TextEncoder gives Uint8Array<ArrayBuffer>, the BufferSource Web Crypto's types ask for.
  const encoder = new TextEncoder();
  const key = await crypto.subtle.importKey(
    'raw',
    encoder.encode(secret),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  return `sha256=${toHex(new Uint8Array(await crypto.subtle.sign('HMAC', key, encoder.encode(body))))}`;
}

/**
 * POSTs findings to `url` and reports the outcome.
 *
 * @example
 * const result = await notifyWebhook(process.env.ALERT_URL!, findings, { secret: process.env.ALERT_SECRET });
 * if (!result.ok) log.warn(`drift alert not delivered after ${result.attempts} attempts: ${result.error}`);
 */
export async function notifyWebhook(
  url: string,
  findings: readonly Finding[],
  options: WebhookOptions = {},
): Promise<WebhookResult> {
  if (!isHttpUrl(url)) return { ok: false, attempts: 0, error: 'url: expected an http or https URL' };
  const retries = Math.max(0, Math.floor(options.retries ?? 3));
  const backoffMs = Math.max(0, options.backoffMs ?? 500);
  let body: string;
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'x-cairn-event': 'drift.findings',
  };
  try {
    body = JSON.stringify(webhookPayload(findings));
    if (options.secret !== undefined) headers['x-cairn-signature'] = await signBody(options.secret, body);
  } catch (error) {
    return { ok: false, attempts: 0, error: `could not prepare the request: ${errorName(error)}` };
  }
  let last: Attempt = { ok: false, attempts: 0 };
  for (let attempt = 1; attempt <= retries + 1; attempt++) {
    if (attempt > 1) await sleep(backoffMs * 2 ** (attempt - 2));
    last = await attemptOnce(url, body, headers, options.timeoutMs ?? 10_000, attempt);
    if (last.ok || !last.retryable) return strip(last);
  }
  return strip(last);
}

type Attempt = WebhookResult & { readonly retryable?: boolean };

async function attemptOnce(
  url: string,
  body: string,
  headers: Record<string, string>,
  timeoutMs: number,
  attempt: number,
): Promise<Attempt> {
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers,
      body,
      signal: AbortSignal.timeout(timeoutMs),
      redirect: 'error',
    });
    // Drain the body so the connection can be reused or closed.
    await response.arrayBuffer().catch(() => undefined);
    const { status } = response;
    if (status >= 200 && status < 300) return { ok: true, attempts: attempt, status };
    const retryable = status === 408 || status === 429 || status >= 500;
    return { ok: false, attempts: attempt, status, error: `the endpoint answered HTTP ${status}`, retryable };
  } catch (error) {
    return {
      ok: false,
      attempts: attempt,
      error: `the request failed: ${errorName(error)}`,
      retryable: true,
    };
  }
}

function strip({ retryable: _retryable, ...result }: Attempt): WebhookResult {
  return result;
}

/** The error's name and cause code only (`TimeoutError`, `TypeError (ECONNREFUSED)`): messages may quote the URL. */
function errorName(error: unknown): string {
  if (!(error instanceof Error)) return 'unknown error';
  const code = (error.cause as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? `${error.name} (${code})` : error.name;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
