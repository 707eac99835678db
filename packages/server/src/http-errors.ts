import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { isCairnError } from '@cairn/core';
import type { Problem } from '@cairn/core';
import { RETRY_AFTER_SECONDS } from '@cairn/openlineage';
import { isTemporaryStorageFailure } from './storage-errors.js';

/** At most this many problems in one 400 answer: enough to fix a batch, bounded for a hostile one. */
export const MAX_PROBLEMS = 100;

/**
 * 400 with every problem (up to {@link MAX_PROBLEMS}), each naming its field.
 *
 * @example return badRequest(c, 'invalid_entry', checked.problems);
 */
export function badRequest(c: Context, error: string, problems: readonly Problem[]) {
  return c.json({ error, problems: problems.slice(0, MAX_PROBLEMS) }, 400);
}

/**
 * 503 with Retry-After, the one answer for a temporary storage failure, so producers that retry on 5xx (the
 * OpenLineage HTTP transport does) come back after the same pause the receivers ask for.
 *
 * @example return unavailable(c);
 */
export function unavailable(c: Context) {
  return c.json({ error: 'unavailable' }, 503, { 'Retry-After': String(RETRY_AFTER_SECONDS) });
}

/**
 * Maps a thrown error to a response. A temporary storage failure answers 503 with Retry-After; a CairnError about
 * the request answers 400 or 404; anything else is a bug and answers a bare 500 without details (they go to the
 * server log, never to the caller).
 *
 * @example app.onError((error, c) => errorResponse(c, error, console.error));
 */
export function errorResponse(c: Context, error: unknown, log: (message: string) => void) {
  // Hono's own middleware (a malformed request it refuses) carries its answer.
  if (error instanceof HTTPException) return error.getResponse();
  if (isTemporaryStorageFailure(error)) {
    log(`storage unavailable: ${error instanceof Error ? error.message.slice(0, 300) : 'unknown error'}`);
    return unavailable(c);
  }
  if (
    isCairnError(error, 'invalid_entry') ||
    isCairnError(error, 'invalid_json') ||
    isCairnError(error, 'invalid_argument')
  ) {
    return badRequest(c, error.code, [{ path: '', code: error.code, message: error.message.slice(0, 500) }]);
  }
  if (isCairnError(error, 'not_found'))
    return c.json({ error: 'not_found', message: error.message.slice(0, 300) }, 404);
  log(`internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  return c.json({ error: 'internal' }, 500);
}
