// Sending the plan to a running Cairn server: orchestrator payloads with plain fetch, exactly as the orchestrators
// post them (gzip where their transport compresses), and entries through @cairn/sdk's httpSink, as an agent's
// recorder sends them. Every answer is counted as stored or duplicate; anything else stops the demo with a
// CairnError that says what the server refused, never echoing a token or a whole payload.
import { gzipSync } from 'node:zlib';
import { CairnError, describeValue, formatProblems } from '@cairn/core';
import type { AppendResult, Entry, Problem } from '@cairn/core';
import { httpSink } from '@cairn/sdk';
import type { Rejection, Sink } from '@cairn/sdk';
import type { PayloadStep } from './steps.js';

/** The server and the ingest token. */
export type Target = { readonly baseUrl: string; readonly token?: string | undefined };

const ATTEMPTS = 4;
const BACKOFF_MS = 200;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function networkCode(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown } } | undefined)?.cause;
  return typeof cause?.code === 'string'
    ? cause.code
    : error instanceof Error
      ? error.name
      : describeValue(error);
}

async function readProblems(response: Response): Promise<readonly Problem[]> {
  try {
    const body = (await response.json()) as { problems?: unknown };
    return Array.isArray(body.problems) ? (body.problems as Problem[]) : [];
  } catch {
    return [];
  }
}

async function refusal(step: PayloadStep, response: Response): Promise<CairnError> {
  const { status } = response;
  if (status === 401 || status === 403) {
    return new CairnError('config', `${step.path}: the Cairn server refused the ingest token (${status})`);
  }
  if (status === 404)
    return new CairnError('config', `${step.path}: not found (404); is this a Cairn server?`);
  const problems = await readProblems(response);
  const detail = problems.length > 0 ? `: ${formatProblems(problems, 3)}` : '';
  return new CairnError(
    'invalid_argument',
    `${step.path} refused the demo's ${step.message} (${status})${detail}`,
  );
}

/** The answer of a receiver: one acknowledged entry per payload the demo sends. */
function acknowledged(step: PayloadStep, body: unknown): AppendResult[] {
  const accepted = (body as { accepted?: unknown } | undefined)?.accepted;
  if (!Array.isArray(accepted) || accepted.length !== 1) {
    const got = Array.isArray(accepted) ? `${accepted.length} entries` : describeValue(accepted);
    throw new CairnError(
      'invalid_argument',
      `${step.path}: expected one acknowledged entry for ${step.message}, got ${got}`,
    );
  }
  return accepted as AppendResult[];
}

/**
 * POSTs one orchestrator payload; retries 5xx and network errors a few times (a starting server, a busy SQLite
 * lock), as the orchestrators' own clients do.
 *
 * @example const [result] = await postPayload({ baseUrl, token }, step);
 */
export async function postPayload(target: Target, step: PayloadStep): Promise<AppendResult[]> {
  const url = `${target.baseUrl.replace(/\/+$/, '')}${step.path}`;
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (step.gzip) headers['content-encoding'] = 'gzip';
  if (target.token !== undefined) headers.authorization = `Bearer ${target.token}`;
  // openlineage-python compresses with gzip level 3.
  const body = step.gzip ? gzipSync(step.body, { level: 3 }) : Buffer.from(step.body, 'utf8');
  let why = '';
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    if (attempt > 0) await sleep(BACKOFF_MS * 2 ** (attempt - 1));
    let response: Response;
    try {
      response = await fetch(url, { method: 'POST', headers, body, signal: AbortSignal.timeout(10_000) });
    } catch (error) {
      why = networkCode(error);
      continue;
    }
    if (response.status === 200) return acknowledged(step, await response.json().catch(() => undefined));
    if (response.status < 500) throw await refusal(step, response);
    await response.body?.cancel();
    why = `HTTP ${response.status}`;
  }
  throw new CairnError('unavailable', `cannot deliver to ${url} after ${ATTEMPTS} attempts (${why})`);
}

/**
 * The SDK sink the demo's recorders and entry batches send through: `httpSink` to `POST /v1/decisions`, batched,
 * retried a few times.
 *
 * @example const sink = entrySink({ baseUrl, token });
 */
export function entrySink(target: Target): Sink {
  return httpSink({
    url: target.baseUrl,
    ...(target.token === undefined ? {} : { token: target.token }),
    batchSize: 250,
    maxRetries: ATTEMPTS - 1,
    backoff: { baseMs: BACKOFF_MS, maxMs: 2_000 },
  });
}

/**
 * Sends entries to `POST /v1/decisions` through @cairn/sdk's httpSink (batched, retried, idempotent by id). An
 * entry the server refuses is a bug in the demo: it throws `CairnError('invalid_entry')` naming the problems.
 *
 * @example const results = await sendEntries({ baseUrl, token }, entries);
 */
export async function sendEntries(
  target: Target,
  entries: readonly Entry[],
): Promise<readonly AppendResult[]> {
  const sink = entrySink(target);
  const rejected: Rejection[] = [];
  try {
    const results = await sink.write(entries, { onRejected: (r) => rejected.push(...r) });
    if (rejected.length > 0) {
      const first = rejected[0]!;
      throw new CairnError(
        'invalid_entry',
        `the server refused ${rejected.length} demo entries, first ${first.id}: ${formatProblems(first.problems, 3)}`,
      );
    }
    return results;
  } finally {
    await sink.close?.();
  }
}
