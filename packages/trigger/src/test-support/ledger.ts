// A real, signed SQLite ledger per test, and a writer in front of it that can be switched off to stand for an
// outage of Cairn: appends fail while it is down, exactly as an unreachable store fails, and succeed again after.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CairnError, createNoteSigner, generateSignerKey } from '@cairn/core';
import type { AppendResult, Entry, EntryWriter } from '@cairn/core';
import { createLedger, openSqliteStore } from '@cairn/ledger';
import type { Ledger } from '@cairn/ledger';

/** A writer that forwards to a ledger unless it is down. */
export type OutageWriter = EntryWriter & {
  /** While true, every append fails with `unavailable`. */
  down: boolean;
  /** Appends refused while down. */
  readonly refusals: number;
};

/** A fresh ledger in its own directory; `dir` also holds spools; `close` removes both. */
export type TestLedger = {
  readonly ledger: Ledger;
  readonly writer: OutageWriter;
  readonly dir: string;
  /** Every entry in index order. */
  entries(): Promise<Entry[]>;
  /** Signs a checkpoint over everything appended, then verifies the whole ledger against it. */
  verify(): Promise<Awaited<ReturnType<Ledger['verify']>>>;
  close(): Promise<void>;
};

function outageWriter(ledger: Ledger): OutageWriter {
  let refusals = 0;
  const writer = {
    down: false,
    get refusals() {
      return refusals;
    },
    append(entries: readonly Entry[]): Promise<readonly AppendResult[]> {
      if (writer.down) {
        refusals += 1;
        return Promise.reject(new CairnError('unavailable', 'the ledger is unreachable'));
      }
      return ledger.append(entries);
    },
  };
  return writer;
}

export async function openTestLedger(): Promise<TestLedger> {
  const dir = await mkdtemp(join(tmpdir(), 'cairn-trigger-'));
  const signer = await createNoteSigner(await generateSignerKey('trigger.test.example/decisions'));
  const ledger = await createLedger({ store: openSqliteStore({ path: join(dir, 'ledger.db') }), signer });
  return {
    ledger,
    writer: outageWriter(ledger),
    dir,
    async entries() {
      const out: Entry[] = [];
      for await (const stored of ledger.entries()) out.push(stored.entry);
      return out;
    },
    async verify() {
      await ledger.checkpoint();
      return ledger.verify({ requireSealed: true });
    },
    async close() {
      await ledger.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
