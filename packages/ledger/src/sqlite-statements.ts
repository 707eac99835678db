// Pieces the SQLite paths share: a bounded cache of prepared statements, the INSERT the bulk inserters run, and
// how a worker thread of this package is started (its module, its Node flags).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type Database from 'better-sqlite3';
import { CairnError } from '@cairn/core';

/** Prepared statements kept per connection; the ledger's own queries are a few dozen distinct texts. */
const CACHED_STATEMENTS = 256;

/**
 * A `prepare` that keeps statements by SQL text. Compiling a statement costs more than running the small ones a
 * ledger mostly runs (the size, an id look-up, BEGIN, COMMIT), and Kysely's SQLite driver prepares every query
 * anew. Reuse is safe on a connection that runs one statement at a time, which each of ours does.
 *
 * @example const prepare = statementCache(database); prepare('select 1').get();
 */
export function statementCache(database: Database.Database): (text: string) => Database.Statement {
  const cache = new Map<string, Database.Statement>();
  return (text) => {
    let statement = cache.get(text);
    if (statement === undefined) {
      statement = database.prepare(text);
      // Oldest first out: a long-running server that builds many distinct queries keeps memory bounded.
      if (cache.size >= CACHED_STATEMENTS) cache.delete(cache.keys().next().value!);
      cache.set(text, statement);
    }
    return statement;
  };
}

/**
 * The one-row INSERT the bulk inserters run for each row.
 *
 * @example insertSql('tree_nodes', ['level', 'idx', 'hash']) === 'insert into tree_nodes (level, idx, hash) values (?, ?, ?)'
 */
export function insertSql(table: string, columns: readonly string[]): string {
  return `insert into ${table} (${columns.join(', ')}) values (${columns.map(() => '?').join(', ')})`;
}

/**
 * The URL of a worker module of this package, `name.js` beside the running module. From the TypeScript sources
 * (vitest's `@cairn/source` condition) Node cannot run a .ts worker, so the built copy in dist runs instead; `pnpm
 * test` builds first. A missing file is a config error that says what to do.
 *
 * @example new Worker(workerModuleUrl('verify-worker', 'or verify with threads: 0'), { workerData })
 */
export function workerModuleUrl(name: string, otherwise: string): URL {
  const fromSources = import.meta.url.endsWith('.ts');
  const url = new URL(fromSources ? `../dist/${name}.js` : `./${name}.js`, import.meta.url);
  if (!existsSync(url)) {
    throw new CairnError(
      'config',
      `the worker script ${fileURLToPath(url)} is missing (run pnpm build first, ${otherwise})`,
    );
  }
  return url;
}

/**
 * The host's Node flags minus any `--conditions`: a worker runs built JavaScript, and a source condition the host
 * runs under (vitest's `@cairn/source`) would make it import TypeScript that Node cannot load.
 *
 * @example new Worker(url, { execArgv: workerExecArgv() })
 */
export function workerExecArgv(): string[] {
  const argv: string[] = [];
  for (let i = 0; i < process.execArgv.length; i++) {
    const arg = process.execArgv[i]!;
    if (arg === '--conditions' || arg === '-C') i++;
    else if (!arg.startsWith('--conditions=') && !arg.startsWith('-C=')) argv.push(arg);
  }
  return argv;
}
