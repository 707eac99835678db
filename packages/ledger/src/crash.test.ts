// Crash safety: a child appending under load is killed with SIGKILL at an arbitrary moment. On reopen the ledger
// verifies and every entry the child saw acknowledged is there, at the index it was given.
import { createNoteSigner, generateSignerKey } from '@cairn/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { createLedger } from './ledger.js';
import { bundleChild, startChild } from './test-support/child-process.js';
import { STORES, useTestDatabases } from './test-support/databases.js';
import { ORIGIN } from './test-support/ledgers.js';

const databases = useTestDatabases();
let bundle: string;

beforeAll(async () => {
  bundle = await bundleChild('append-child.ts');
});

for (const kind of STORES) {
  describe(`crash on ${kind}`, () => {
    it(
      'keeps every acknowledged entry and verifies after the appender is killed with SIGKILL',
      { timeout: 120_000 },
      async () => {
        const database = await databases.fresh(kind);
        const signerKey = await generateSignerKey(ORIGIN);
        const signer = await createNoteSigner(signerKey);
        await (await createLedger({ store: await database.open(), signer })).close();
        const child = startChild(bundle, [database.url, 'crash', '1000000', '20'], signerKey);
        // Kill at a moment that depends on scheduling, after enough acknowledged appends to matter.
        while (child.acks.size < 300 + Math.floor(Math.random() * 200)) {
          const exited = await Promise.race([
            child.done,
            new Promise((resolve) => setTimeout(resolve, 5, undefined)),
          ]);
          if (exited !== undefined) throw new Error(`append child exited early: ${JSON.stringify(exited)}`);
        }
        child.process.kill('SIGKILL');
        expect((await child.done).signal).toBe('SIGKILL');

        const ledger = await createLedger({ store: await database.open(), signer });
        const report = await ledger.verify({ verifiers: [signer.verifierKey], requireSealed: true });
        expect(report.problems).toEqual([]);
        expect(report.size).toBeGreaterThanOrEqual(child.acks.size);
        for (const [id, index] of child.acks) expect((await ledger.get(id))?.index).toBe(index);
        const [after] = await ledger.append(
          (await import('./test-support/fixtures.js')).decision(0, { idPrefix: 'after' }),
        );
        expect(after!.index).toBe(report.size);
        await ledger.close();
      },
    );
  });
}
