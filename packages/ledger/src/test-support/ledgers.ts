// Ledgers on the suite's databases, with a fresh signer per test.
import { createNoteSigner, generateSignerKey, parseVerifierKey } from '@cairn/core';
import { onTestFinished } from 'vitest';
import type { NoteSigner, NoteVerifier } from '@cairn/core';
import { createLedger } from '../ledger.js';
import type { Ledger, LedgerOptions } from '../ledger.js';
import type { TestDatabase } from './databases.js';

/** The origin every test ledger uses. */
export const ORIGIN = 'example.com/cairn-test';

/** A new Ed25519 signer named `name` (default: the test origin). */
export async function newSigner(name = ORIGIN): Promise<NoteSigner> {
  return createNoteSigner(await generateSignerKey(name));
}

/** The NoteVerifier of a signer. */
export function verifierOf(signer: NoteSigner): NoteVerifier {
  const parsed = parseVerifierKey(signer.verifierKey);
  if (!parsed.ok) throw new Error('test signer has an unparsable verifier key');
  return parsed.value;
}

/**
 * Opens a ledger on `database` with `signer` (a new one unless given) and the test origin.
 *
 * @example const { ledger, signer } = await openLedger(await databases.fresh('sqlite'));
 */
export async function openLedger(
  database: TestDatabase,
  options: Partial<Omit<LedgerOptions, 'store'>> = {},
): Promise<{ ledger: Ledger; signer: NoteSigner }> {
  const signer = options.signer ?? (await newSigner());
  const ledger = await createLedger({ origin: ORIGIN, ...options, signer, store: await database.open() });
  // Also when the test failed before its own close(): an open pool would outlive the test's database server.
  onTestFinished(() => ledger.close());
  return { ledger, signer };
}
