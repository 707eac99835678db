import Database from 'better-sqlite3';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { insertSql, statementCache, workerExecArgv } from './sqlite-statements.js';

describe('statementCache', () => {
  it('hands back the statement it prepared for the same SQL text, and a new one for another text', () => {
    const database = new Database(':memory:');
    const prepare = statementCache(database);
    expect(prepare('select 1')).toBe(prepare('select 1'));
    expect(prepare('select 2')).not.toBe(prepare('select 1'));
    database.close();
  });

  it('keeps at most 256 statements, letting the oldest go first', () => {
    const database = new Database(':memory:');
    const prepare = statementCache(database);
    const first = prepare('select 0');
    for (let n = 1; n <= 256; n++) prepare(`select ${n}`);
    expect(prepare('select 256')).toBe(prepare('select 256'));
    expect(prepare('select 0')).not.toBe(first);
    database.close();
  });
});

describe('insertSql', () => {
  it('writes one placeholder per column, in column order', () => {
    expect(insertSql('tree_nodes', ['level', 'idx', 'hash'])).toBe(
      'insert into tree_nodes (level, idx, hash) values (?, ?, ?)',
    );
  });
});

describe('workerExecArgv', () => {
  afterEach(() => vi.restoreAllMocks());

  it('drops every --conditions flag, in each spelling, and keeps the other flags', () => {
    vi.spyOn(process, 'execArgv', 'get').mockReturnValue([
      '--conditions',
      '@cairn/source',
      '--max-old-space-size=512',
      '--conditions=development',
      '-C',
      'x',
      '-C=y',
      '--enable-source-maps',
    ]);
    expect(workerExecArgv()).toEqual(['--max-old-space-size=512', '--enable-source-maps']);
  });
});
