// The write side of two-thread-bound.mjs: the ledger's rows for each chunk the main thread sends, through prepared
// better-sqlite3 statements, one BEGIN IMMEDIATE … COMMIT per batch. Nothing else of append runs here.
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { createCompactRange } from '@cairn/core';
import { COLUMN_NAMES } from '../dist/columns.js';
import { insertSql } from '../dist/sqlite-statements.js';

const { path, rows } = workerData;
const db = new Database(path);
db.pragma('journal_mode = WAL');
db.pragma('synchronous = full');
const insertEntry = db.prepare(insertSql('entries', ['idx', 'bytes', 'leaf_hash', ...COLUMN_NAMES]));
const insertRunId = db.prepare(insertSql('run_ids', ['idx', 'name', 'value']));
const insertNode = db.prepare(insertSql('tree_nodes', ['level', 'idx', 'hash']));
const begin = db.prepare('begin immediate');
const commit = db.prepare('commit');
const range = createCompactRange();
const width = COLUMN_NAMES.length;
let busyMs = 0;

// One chunk: `bytes` holds every entry's canonical bytes back to back (ends in `ends`), `hashes` their leaf hashes,
// `columns` COLUMN_NAMES' values entry after entry, `runIds` [count, name, value, …] entry after entry.
function insertChunk({ bytes, ends, hashes, columns, runIds }) {
  const all = Buffer.from(bytes);
  let start = 0;
  let r = 0;
  for (let i = 0; i < ends.length; i++) {
    const index = range.size;
    const leaf = Buffer.from(hashes.buffer, i * 32, 32);
    const nodes = range.append(leaf);
    insertEntry.run(index, all.subarray(start, ends[i]), leaf, ...columns.slice(i * width, (i + 1) * width));
    start = ends[i];
    const count = runIds[r++];
    if (rows === 'entries only') {
      r += 2 * count;
      continue;
    }
    for (let k = 0; k < count; k++) insertRunId.run(index, runIds[r++], runIds[r++]);
    for (const node of nodes)
      if (node.level > 0) insertNode.run(node.level, node.index, Buffer.from(node.hash));
  }
}

parentPort.on('message', (message) => {
  const t0 = performance.now();
  if (message === 'begin') begin.run();
  else if (message === 'commit') commit.run();
  else insertChunk(message);
  busyMs += performance.now() - t0;
  if (message === 'commit') parentPort.postMessage({ size: range.size, busyMs });
});
