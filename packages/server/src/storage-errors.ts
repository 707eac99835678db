// Telling a temporary storage failure from a bug. Producers retry on 503 (the OpenLineage HTTP transport retries
// any 5xx), so a 503 must mean "the same request will work later": a locked or busy database, a lost connection,
// a full disk, a ledger that is closing. Everything else is a 500 that must surface, not be retried away.
import { CairnError, isCairnError } from '@cairn/core';
import type { EntryWriter } from '@cairn/core';

// sqlite.org/rescode.html: BUSY and LOCKED (another writer holds the lock), IOERR, FULL, CANTOPEN, PROTOCOL
// (WAL lock races) and READONLY (a file made read-only under the server) clear without a change of the request.
const SQLITE_TRANSIENT =
  /^SQLITE_(?:BUSY|LOCKED|IOERR|FULL|CANTOPEN|PROTOCOL|READONLY|NOMEM|INTERRUPT)(?:_|$)/;

// PostgreSQL SQLSTATE (postgresql.org/docs/current/errcodes-appendix.html): class 08 connection exception,
// 53 insufficient resources, 57P0x operator intervention (shutdown, cannot connect now), 40001 serialization
// failure, 40P01 deadlock, 55P03 lock not available, 58030 I/O error.
const POSTGRES_TRANSIENT = /^(?:08...|53...|57P0.|40001|40P01|55P03|58030)$/;

// Socket failures between the server and PostgreSQL, as node:net reports them.
const SOCKET_TRANSIENT = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENOTFOUND',
]);

// Drivers that report a gone connection only in words: better-sqlite3 after close, pg and Kysely on a dead pool.
const MESSAGE_TRANSIENT =
  /database connection is not open|connection terminated|timeout exceeded when trying to connect|driver has already been destroyed|Connection terminated unexpectedly/i;

function codeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

function isTransientOne(error: unknown): boolean {
  if (isCairnError(error))
    return error.code === 'unavailable' || error.code === 'storage' || error.code === 'closed';
  const code = codeOf(error);
  if (
    code !== undefined &&
    (SQLITE_TRANSIENT.test(code) || POSTGRES_TRANSIENT.test(code) || SOCKET_TRANSIENT.has(code))
  ) {
    return true;
  }
  return error instanceof Error && MESSAGE_TRANSIENT.test(error.message);
}

/**
 * True when `error` (or an error in its `cause` chain) is a storage failure that a retry of the same request can
 * get past. A CairnError decides by its code alone: `invalid_entry` or `integrity` are never retried.
 *
 * @example if (isTemporaryStorageFailure(error)) return c.json({ error: 'unavailable' }, 503);
 */
export function isTemporaryStorageFailure(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 8 && current !== undefined && current !== null; depth++) {
    if (isTransientOne(current)) return true;
    if (isCairnError(current)) return false;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

/**
 * Wraps a writer so a temporary storage failure reaches the receivers as CairnError('unavailable') (which they
 * answer with 503 and Retry-After), whatever database driver raised it. Other errors pass through unchanged.
 *
 * @example const writer = unavailableOnStorageFailure(ledgerPort(ledger));
 */
export function unavailableOnStorageFailure(writer: EntryWriter): EntryWriter {
  return {
    async append(entries) {
      try {
        return await writer.append(entries);
      } catch (error) {
        if (isCairnError(error, 'unavailable') || !isTemporaryStorageFailure(error)) throw error;
        throw new CairnError('unavailable', 'the ledger cannot commit right now; retry later', {
          cause: error,
        });
      }
    },
  };
}
