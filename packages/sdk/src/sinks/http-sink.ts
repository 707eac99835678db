import { CairnError, describeValue, isHttpUrl, problem } from '@cairn/core';
import { aFunction, backoffChecks, rule, throwIfInvalid, wholeNumber } from '../options.js';
import type { AppendResult, Entry } from '@cairn/core';
import type { ProblemReporter } from '../recorder/problems.js';
import { backoffDelay, createWaiter } from './backoff.js';
import type { Backoff } from './backoff.js';
import { ChunkRefused, sendIsolating } from './isolate.js';
import { parseAccepted, parseRefusal } from './http-response.js';
import type { Sink } from './sink.js';

/** Options of {@link httpSink}. */
export type HttpSinkOptions = {
  /** Base URL of a Cairn server; entries go to `${url}/v1/decisions`. */
  readonly url: string;
  /** Sent as `Authorization: Bearer <token>` (the server's `CAIRN_INGEST_TOKEN`). */
  readonly token?: string;
  /** Entries per request (default 256). */
  readonly batchSize?: number;
  /** Retries of one request after a 5xx, a 429 or a network error, before the write rejects (default 5). */
  readonly maxRetries?: number;
  /** Exponential backoff with full jitter between retries (default 100 ms doubling up to 10 s). */
  readonly backoff?: Backoff;
  /** Per-request timeout (default 10 s). */
  readonly timeoutMs?: number;
  /** A `fetch` to use instead of the global one (a proxy agent, a test double server). */
  readonly fetch?: typeof globalThis.fetch;
};

type Attempt =
  | { readonly kind: 'done'; readonly results: AppendResult[] }
  | { readonly kind: 'retry'; readonly why: string; readonly afterMs?: number };

/**
 * Sends entries to a Cairn server over HTTP: batched, retried with exponential backoff and full jitter on 5xx,
 * 429 and network errors, never retried on 400 (those entries are reported as rejected). The server is
 * idempotent by entry id, so a retry after a lost response stores nothing twice. Wrap it in
 * {@link spooledSink} so an outage longer than the retries loses nothing.
 *
 * @example
 * const sink = spooledSink({ sink: httpSink({ url: 'https://cairn.internal', token }), dir: '/var/lib/agent/spool' });
 */
export function httpSink(options: HttpSinkOptions): Sink {
  checkOptions(options);
  const endpoint = `${options.url.replace(/\/+$/, '')}/v1/decisions`;
  const batchSize = options.batchSize ?? 256;
  const maxRetries = options.maxRetries ?? 5;
  const backoff = options.backoff ?? { baseMs: 100, maxMs: 10_000 };
  const doFetch = options.fetch ?? globalThis.fetch;
  const waiter = createWaiter();
  let report: ProblemReporter | undefined;
  let closed = false;

  const attempt = async (chunk: readonly Entry[]): Promise<Attempt> => {
    let response: Response;
    try {
      response = await doFetch(endpoint, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
        },
        body: JSON.stringify(chunk),
        signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
      });
    } catch (error) {
      return { kind: 'retry', why: `network error: ${errorName(error)}` };
    }
    return interpret(response, chunk);
  };

  const sendChunk = async (chunk: readonly Entry[]): Promise<AppendResult[]> => {
    for (let tries = 0; ; tries++) {
      const outcome = await attempt(chunk);
      if (outcome.kind === 'done') return outcome.results;
      if (tries >= maxRetries || closed) {
        throw new CairnError(
          'unavailable',
          `${endpoint}: gave up after ${tries + 1} attempts (${outcome.why})`,
        );
      }
      report?.({
        code: 'sink_unavailable',
        message: `${endpoint}: ${outcome.why}; retry ${tries + 1} of ${maxRetries}`,
      });
      await waiter.sleep(
        Math.max(backoffDelay(backoff, tries), Math.min(outcome.afterMs ?? 0, backoff.maxMs)),
      );
    }
  };

  return Object.freeze({
    async write(entries, hooks) {
      const results: AppendResult[] = [];
      for (let start = 0; start < entries.length; start += batchSize) {
        const part = await sendIsolating(entries.slice(start, start + batchSize), sendChunk);
        results.push(...part.results);
        if (part.rejected.length > 0) hooks?.onRejected?.(part.rejected);
      }
      return results;
    },
    bind(reporter) {
      report = reporter;
    },
    close() {
      closed = true;
      waiter.stop();
      return Promise.resolve();
    },
  } satisfies Sink);
}

// setTimeout's and AbortSignal.timeout's largest delay: a signed 32-bit count of ms (about 24.8 days).
const MAX_TIMEOUT_MS = 2 ** 31 - 1;

function checkOptions(options: HttpSinkOptions): void {
  const { url, token } = options as Partial<HttpSinkOptions>;
  throwIfInvalid('httpSink', [
    // The URL is not quoted back: it may carry credentials (https://user:secret@host).
    rule(
      'url',
      isHttpUrl(url),
      'an http:// or https:// URL',
      typeof url === 'string' ? 'another string' : describeValue(url),
    ),
    rule('token', token === undefined || typeof token === 'string', 'a string', typeof token),
    wholeNumber('batchSize', options.batchSize, 1),
    wholeNumber('maxRetries', options.maxRetries, 0),
    ...backoffChecks('backoff', options.backoff),
    wholeNumber('timeoutMs', options.timeoutMs, 1, MAX_TIMEOUT_MS),
    aFunction('fetch', options.fetch),
  ]);
}

async function interpret(response: Response, chunk: readonly Entry[]): Promise<Attempt> {
  const status = response.status;
  if (status === 200 || status === 201) {
    const parsed = parseAccepted(await readJson(response), chunk);
    if (parsed.ok) return { kind: 'done', results: parsed.value };
    // The server stored the batch (or not) but answered something we cannot match to our entries; asking again
    // is safe because appends are idempotent by id.
    return { kind: 'retry', why: parsed.problems[0]?.message ?? 'unreadable answer' };
  }
  if (status === 400 || status === 422) throw new ChunkRefused(parseRefusal(await readJson(response)));
  await response.body?.cancel();
  if (status === 413)
    throw new ChunkRefused([problem('', 'too_large', 'the server refused the request as too large (413)')]);
  if (status === 401 || status === 403) {
    throw new CairnError('config', `the Cairn server refused the ingest token (${status})`);
  }
  return { kind: 'retry', why: `HTTP ${status}`, afterMs: retryAfterMs(response.headers.get('retry-after')) };
}

async function readJson(response: Response): Promise<unknown> {
  try {
    return await response.json();
  } catch {
    return undefined;
  }
}

// RFC 9110 §10.2.3: Retry-After is either delay-seconds or an HTTP-date.
function retryAfterMs(header: string | null): number | undefined {
  if (header === null) return undefined;
  if (/^\d+$/.test(header)) return Number(header) * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

function errorName(error: unknown): string {
  if (error instanceof Error) {
    const cause = (error as { cause?: { code?: unknown } }).cause;
    return typeof cause?.code === 'string' ? cause.code : error.name;
  }
  return typeof error;
}
