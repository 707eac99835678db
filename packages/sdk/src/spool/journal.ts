import {
  closeSync,
  fstatSync,
  fsyncSync,
  ftruncateSync,
  mkdirSync,
  openSync,
  readdirSync,
  readSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import { CairnError } from '@cairn/core';
import type { ProblemReporter } from '../recorder/problems.js';
import { readCursor, writeCursor } from './cursor.js';
import type { Position } from './cursor.js';
import { lockDirectory } from './dir-lock.js';
import { GroupSync } from './group-sync.js';
import { decodeAt, decodeRecords, nextValidRecord } from './record-format.js';

/** A record read back from the journal, with the position just after it. */
export type JournalRecord = { readonly json: string; readonly end: Position };

const SEGMENT = /^seg-(\d{12})\.log$/;
const segmentName = (n: number) => `seg-${String(n).padStart(12, '0')}.log`;

/**
 * The spool's append-only journal: numbered segment files of framed records, a cursor naming the first record
 * not yet delivered, and a lock. Writes are synchronous so the journal's order is the order of the calls;
 * durability comes from a grouped fsync. Fully delivered segments are deleted.
 */
export class Journal {
  readonly dir: string;
  #segmentBytes: number;
  #report: ProblemReporter;
  #unlock: () => void;
  #sizes = new Map<number, number>();
  #current: number;
  #fd: number;
  #sync: GroupSync;
  #cursor: Position;
  #cursorWrite: Promise<void> = Promise.resolve();

  constructor(dir: string, options: { segmentBytes: number; report: ProblemReporter }) {
    this.dir = dir;
    this.#segmentBytes = options.segmentBytes;
    this.#report = options.report;
    mkdirSync(dir, { recursive: true });
    this.#unlock = lockDirectory(dir);
    for (const name of readdirSync(dir)) {
      const match = SEGMENT.exec(name);
      if (match) this.#sizes.set(Number(match[1]), fstatSize(join(dir, name)));
    }
    const numbers = [...this.#sizes.keys()].sort((a, b) => a - b);
    this.#cursor = readCursor(dir) ?? { segment: numbers[0] ?? 1, offset: 0 };
    this.#current = numbers.at(-1) ?? 1;
    this.#fd = openSync(join(dir, segmentName(this.#current)), 'a+', 0o600);
    if (!this.#sizes.has(this.#current)) this.#created();
    this.#dropTornTail();
    this.#sync = new GroupSync(this.#fd);
  }

  /** Bytes written but not yet delivered. */
  get pendingBytes(): number {
    let total = 0;
    for (const [n, size] of this.#sizes) if (n >= this.#cursor.segment) total += size;
    return total - this.#cursor.offset;
  }

  /** Appends whole records in one write; on failure the segment is cut back so no torn record stays behind. */
  append(records: Buffer): void {
    if (this.#sizes.get(this.#current)! >= this.#segmentBytes) this.#rotate();
    const before = this.#sizes.get(this.#current)!;
    try {
      for (let done = 0; done < records.length;)
        done += writeSync(this.#fd, records, done, records.length - done);
    } catch (cause) {
      ftruncateSync(this.#fd, before);
      throw new CairnError('storage', `spool ${this.dir}: write failed`, { cause });
    }
    this.#sizes.set(this.#current, before + records.length);
  }

  /** Resolves once everything appended before the call is on disk. */
  sync(): Promise<void> {
    return this.#sync.request();
  }

  /** Reads up to `maxRecords` undelivered records from the cursor on, in journal order. */
  read(maxRecords: number, maxBytes: number): JournalRecord[] {
    for (let want = maxBytes; ;) {
      const at = this.#firstUndelivered();
      const size = this.#sizes.get(at.segment) ?? 0;
      if (at.offset >= size) return [];
      const buf = this.#readBytes(at, Math.min(size - at.offset, want));
      const { records, stop } = decodeRecords(buf, at, maxRecords);
      if (records.length > 0) return records;
      if (stop.kind === 'incomplete' && at.offset + stop.needed <= size) {
        want = stop.needed; // one record longer than `maxBytes`: read it whole
        continue;
      }
      // Damage right at the cursor: step over it (reported) and read on.
      const resume = nextValidRecord(buf, 0) ?? buf.length;
      this.#report({
        code: 'spool_corrupt',
        message: `spool ${this.dir}: skipped ${resume} damaged bytes in segment ${at.segment} at offset ${at.offset}`,
      });
      void this.commit({ segment: at.segment, offset: at.offset + resume });
      want = maxBytes;
    }
  }

  /** Marks everything before `to` delivered: persists the cursor and deletes segments wholly before it. */
  commit(to: Position): Promise<void> {
    this.#cursor = to;
    for (const n of [...this.#sizes.keys()]) {
      if (n < to.segment) {
        this.#sizes.delete(n);
        unlinkSync(join(this.dir, segmentName(n)));
      }
    }
    // Cursor writes are chained, so the file on disk never goes backwards. A cursor lost in a crash only means
    // redelivery, which the ledger absorbs by entry id, so it is renamed into place but not fsynced.
    this.#cursorWrite = this.#cursorWrite.then(() => writeCursor(this.dir, to)).catch(() => undefined);
    return this.#cursorWrite;
  }

  async close(): Promise<void> {
    await this.#cursorWrite;
    await this.#sync.close();
    this.#unlock();
  }

  #rotate(): void {
    fsyncSync(this.#fd);
    this.#current += 1;
    this.#fd = openSync(join(this.dir, segmentName(this.#current)), 'a+', 0o600);
    this.#created();
    this.#sync.switchTo(this.#fd);
  }

  // POSIX: a new file's name is durable only once its directory is fsynced.
  #created(): void {
    this.#sizes.set(this.#current, 0);
    const dirFd = openSync(this.dir, 'r');
    try {
      fsyncSync(dirFd);
    } finally {
      closeSync(dirFd);
    }
  }

  // The cursor may sit at the very end of a finished segment; the next record is then at the start of the next one.
  #firstUndelivered(): Position {
    let at = this.#cursor;
    while (at.segment < this.#current && at.offset >= (this.#sizes.get(at.segment) ?? 0)) {
      const later = [...this.#sizes.keys()].filter((k) => k > at.segment);
      at = { segment: Math.min(this.#current, ...later), offset: 0 };
    }
    return at;
  }

  #readBytes(at: Position, length: number): Buffer {
    const buf = Buffer.allocUnsafe(length);
    const fd =
      at.segment === this.#current ? this.#fd : openSync(join(this.dir, segmentName(at.segment)), 'r');
    try {
      let done = 0;
      while (done < length) {
        const n = readSync(fd, buf, done, length - done, at.offset + done);
        if (n === 0) break;
        done += n;
      }
      return buf.subarray(0, done);
    } finally {
      if (fd !== this.#fd) closeSync(fd);
    }
  }

  // A write cut short by SIGKILL or a power cut leaves an incomplete or unverifiable record at the very end of the
  // last segment. It was never acknowledged (durability is acknowledged only after the whole write and an fsync),
  // so it is dropped; damage followed by valid records is not a torn tail and is left for `read` to report.
  #dropTornTail(): void {
    const size = fstatSync(this.#fd).size;
    const from = this.#cursor.segment === this.#current ? this.#cursor.offset : 0;
    if (size <= from) return;
    const buf = this.#readBytes({ segment: this.#current, offset: from }, size - from);
    let offset = 0;
    for (let d = decodeAt(buf, 0); d.kind === 'record'; d = decodeAt(buf, offset)) offset = d.next;
    if (offset === buf.length || nextValidRecord(buf, offset) !== undefined) return;
    ftruncateSync(this.#fd, from + offset);
    fsyncSync(this.#fd);
    this.#sizes.set(this.#current, from + offset);
    this.#report({
      code: 'spool_torn_tail',
      message: `spool ${this.dir}: dropped a torn last write of ${buf.length - offset} bytes`,
    });
  }
}

function fstatSize(path: string): number {
  const fd = openSync(path, 'r');
  try {
    return fstatSync(fd).size;
  } finally {
    closeSync(fd);
  }
}
