// What createLedger settles once: the log's origin (fixed at creation, stored insert-only) and the published
// verifier key of the signer it was given.
import { CairnError, describeValue, formatKeyId } from '@cairn/core';
import type { NoteSigner } from '@cairn/core';
import type { LedgerDb, LedgerStore } from './store.js';

const ORIGIN_KEY = 'origin';

/**
 * Returns the ledger's origin: the stored one, or `wanted` stored now for a new ledger. Throws CairnError('config')
 * when `wanted` differs from the stored origin: a log keeps one identity for life.
 *
 * @example const origin = await settleOrigin(store, 'example.com/decisions');
 */
export async function settleOrigin(
  store: LedgerStore,
  wanted: string | undefined,
): Promise<string | undefined> {
  const stored = await readOrigin(store.db);
  if (stored !== undefined || wanted === undefined) return check(stored, wanted);
  return store.write(async (trx) => {
    const raced = await readOrigin(trx);
    if (raced !== undefined) return check(raced, wanted);
    await trx.insertInto('ledger_meta').values({ key: ORIGIN_KEY, value: wanted }).execute();
    return wanted;
  });
}

async function readOrigin(db: LedgerDb): Promise<string | undefined> {
  const row = await db
    .selectFrom('ledger_meta')
    .select('value')
    .where('key', '=', ORIGIN_KEY)
    .executeTakeFirst();
  return row?.value;
}

function check(stored: string | undefined, wanted: string | undefined): string | undefined {
  if (stored !== undefined && wanted !== undefined && stored !== wanted) {
    throw new CairnError(
      'config',
      `origin: this ledger is ${describeValue(stored)}, got ${describeValue(wanted)}`,
    );
  }
  return stored ?? wanted;
}

/**
 * Records a signer's verifier key in `signer_keys` unless already there (inside the caller's transaction).
 *
 * @example await publishKey(trx, signer, new Date());
 */
export async function publishKey(trx: LedgerDb, signer: NoteSigner, now: Date): Promise<void> {
  const known = await trx
    .selectFrom('signer_keys')
    .select('verifier_key')
    .where('verifier_key', '=', signer.verifierKey)
    .executeTakeFirst();
  if (known !== undefined) return;
  await trx
    .insertInto('signer_keys')
    .values({
      verifier_key: signer.verifierKey,
      name: signer.name,
      key_id: formatKeyId(signer.keyId),
      created_at: now.toISOString(),
    })
    .execute();
}
