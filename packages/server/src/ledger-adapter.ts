import type { Ledger } from '@cairn/ledger';
import type { RunFilter, ServerLedger } from './ledger-port.js';

/**
 * The server's view of a `@cairn/ledger` Ledger. Appends go straight through; the caller (the server app)
 * groups concurrent appends into one transaction.
 *
 * @example const { app } = createServerApp({ ledger: ledgerPort(await createLedger({ store, signer })) });
 */
export function ledgerPort(ledger: Ledger): ServerLedger {
  const strip = <T extends { bytes?: unknown }>(stored: T) => {
    const { bytes: _bytes, ...rest } = stored;
    return rest;
  };
  return {
    origin: ledger.origin ?? '',
    append: (entries) => ledger.append(entries),
    size: () => ledger.size(),
    get: async (id) => {
      const stored = await ledger.get(id);
      return stored === undefined ? undefined : strip(stored);
    },
    leafBytes: async (id) => (await ledger.get(id))?.bytes,
    receipt: async (id) => ((await ledger.get(id)) === undefined ? undefined : ledger.receipt(id)),
    latestCheckpoint: async () => {
      const latest = await ledger.latestCheckpoint();
      return latest === undefined
        ? undefined
        : { note: latest.note, size: latest.size, createdAt: new Date(latest.createdAt) };
    },
    verifierKeys: () => ledger.verifierKeys(),
    inclusionProof: (index, size) => ledger.inclusionProof(index, size),
    consistencyProof: (first, second) => ledger.consistencyProof(first, second),
    findRuns: (anyId) => ledger.query.findRuns({ anyId }),
    listRuns: (filter: RunFilter) => ledger.query.listRuns(definedOnly(filter)),
    runEntries: async (orchestrator, runId) =>
      (await ledger.query.runEntries(orchestrator, runId)).map(strip),
    entriesReferring: async (id) => (await ledger.query.entriesByRef(id)).map(strip),
    subjectEntries: async (ref) => (await ledger.query.subjectEntries(ref)).map(strip),
  };
}

function definedOnly<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
