import { Hono } from 'hono';
import type { Context } from 'hono';
import { ok, problem, validateEntries, validateEntry } from '@cairn/core';
import type { Entry, EntryWriter, Result } from '@cairn/core';
import { parseBody, readBody, untouchedNodeStream } from '@cairn/openlineage';
import type { BodyFailure } from '@cairn/openlineage';
import { badRequest } from './http-errors.js';

/**
 * At most this many entries in one `POST /v1/decisions` body.
 *
 * @example for (let i = 0; i < entries.length; i += MAX_ENTRIES_PER_REQUEST) await post(entries.slice(i, i + MAX_ENTRIES_PER_REQUEST));
 */
export const MAX_ENTRIES_PER_REQUEST = 1000;

/**
 * Default body limit of `POST /v1/decisions`, on the wire and once decompressed.
 *
 * @example decisionRoutes({ writer, maxBodyBytes: 2 * DEFAULT_DECISIONS_MAX_BYTES })
 */
export const DEFAULT_DECISIONS_MAX_BYTES = 4 * 1024 * 1024;

/** Options of {@link decisionRoutes}. */
export type DecisionRoutesOptions = {
  readonly writer: EntryWriter;
  /** Largest body, compressed and decompressed (default 4 MiB). */
  readonly maxBodyBytes?: number;
};

function bodyFailure(c: Context, failure: BodyFailure) {
  if (failure.kind === 'too_large') return c.json({ error: 'payload_too_large', limit: failure.limit }, 413);
  if (failure.kind === 'unsupported_encoding') {
    return c.json({ error: 'unsupported_encoding', supported: ['gzip', 'deflate', 'identity'] }, 415);
  }
  return badRequest(c, 'invalid_payload', [
    problem(
      '',
      'invalid_encoding',
      `body: expected ${failure.encoding} data matching Content-Encoding, got bytes that do not decode`,
    ),
  ]);
}

// A single entry keeps its own paths (`decision.confidence`); entries of an array are named by position (`[3].id`).
function validate(body: unknown, items: readonly unknown[]): Result<readonly Entry[]> {
  if (Array.isArray(body)) return validateEntries(items);
  const one = validateEntry(body);
  return one.ok ? ok([one.value]) : one;
}

/**
 * `POST /v1/decisions`: one entry or an array of up to 1000 entries of any kind, built as `@cairn/core` defines
 * them (the SDK's httpSink and the Python client send them). Idempotent by entry id: a redelivered entry answers
 * with its first index and `duplicate: true`. A batch is stored whole or not at all. Gzip bodies are accepted.
 *
 * @example
 * curl -X POST localhost:7070/v1/decisions -H "authorization: Bearer $CAIRN_INGEST_TOKEN" --data-binary @decision.json
 */
export function decisionRoutes({
  writer,
  maxBodyBytes = DEFAULT_DECISIONS_MAX_BYTES,
}: DecisionRoutesOptions): Hono {
  const app = new Hono();
  app.post('/v1/decisions', async (c) => {
    const read = await readBody(c.req.raw, maxBodyBytes, untouchedNodeStream(c.env));
    if (!read.ok) return bodyFailure(c, read.failure);
    const parsed = parseBody(read.bytes);
    if (!parsed.ok) return badRequest(c, 'invalid_json', parsed.problems);
    const items = Array.isArray(parsed.value) ? parsed.value : [parsed.value];
    if (items.length === 0 || items.length > MAX_ENTRIES_PER_REQUEST) {
      return badRequest(c, 'invalid_payload', [
        problem(
          '',
          'batch_size',
          `body: expected 1 to ${MAX_ENTRIES_PER_REQUEST} entries, got ${items.length}`,
        ),
      ]);
    }
    const valid = validate(parsed.value, items);
    if (!valid.ok) return badRequest(c, 'invalid_entry', valid.problems);
    const results = await writer.append(valid.value);
    return c.json({
      accepted: results.map(({ id, index, leafHash, duplicate }) => ({ id, index, leafHash, duplicate })),
    });
  });
  return app;
}
