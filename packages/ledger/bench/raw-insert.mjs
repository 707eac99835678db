// The baseline of issue #3's ratio, shared by the benches: the same ~1.6 KB decision bytes inserted raw through
// better-sqlite3 into a fresh table, one prepared INSERT per row, one transaction per batch, WAL like the ledger.
import Database from 'better-sqlite3';
import { canonicalDecision } from './generate.mjs';

/** Milliseconds to insert `count` canonical decisions raw into a new database at `path`. */
export function rawInsertMs({ path, count, batch, synchronous }) {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${synchronous}`);
  db.exec('create table raw (idx integer primary key, bytes blob not null)');
  const insert = db.prepare('insert into raw (idx, bytes) values (?, ?)');
  const bytes = Array.from({ length: count }, (_, i) => Buffer.from(JSON.stringify(canonicalDecision(i))));
  const inOneTransaction = db.transaction((rows, base) => rows.forEach((b, i) => insert.run(base + i, b)));
  const start = performance.now();
  for (let n = 0; n < count; n += batch) inOneTransaction.immediate(bytes.slice(n, n + batch), n);
  const ms = performance.now() - start;
  db.close();
  return ms;
}
