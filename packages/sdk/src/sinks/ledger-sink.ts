import { isCairnError, problem } from '@cairn/core';
import type { EntryWriter } from '@cairn/core';
import { ChunkRefused, sendIsolating } from './isolate.js';
import type { Sink } from './sink.js';

/**
 * The in-process sink: appends straight to a ledger (or any `EntryWriter`) in the same process. An append is
 * acknowledged after commit, so a resolved write is both durable and sealed. Entries the ledger refuses as
 * invalid are isolated and reported; the rest of their batch is stored.
 *
 * @example
 * const recorder = createRecorder({ sink: ledgerSink(await createLedger({ store, signer, origin })), agent });
 */
export function ledgerSink(writer: EntryWriter): Sink {
  return Object.freeze({
    async write(entries, hooks) {
      const { results, rejected } = await sendIsolating(entries, async (chunk) => {
        try {
          return await writer.append(chunk);
        } catch (error) {
          if (isCairnError(error, 'invalid_entry')) {
            throw new ChunkRefused([problem('', 'invalid_entry', error.message)]);
          }
          throw error;
        }
      });
      if (rejected.length > 0) hooks?.onRejected?.(rejected);
      return results;
    },
  } satisfies Sink);
}
