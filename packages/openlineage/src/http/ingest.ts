// The one request path every receiver route shares: read the body (bounded, decompressed), digest the bytes,
// parse strict JSON, map it to entries, validate them, append them, and answer. Payload problems are 4xx and never
// 5xx; only a storage failure the client should retry is 503 (OpenLineage's HTTP client retries 5xx, Prefect
// never retries, so a 5xx for a bad payload would only cost retries and a 4xx for an outage would lose events).
import { fromUtf8, invalidEntryProblems, isCairnError, parseJson, problem } from '@cairn/core';
import type { AppendResult, EntryWriter, Problem, Result, RunEventEntry } from '@cairn/core';
import type { Context } from 'hono';
import { payloadDigest } from '../entry.js';
import { readBody, untouchedNodeStream } from './body.js';
import type { BodyFailure, NodeRequestStream } from './body.js';

/** What the route knows about a request besides its parsed body. */
export type IngestMeta = {
  /** When the request arrived (RFC 3339 UTC, milliseconds). */
  readonly receivedAt: string;
  /** `sha256:<hex>` of the body bytes after content decoding. */
  readonly rawDigest: string;
};

/** Maps one parsed body to entries: an empty list acknowledges an event there is nothing to record for. */
export type IngestMapper = (
  body: unknown,
  meta: IngestMeta,
) => Result<readonly RunEventEntry[]> | Promise<Result<readonly RunEventEntry[]>>;

/** Options of {@link ingestHandler}. */
export type IngestOptions = {
  readonly writer: EntryWriter;
  /** Largest body accepted, on the wire and once decompressed. */
  readonly maxBodyBytes: number;
  readonly now: () => Date;
  readonly map: IngestMapper;
  /** Runs after a successful append, before the answer (e.g. linking back into the orchestrator); must not throw. */
  readonly afterWrite?: (
    entries: readonly RunEventEntry[],
    results: readonly AppendResult[],
  ) => Promise<void>;
};

/** Seconds a client should wait before retrying after a 503. */
export const RETRY_AFTER_SECONDS = 5;

type Answer = {
  readonly status: 200 | 400 | 413 | 415 | 503;
  readonly body: unknown;
  readonly retryAfter?: boolean;
};

function invalid(problems: readonly Problem[]): Answer {
  return { status: 400, body: { error: 'invalid_payload', problems } };
}

function bodyFailure(failure: BodyFailure): Answer {
  if (failure.kind === 'too_large')
    return { status: 413, body: { error: 'payload_too_large', limit: failure.limit } };
  if (failure.kind === 'unsupported_encoding') {
    return {
      status: 415,
      body: { error: 'unsupported_encoding', supported: ['gzip', 'deflate', 'identity'] },
    };
  }
  const message = `body: expected ${failure.encoding} data matching Content-Encoding, got bytes that do not decode`;
  return invalid([problem('', 'invalid_encoding', message)]);
}

/**
 * Decodes UTF-8 and parses strict I-JSON (core's parseJson: duplicate keys and lone surrogates are errors).
 *
 * @example const parsed = parseBody(read.bytes); if (!parsed.ok) return c.json({ problems: parsed.problems }, 400);
 */
export function parseBody(bytes: Uint8Array): Result<unknown> {
  if (bytes.byteLength === 0) {
    return {
      ok: false,
      problems: [problem('', 'required', 'body: expected a JSON document, got an empty body')],
    };
  }
  let text: string;
  try {
    text = fromUtf8(bytes);
  } catch {
    return {
      ok: false,
      problems: [problem('', 'invalid_encoding', 'body: expected UTF-8 text, got malformed bytes')],
    };
  }
  return parseJson(text);
}

async function append(options: IngestOptions, entries: readonly RunEventEntry[]): Promise<Answer> {
  let results: readonly AppendResult[] = [];
  if (entries.length > 0) {
    try {
      results = await options.writer.append(entries);
    } catch (error) {
      // The writer validates what it seals (core's EntryWriter contract), so a mapped entry it refuses is the
      // payload's fault: 400 with every problem, and no second validation on the way in.
      const problems = invalidEntryProblems(error);
      if (problems !== undefined) return invalid(problems);
      // Only a storage outage is worth a retry; anything else is a bug that must surface, not be hidden as 503.
      if (isCairnError(error, 'unavailable') || isCairnError(error, 'storage')) {
        return { status: 503, body: { error: 'unavailable' }, retryAfter: true };
      }
      throw error;
    }
    await options.afterWrite?.(entries, results);
  }
  const accepted = results.map(({ id, index, duplicate }) => ({ id, index, duplicate }));
  return { status: 200, body: { accepted } };
}

async function answer(
  options: IngestOptions,
  request: Request,
  nodeStream: NodeRequestStream | undefined,
): Promise<Answer> {
  const read = await readBody(request, options.maxBodyBytes, nodeStream);
  if (!read.ok) return bodyFailure(read.failure);
  const parsed = parseBody(read.bytes);
  if (!parsed.ok) return invalid(parsed.problems);
  const meta = { receivedAt: options.now().toISOString(), rawDigest: payloadDigest(read.bytes) };
  const mapped = await options.map(parsed.value, meta);
  if (!mapped.ok) return invalid(mapped.problems);
  return append(options, mapped.value);
}

/**
 * A Hono handler that turns one webhook request into run-event entries. Answers 200 `{ accepted: [{ id, index,
 * duplicate }] }`, 400 `{ error: 'invalid_payload', problems }`, 413, 415, or 503 `{ error: 'unavailable' }` with
 * `Retry-After` when the writer throws a CairnError coded `unavailable` or `storage`.
 *
 * @example app.post('/hooks/dagster', ingestHandler({ writer, maxBodyBytes: 1 << 20, now: () => new Date(), map }));
 */
export function ingestHandler(options: IngestOptions): (c: Context) => Promise<Response> {
  return async (c) => {
    const result = await answer(options, c.req.raw, untouchedNodeStream(c.env));
    if (result.retryAfter === true) c.header('Retry-After', String(RETRY_AFTER_SECONDS));
    return c.json(result.body, result.status);
  };
}
