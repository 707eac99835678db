// Stored perfect-subtree hashes as core's HashReader: level 0 is the leaf hash kept with each entry, higher levels
// are tree_nodes rows. A proof asks for its O(log n) nodes at once, answered with at most two indexed queries.
import { CairnError } from '@cairn/core';
import type { HashReader, TreeNode } from '@cairn/core';
import { fromDbBytes } from './store.js';
import type { LedgerDb } from './store.js';

const key = (level: number, index: number): string => `${level}/${index}`;

/**
 * A HashReader over the ledger tables, inside a transaction or on the whole database. A node that is not
 * stored is a storage error: proofs are only asked for sizes the log has reached.
 *
 * @example const proof = await inclusionProof(5, 8, storeHashReader(store.db));
 */
export function storeHashReader(db: LedgerDb): HashReader {
  return {
    async readHashes(nodes: readonly TreeNode[]): Promise<Uint8Array[]> {
      const found = new Map<string, Uint8Array>();
      const leaves = nodes.filter((n) => n.level === 0).map((n) => n.index);
      const inner = nodes.filter((n) => n.level > 0);
      if (leaves.length > 0) {
        const rows = await db
          .selectFrom('entries')
          .select(['idx', 'leaf_hash'])
          .where('idx', 'in', leaves)
          .execute();
        for (const row of rows) found.set(key(0, row.idx), fromDbBytes(row.leaf_hash));
      }
      if (inner.length > 0) {
        const rows = await db
          .selectFrom('tree_nodes')
          .select(['level', 'idx', 'hash'])
          .where((eb) =>
            eb.or(inner.map((n) => eb.and([eb('level', '=', n.level), eb('idx', '=', n.index)]))),
          )
          .execute();
        for (const row of rows) found.set(key(row.level, row.idx), fromDbBytes(row.hash));
      }
      return nodes.map((n) => {
        const hash = found.get(key(n.level, n.index));
        if (hash === undefined) {
          throw new CairnError(
            'storage',
            `tree node (level ${n.level}, index ${n.index}) is missing from the store`,
          );
        }
        return hash;
      });
    },
  };
}
