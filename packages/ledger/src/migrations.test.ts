import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { isSchemaRace } from './migrations.js';

function sqliteError(run: (db: Database.Database) => void): unknown {
  const db = new Database(':memory:');
  try {
    run(db);
  } catch (error) {
    return error;
  } finally {
    db.close();
  }
  throw new Error('expected SQLite to refuse');
}

describe('isSchemaRace', () => {
  it('retries a table another process created first, as SQLite reports it', () => {
    const error = sqliteError((db) => db.exec('create table entries (x); create table entries (x)'));
    expect(error).toMatchObject({ code: 'SQLITE_ERROR' });
    expect(isSchemaRace(error)).toBe(true);
  });

  it('retries SQLITE_SCHEMA, which a statement prepared across the other process’s migration gets', () => {
    // Seen in CI from four processes opening one new file: SqliteError code SQLITE_SCHEMA, same message.
    const error = Object.assign(new Error('table "entries" already exists'), { code: 'SQLITE_SCHEMA' });
    expect(isSchemaRace(error)).toBe(true);
  });

  it('does not retry other SQLite errors', () => {
    const syntax = sqliteError((db) => db.exec('create tabel entries (x)'));
    expect(syntax).toMatchObject({ code: 'SQLITE_ERROR' });
    expect(isSchemaRace(syntax)).toBe(false);
    expect(
      isSchemaRace(Object.assign(new Error('UNIQUE constraint failed'), { code: 'SQLITE_CONSTRAINT' })),
    ).toBe(false);
    expect(isSchemaRace(new Error('table "entries" already exists'))).toBe(false);
  });
});
