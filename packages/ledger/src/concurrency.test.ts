// Four processes append 5,000 entries each to one database at once: the indices are exactly 0..19,999, each given
// once, and the ledger verifies.
import { createNoteSigner, generateSignerKey } from '@cairn/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { createLedger } from './ledger.js';
import { bundleChild, startChild } from './test-support/child-process.js';
import { STORES, useTestDatabases } from './test-support/databases.js';
import { ORIGIN } from './test-support/ledgers.js';

const databases = useTestDatabases();
const PROCESSES = 4;
const EACH = 5000;
let bundle: string;

beforeAll(async () => {
  bundle = await bundleChild('append-child.ts');
});

for (const kind of STORES) {
  describe(`concurrent appenders on ${kind}`, () => {
    it(
      'gives 4 processes × 5,000 entries the indices 0..19,999 without gap or duplicate',
      { timeout: 600_000 },
      async () => {
        const database = await databases.fresh(kind);
        const signerKey = await generateSignerKey(ORIGIN);
        const signer = await createNoteSigner(signerKey);
        await (await createLedger({ store: await database.open(), signer })).close();
        const children = Array.from({ length: PROCESSES }, (_, p) =>
          startChild(bundle, [database.url, `p${p}`, String(EACH), '50'], signerKey),
        );
        const exits = await Promise.all(children.map((c) => c.done));
        expect(exits.map((e) => [e.code, e.stderr])).toEqual(children.map(() => [0, '']));

        const indices = children.flatMap((c) => [...c.acks.values()]).sort((a, b) => a - b);
        expect(indices).toEqual(Array.from({ length: PROCESSES * EACH }, (_, i) => i));
        const ledger = await createLedger({ store: await database.open(), signer });
        const report = await ledger.verify({ verifiers: [signer.verifierKey], requireSealed: true });
        expect(report.problems).toEqual([]);
        expect(report).toMatchObject({ ok: true, size: PROCESSES * EACH, entriesChecked: PROCESSES * EACH });
        for (const child of children) {
          for (const [id, index] of [...child.acks].slice(0, 50))
            expect((await ledger.get(id))?.index).toBe(index);
        }
        await ledger.close();
      },
    );
  });
}

for (const kind of STORES) {
  it(
    `lets processes that open a new ledger at once agree on one schema (${kind})`,
    { timeout: 120_000 },
    async () => {
      const database = await databases.fresh(kind);
      const signerKey = await generateSignerKey(ORIGIN);
      const children = Array.from({ length: PROCESSES }, (_, p) =>
        startChild(bundle, [database.url, `n${p}`, '20', '5'], signerKey),
      );
      const exits = await Promise.all(children.map((c) => c.done));
      expect(exits.map((e) => [e.code, e.stderr])).toEqual(children.map(() => [0, '']));
      const ledger = await createLedger({ store: await database.open() });
      const report = await ledger.verify({ verifiers: [(await createNoteSigner(signerKey)).verifierKey] });
      expect(report).toMatchObject({ ok: true, size: PROCESSES * 20 });
      await ledger.close();
    },
  );
}
