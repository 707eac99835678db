// Editing a ledger's SQLite file the way an attacker with file access would: drop the append-only triggers first,
// then change rows.
import Database from 'better-sqlite3';

/**
 * Runs `edit` on the SQLite file at `path` with every trigger dropped.
 *
 * @example await tamperSqlite(db, (sql) => sql.prepare('update entries set bytes = ? where idx = 2').run(bytes));
 */
export function tamperSqlite(path: string, edit: (db: Database.Database) => void): void {
  const db = new Database(path);
  try {
    const triggers = db.prepare("select name from sqlite_master where type = 'trigger'").all() as {
      name: string;
    }[];
    for (const { name } of triggers) db.exec(`drop trigger "${name}"`);
    edit(db);
  } finally {
    db.close();
  }
}

/**
 * Changes one byte of the stored bytes of entry `index`, keeping them valid JSON: the first digit of the entry's
 * `producer.seq` becomes another digit.
 *
 * @example tamperEntryBytes('.cairn/ledger.db', 2);
 */
export function tamperEntryBytes(path: string, index: number): void {
  tamperSqlite(path, (db) => {
    const row = db.prepare('select bytes from entries where idx = ?').get(index) as { bytes: Buffer };
    const text = row.bytes.toString('utf8');
    const edited = text.replace(/"seq":(\d)/, (_m, d: string) => `"seq":${(Number(d) + 1) % 10}`);
    if (edited === text) throw new Error(`entry ${index} has no producer.seq to edit`);
    db.prepare('update entries set bytes = ? where idx = ?').run(Buffer.from(edited, 'utf8'), index);
  });
}
