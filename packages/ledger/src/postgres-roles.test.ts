// The documented PostgreSQL role setup (README): the owner migrates, a writer role with SELECT and INSERT (and
// UPDATE on the derived runs index only) appends, and the database refuses it any change to sealed rows.
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { createLedger } from './ledger.js';
import { openPostgresStore } from './postgres.js';
import { useTestDatabases } from './test-support/databases.js';
import { decision } from './test-support/fixtures.js';
import { newSigner, openLedger } from './test-support/ledgers.js';

const databases = useTestDatabases();

describe('postgres roles', () => {
  it('lets a writer role append but not update, delete or truncate sealed rows', async () => {
    const database = await databases.fresh('postgres');
    const signer = await newSigner();
    await (await openLedger(database, { signer })).ledger.close();
    const owner = new pg.Client({ connectionString: database.url });
    await owner.connect();
    await owner.query("create role cairn_writer login password 'writer-pw'");
    await owner.query('grant select, insert on all tables in schema public to cairn_writer');
    await owner.query('grant update on runs to cairn_writer');
    await owner.end();

    const url = new URL(database.url);
    url.username = 'cairn_writer';
    url.password = 'writer-pw';
    const ledger = await createLedger({ store: openPostgresStore({ url: url.toString() }), signer });
    const results = await ledger.append([decision(0), decision(1)]);
    expect(results.map((r) => r.index)).toEqual([0, 1]);
    const writer = new pg.Client({ connectionString: url.toString() });
    await writer.connect();
    for (const statement of [
      'update entries set kind = $1',
      'delete from checkpoints where seq >= $1::int',
      'truncate tree_nodes',
    ]) {
      const params = statement.includes('$1') ? [statement.startsWith('update') ? 'x' : '0'] : [];
      await expect(writer.query(statement, params)).rejects.toThrow(/permission denied/);
    }
    await writer.end();
    expect((await ledger.verify()).ok).toBe(true);
    await ledger.close();
  });
});
